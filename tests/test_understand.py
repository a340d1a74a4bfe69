"""Question understanding against the real index's vocabulary: entities, roles, filters, expansions."""
import pytest


@pytest.fixture(scope="module")
def plan(assistant):
    return assistant.plan


def test_organization_acronym_as_speaker_becomes_a_filter(plan):
    p = plan("What did IOM say about objective 13?")
    assert p.affiliations == ["International Organization for Migration"] and not p.missing
    assert "alternatives to detention" in p.search  # GCM objective 13 expanded to its title


def test_topic_is_not_a_speaker(plan):
    p = plan("What did the Committee say about Morocco?")
    assert not p.has_speaker_filter


def test_surname_and_possessive_speakers(plan):
    assert plan("What did Mr. Heenan say about Cambodia?").speakers == ["Mr. Heenan"]
    assert plan("Summarize the Deputy High Commissioner's opening statement").affiliations == [
        "Deputy High Commissioner for Human Rights"]


def test_record_references_become_filters(plan):
    assert plan("What happened at the 506th meeting?").meetings == [506]
    assert plan("What did the Chair say at the fortieth session?").sessions == [40]
    assert plan("Who chaired CMW/C/SR.590?").meetings == [590]


def test_unknown_record_or_speaker_is_flagged(plan):
    assert any("550th meeting" in m for m in plan("Who chaired the 550th meeting?").missing)
    assert any("Japan did not speak" in m for m in plan("What did Japan tell the Committee about remittances?").missing)


def test_record_fact_questions(plan):
    assert plan("Who chaired the 590th meeting?").fact == "chair"
    assert plan("Where was the 506th meeting held?").fact == "place"
    assert plan("What time did the 608th meeting rise?").fact == "rose"
    assert plan("According to the Chair, how many migrants had died?").fact == ""


def test_harvested_acronyms(assistant):
    g = assistant.retriever.vocab.glossary
    assert "Moroccan Human Rights Association" in g.expand("AMDH")
    assert "National Human Rights Council of Morocco" in g.expand("CNDH")


def test_a_month_and_year_with_no_record_is_an_event_not_a_record_filter(plan, assistant):
    # No record is dated June 2024, so "the June 2024 meeting of Chairs" is something a later record mentions.
    p = plan("What is the symbol of the report of the June 2024 meeting of treaty body Chairs?")
    assert not p.years and not p.missing
    assert assistant.ask("What is the symbol of the report of the June 2024 meeting of treaty body Chairs?").citations[0].label == "CMW/C/SR.608 ¶4"
    assert plan("What was said at the 2024 session?").years == [2024]   # a year alone still selects its records


def test_acronyms_expand_to_the_form_the_records_use(plan, assistant):
    # The records say "the Convention" far more often than the treaty's full title; BM25 and dense search get that.
    assert "the Convention" in plan("When did the ICRMW enter into force?").search
    assert plan("What did IOM say?").search.endswith("International Organization for Migration")
    answer = assistant.ask("When did the ICRMW enter into force?")
    assert "1 July 2003" in answer.text and answer.citations[0].paragraph == 2


def test_names_are_matched_through_an_index_of_their_words(assistant):
    vocab = assistant.retriever.vocab
    found = [name for name, _ in vocab.candidates("speaker", "what did mr. yuzhanin say?")]
    assert found == ["Mr. Yuzhanin"]
    countries = {c for c, _ in vocab.candidates("country", "did morocco or the united states speak?")}
    assert {"Morocco", "United States"} <= countries and "Mexico" not in countries


def test_an_organization_that_never_spoke_is_refused_not_answered_with_someone_else(plan, assistant):
    assert any("Save the Children did not speak" in m for m in plan("What did Save the Children say about minors?").missing)
    answer = assistant.ask("What did Human Rights Watch tell the Committee about detention of children?")
    assert answer.refused and "Human Rights Watch did not speak" in answer.text and answer.citations  # closest shown
    for asked in ("What did the Committee say about ratification?", "What did the Quaker United Nations Office say?",
                  "What did IOM say about objective 13?"):
        assert not plan(asked).missing, asked


def test_who_took_the_floor_for_a_government_is_asked_of_that_state(plan, assistant):
    # a State talked about by others did not speak: "the Government of Tunisia" is only the topic of a Tunis academic
    answer = assistant.ask("Who took the floor for the Government of Tunisia at the 2022 discussion?")
    assert answer.refused and "Tunisia did not speak" in answer.text, answer.text
    assert plan("Who represented the Government of Azerbaijan?").affiliations == ["Azerbaijan"]


def test_an_office_speaks_through_its_head_and_deputies(plan):
    # the Deputy High Commissioner spoke for OHCHR; "gave the opening address for" is a way of speaking for
    asked = plan("Who gave the welcome address for the High Commissioner's office at the nineteenth session?")
    assert "Deputy High Commissioner for Human Rights" in asked.affiliations, asked.affiliations
    assert "Deputy High Commissioner for Human Rights" in plan("What did OHCHR say in 2013?").affiliations


def test_where_a_body_is_from_is_no_unknown_state(plan):
    # "a British university": the records name the university, not its State; a State's own delegation still is one
    assert not plan("What did the academic from a British university say about the Compact's risks?").missing
    assert plan("What did the Brazilian delegation say about detention?").missing


def test_a_title_with_its_qualifier_before_the_verb_is_the_speaker(assistant):
    plan = assistant.plan("What did the Special Rapporteur on migrants say about firewalls?")
    assert plan.affiliations == ["Special Rapporteur on the human rights of migrants"]


def test_a_name_set_before_a_question_about_he_or_she_is_the_speaker(plan):
    assert plan("Ms. LeVoy — what did she say about labour inspection?").speakers == ["Ms. LeVoy"]
    assert plan("PICUM: what did they recommend?").affiliations == ["Platform for International Cooperation on Undocumented Migrants"]


def test_a_month_of_a_second_record_joins_the_years(plan):
    p = plan("What changed between the 2004 report and April 2025?")
    assert sorted(p.years) == [2004, 2025], p.years


def test_a_meeting_named_by_its_agenda_item_is_its_record(plan):
    assert plan("What did the panellists stress at the half-day discussion on the general comment?").files == [
        "001_b36a170aa6e6050d.txt"]
    assert plan("Which concerns came up during the NGO dialogue on Burkina Faso's report?").files == [
        "000_1882445d634160cd.txt"]
    # an event no agenda item describes, or one that several could be, names no record
    assert plan("What was agreed at the dialogue with the European Union?").files == []
    assert plan("What was said in the discussion?").files == []
    # its names and numbers must be the item's own ("CERD", "No. 6" are not in the 506th meeting's item)
    assert plan("What was said in the discussion on the joint general comments with CERD?").files == []
    assert plan("What did the Committee say in the discussion on general comment No. 6?").files == []


def test_a_hyphenated_name_is_its_spaced_form(plan):
    p = plan("What was said at the Half-Day General Discussion on the general comment?")
    assert not p.missing and p.files == ["001_b36a170aa6e6050d.txt"], (p.missing, p.files)


def test_questions_are_read_as_the_records_write_them():
    from assistant.search.understand import normalise
    assert normalise("What was adopted in Sept 2013 and on 4 Dec. 2024?") == "What was adopted in September 2013 and on 4 December 2024?"
    assert normalise("ok and when did it rise?") == "and when did it rise?"
    assert normalise("Thanks. Who chaired it?") == "Who chaired it?"
    assert normalise("Right to liberty: who raised it?") == "Right to liberty: who raised it?"   # no interjection
    assert normalise("Which speakers mentioned Mar del Plata?") == "Which speakers mentioned Mar del Plata?"
    # chat shorthand is written out, so a count's noun ("ppl") is a word a paragraph can hold
    assert normalise("how many ppl did the govt deport w/o a hearing?") == \
        "how many people did the government deport without a hearing?"
    assert normalise("What did the people say?") == "What did the people say?"


def test_a_capital_names_its_state_and_a_states_adjective_its_capital():
    from assistant.core.glossary import capitals_in
    assert set(capitals_in("Under the accord between Athens and Dhaka ...")) == {("Athens", "Greece"), ("Dhaka", "Bangladesh")}
    assert capitals_in("a seminar in the Senegalese capital") == [("Dakar", "Senegal")]
    assert capitals_in("Was it held in Geneva?") == []


def test_a_capital_is_no_unknown_name_and_a_city_in_a_name_is_searched_as_itself(assistant):
    plan = assistant.plan("What did the former head of the UN office in Phnom Penh say about Cambodia?")
    assert not plan.missing and "Cambodia" in plan.search
    plan = assistant.plan("What did the Amsterdam Centre for Migration and Refugee Law recommend?")
    assert "Netherlands" not in plan.search
    plan = assistant.plan("What does the Gulf-based website say about sponsorship?")
    assert not any("Gulf" in m for m in plan.missing)


def test_a_that_clause_after_a_speech_verb_is_reported_speech_not_a_speaker(assistant):
    plan = assistant.plan("Did Mr. Ben Khalifa say that Spain discussed migration with Tunisia?")
    assert plan.speakers == ["Mr. Ben Khalifa"] and not plan.missing


def test_someone_others_met_is_asked_of_the_paragraphs_telling_of_the_meeting(assistant):
    answer = assistant.ask("What did the High Commissioner Mr. Türk discuss with the Committee members?")
    assert not answer.refused and answer.citations[0].paragraph == 6
    assert assistant.ask("What did Mr. Türk say at the 608th meeting?").refused


def test_a_member_named_by_their_nationality_is_that_member(assistant):
    plan = assistant.plan("What did the committee member from Sri Lanka say at the 2013 opening?")
    assert plan.speakers == ["Mr. Kariyawasam"] and not plan.affiliations
    plan = assistant.plan("What did the Azerbaijani Committee member ask in 2013?")
    assert plan.speakers == ["Mr. Taghizade"]
    plan = assistant.plan("What did Azerbaijan's delegate say in 2022?")
    assert plan.affiliations == ["Azerbaijan"]   # a State's delegate is no Committee member


def test_a_body_with_a_long_name_that_never_spoke_is_refused(assistant):
    answer = assistant.ask("What did the Committee on the Rights of Persons with Disabilities say at the 506th meeting?")
    assert answer.refused and "did not speak" in answer.text


def test_a_members_term_is_asked_of_the_table_not_of_what_they_said(assistant):
    plan = assistant.plan("When did the term of the Sri Lankan member expire?")
    assert not plan.speakers and "Mr. Kariyawasam" in plan.search


def test_a_capital_is_its_state_only_where_it_stands_for_it(assistant):
    assert not assistant.plan("What did the UN office in Phnom Penh do about Cambodia's accession?").missing
    plan = assistant.plan("Which seminar was organized in Bamako in July 2013?")   # a place no record names
    assert any("Bamako" in m for m in plan.missing)


def test_a_body_named_by_what_it_is(assistant):
    from assistant.search.understand import normalise
    assert normalise("What did the UN migration agency's speaker want?") == "What did IOM's speaker want?"
    assert normalise("Did the UN refugee agency speak?") == "Did UNHCR speak?"
    plan = assistant.plan("What did the United Nations migration agency say about objective 13?")
    assert plan.affiliations == ["International Organization for Migration"]


def test_a_member_is_the_speaker_only_as_the_subject_of_a_speech_verb(assistant):
    plan = assistant.plan("When does the term of the committee member from Azerbaijan expire, according to the report?")
    assert not plan.speakers
    assert assistant.ask("What did Mr. Türk talk about?").refused   # he never spoke; others met him
