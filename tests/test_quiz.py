"""Quiz builder: items proved by their cited paragraph, deterministic seeds, exporters, strict GIFT parsing, CLI."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from assistant.desk import gift
from assistant.desk.quiz import (BLANK, TF_QUESTION, build_quiz, ordinal_words, to_csv, to_gift, to_json, to_markdown,
                            verify_item)

KEYS = {"question", "type", "choices", "answer", "explanation", "citations"}


@pytest.fixture(scope="module")
def quiz7(assistant):
    return build_quiz(assistant, n=10, seed=7)


@pytest.fixture(scope="module")
def big(assistant):
    return build_quiz(assistant, n=40, seed=3)


def _paragraph(assistant, item: dict) -> dict:
    c = item["citations"][0]
    p = assistant.paragraph(c["file"], c["paragraph"])
    assert p is not None and p["label"] == c["label"]
    return p


def _check(assistant, item: dict) -> None:
    """The answer is proved by the cited paragraph, and does not leak into the question."""
    assert set(item) == KEYS
    p = _paragraph(assistant, item)
    ok, why = verify_item(item, p)
    assert ok, (why, item)
    if item["type"] == "true_false":
        m = TF_QUESTION.match(item["question"])
        quote_true = m.group("quote") in p["text"]
        who_true = m.group("who") == p["speaker"] + (f" ({p['affiliation']})" if p["affiliation"] else "")
        assert (item["answer"] == "True") == (quote_true and who_true)
        assert item["choices"] == ["True", "False"]
    else:
        ans = item["answer"]
        assert ans in p["text"] or ans == p["speaker"] or ans in p["affiliation"]
        assert ans.casefold() not in item["question"].casefold()
    if item["type"] == "multiple_choice":
        assert item["choices"].count(item["answer"]) == 1 and len(set(item["choices"])) == 4


# -- the must-show quiz -------------------------------------------------------------------------------
def test_ten_distinct_items_each_proved_by_its_paragraph(quiz7, assistant):
    items = [i.to_dict() for i in quiz7]
    assert len(items) == 10
    assert len({i["question"] for i in items}) == 10
    assert len({(i["citations"][0]["file"], i["citations"][0]["paragraph"]) for i in items}) == 10
    for item in items:
        _check(assistant, item)


def test_the_quiz_mixes_item_kinds(quiz7, big):
    assert len({i.type for i in quiz7}) >= 2
    assert {i.kind for i in big} >= {"who_said", "which_organization", "number", "objective", "session",
                                     "true_false", "cloze"}
    assert {i.type for i in big} == {"multiple_choice", "true_false", "cloze"}


def test_same_seed_same_quiz_other_seed_other_quiz(quiz7, assistant):
    again = build_quiz(assistant, n=10, seed=7)
    assert to_json(again) == to_json(quiz7)
    other = build_quiz(assistant, n=10, seed=8)
    assert to_json(other) != to_json(quiz7)


def test_every_item_of_a_larger_quiz_is_proved(big, assistant):
    assert len(big) == 40
    assert len({i.question for i in big}) == 40
    for item in big:
        _check(assistant, item.to_dict())


def test_true_false_items_are_checked_against_the_paragraph(big, assistant):
    tf = [i for i in big if i.type == "true_false"]
    assert tf
    for i in tf:
        p = _paragraph(assistant, i.to_dict())
        if i.answer == "True":
            assert i.proof["claim"] == "verbatim" and i.proof["sentence"] in p["text"]
        else:
            assert i.proof["claim"] in ("speaker", "number")
            assert i.proof["sentence"] in p["text"]  # derived from a real sentence ...
            if i.proof["claim"] == "number":
                assert i.proof["claimed"] not in p["text"]  # ... with one number swapped
            else:
                assert not i.question.startswith(f"Is this statement correct? {p['speaker']} ")


def test_distractors_are_never_also_correct(big, assistant):
    for i in big:
        if i.type != "multiple_choice":
            continue
        p = _paragraph(assistant, i.to_dict())
        for c in i.choices:
            if c == i.answer:
                continue
            if i.kind == "who_said":
                assert c != p["speaker"]
            elif i.kind == "which_organization":
                assert c not in p["affiliation"]
            else:
                assert i.proof["blanked"].replace(BLANK, c) not in p["text"]


def test_topic_and_record_scopes(assistant):
    items = build_quiz(assistant, topic="alternatives to detention", n=8, seed=1)
    assert items
    for i in items:
        p = _paragraph(assistant, i.to_dict())
        assert "detention" in p["text"].lower() or "detained" in p["text"].lower()
        _check(assistant, i.to_dict())
    rec = build_quiz(assistant, record="CMW/C/SR.608", n=5, seed=2)
    assert rec and all(i.citations[0]["file"] == "004_5957fef5fc8dc000.txt" for i in rec)


# -- exporters ----------------------------------------------------------------------------------------
def test_json_csv_markdown_exports(quiz7):
    data = json.loads(to_json(quiz7))
    assert len(data) == 10 and all(set(d) == KEYS for d in data)
    assert all(set(c) == {"file", "paragraph", "label"} for d in data for c in d["citations"])
    rows = list(csv.DictReader(io.StringIO(to_csv(quiz7))))
    assert len(rows) == 10 and rows[0]["question"] == quiz7[0].question and rows[0]["citations"]
    md = to_markdown(quiz7)
    assert md.count("**1.**") == 1 and "## Answer key" in md and quiz7[0].citations[0]["label"] in md


def test_gift_export_parses_strictly(big):
    text = to_gift(big)
    questions = gift.parse(text)
    assert len(questions) == len(big)
    kinds = {"multiple_choice": "multichoice", "true_false": "truefalse", "cloze": "shortanswer"}
    for q, item in zip(questions, big):
        assert q.kind == kinds[item.type]
        assert q.correct == [item.answer]
        if item.type == "multiple_choice":
            assert sorted(a.text for a in q.answers) == sorted(item.choices)
            assert q.text == item.question
        elif item.type == "cloze":
            assert q.text == item.question
        assert item.citations[0]["label"] in (q.answers[0].feedback + q.general_feedback + " ".join(a.feedback for a in q.answers))


# -- the GIFT parser -------------------------------------------------------------------------------------
TRICKY = r"a~b=c#d{e}f:g\h ¶48 “quoted”"


def test_gift_escaping_round_trips():
    assert gift.unescape(gift.escape(TRICKY)) == TRICKY
    text = "\n\n".join([
        gift.multiple_choice("T1: " + TRICKY, "Q " + TRICKY + "?", "=right{}", ["~wrong#1", "other:2"], "fb " + TRICKY),
        gift.true_false("T2", "S " + TRICKY, False, "because " + TRICKY),
        gift.short_answer("T3", "Fill " + TRICKY + " ", ["x=y"], " after:" + TRICKY, "fb"),
    ])
    q1, q2, q3 = gift.parse(text)
    assert q1.kind == "multichoice" and q1.title == "T1: " + TRICKY and q1.text == "Q " + TRICKY + "?"
    assert q1.correct == ["=right{}"] and [a.text for a in q1.answers[1:]] == ["~wrong#1", "other:2"]
    assert q1.answers[0].feedback == "fb " + TRICKY
    assert q2.kind == "truefalse" and q2.correct == ["False"] and q2.answers[0].feedback == "because " + TRICKY
    assert q3.kind == "shortanswer" and q3.correct == ["x=y"] and q3.text == "Fill " + TRICKY + " _____ after:" + TRICKY


@pytest.mark.parametrize("bad", [
    "::T::Unescaped colon: here {=a ~b}",
    "::T::Two blocks {=a ~b} and {=c}",
    "::T::No block at all",
    "::T::Unclosed {=a ~b",
    "::T::Two correct {=a =b ~c}",
    "::T::No correct {~a ~b}",
    "::T::Empty answer {= ~b}",
    "::T::Bad escape \\q {=a ~b}",
    "::T::Equals = outside {=a ~b}",
    "::T::Duplicate {=a ~a}",
    "::T::Matching {=a -> b =c -> d}",
    "::T Unterminated title {=a ~b}",
])
def test_gift_parser_is_strict(bad):
    with pytest.raises(gift.GiftError):
        gift.parse(bad)


def test_gift_parser_accepts_moodle_forms():
    qs = gift.parse("// comment\n$CATEGORY: x\n\n::A::Q1 {T}\n\nQ2 {=yes =oui}\n\n::C::Q3 {~%50%a ~%50%b ~c}\n\nEssay {}\n")
    assert [q.kind for q in qs] == ["truefalse", "shortanswer", "multichoice", "essay"]
    assert qs[0].correct == ["True"] and qs[1].correct == ["yes", "oui"] and qs[0].category == "x"


def test_ordinal_words():
    assert ordinal_words(40) == "fortieth" and ordinal_words(39) == "thirty-ninth" and ordinal_words(19) == "nineteenth"
    assert ordinal_words(21) == "twenty-first" and ordinal_words(2) == "second"


# -- CLI ------------------------------------------------------------------------------------------------
def _cli(capsys, built_index, *argv) -> tuple[int, str]:
    from assistant.interfaces.cli.main import main
    code = main(["--index-dir", str(built_index), *argv])
    return code, capsys.readouterr().out


def test_cli_quiz_json_seed_7(capsys, built_index, assistant):
    code, out = _cli(capsys, built_index, "quiz", "--n", "10", "--seed", "7", "--format", "json")
    assert code == 0
    items = json.loads(out)
    assert len(items) == 10 and len({i["question"] for i in items}) == 10
    for item in items:
        _check(assistant, item)
    code, again = _cli(capsys, built_index, "quiz", "--n", "10", "--seed", "7", "--format", "json")
    assert again == out


def test_cli_quiz_gift_csv_md_files(capsys, built_index, tmp_path):
    target = tmp_path / "quiz.gift"
    code, _ = _cli(capsys, built_index, "quiz", "--topic", "alternatives to detention", "--n", "6", "--seed", "2",
                   "--format", "gift", "--out", str(target))
    assert code == 0
    assert 1 <= len(gift.parse(target.read_text(encoding="utf-8"))) <= 6
    code, out = _cli(capsys, built_index, "quiz", "--record", "CMW/C/SR.506", "--n", "4", "--format", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 4
    code, out = _cli(capsys, built_index, "quiz", "--n", "3", "--seed", "5", "--format", "md")
    assert code == 0 and "## Answer key" in out


def test_ui_helpers_build_files(assistant):
    pytest.importorskip("gradio")
    from assistant.interfaces.web.desk_tabs import brief_files, clamp_items, quiz_files, who_output
    html, refs = who_output(assistant, "IOM")
    assert "CMW/C/SR.506 ¶49" in html and 'class="cite-chip cite-who-' in html
    assert {(r["file"], r["paragraph"]) for r in refs} >= {("001_b36a170aa6e6050d.txt", 49)}
    html, refs, docx_path, md_path = brief_files(assistant, "alternatives to detention")
    assert "CMW/C/SR.506 ¶48" in html and docx_path.endswith(".docx") and md_path.endswith(".md")
    preview, refs, n, g, j, c, m = quiz_files(assistant, "", "All records", 5, 7)
    assert n == 5 and "Answer key" in preview and len(json.loads(open(j, encoding="utf-8").read())) == 5
    assert len(gift.parse(open(g, encoding="utf-8").read())) == 5 and refs
    assert clamp_items(0) == (1, "The number of items must be between 1 and 50; made 1.")
    assert clamp_items(100)[0] == 50 and clamp_items(7) == (7, "") and clamp_items("x")[0] == 10


def test_quiz_quotes_never_open_with_a_pronoun(big):
    """A quoted sentence that leans on the one before ("It was broader…") would misattribute; none is used."""
    from assistant.desk.quotes import depends_on_previous
    for item in big:
        quote = re.search(r"“(.+)”", item.question)
        if quote:
            assert not depends_on_previous(quote.group(1)), item.question
