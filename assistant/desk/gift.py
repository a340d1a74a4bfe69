"""Moodle GIFT: escaping, writing questions, and a strict parser used to validate every export.

The parser accepts the subset of GIFT that Moodle imports and this project writes — multiple choice, true/false,
short answer (also as a missing word inside the text), essay — and rejects anything ambiguous: an unescaped special
character (~ = # { } :) in the text, an unknown escape, an unclosed answer block, a multiple-choice question
without exactly one correct answer, an empty answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

SPECIAL = "~=#{}:"
_ESCAPES = set(SPECIAL) | {"\\", "n"}


class GiftError(ValueError):
    pass


def escape(text: str) -> str:
    """Escape GIFT's special characters (and the backslash itself); newlines become spaces."""
    text = re.sub(r"\s*[\r\n]+\s*", " ", str(text))
    out = []
    for ch in text:
        if ch == "\\" or ch in SPECIAL:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            if i + 1 >= len(text) or text[i + 1] not in _ESCAPES:
                raise GiftError(f"unknown escape {text[i:i + 2]!r}")
            out.append("\n" if text[i + 1] == "n" else text[i + 1])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


# -- writing --------------------------------------------------------------------------------------
def multiple_choice(title: str, question: str, answer: str, distractors: list[str], feedback: str = "") -> str:
    lines = [f"::{escape(title)}::{escape(question)} {{"]
    lines.append(f"\t={escape(answer)}" + (f"#{escape(feedback)}" if feedback else ""))
    lines += [f"\t~{escape(d)}" for d in distractors]
    lines.append("}")
    return "\n".join(lines)


def true_false(title: str, statement: str, value: bool, feedback: str = "") -> str:
    fb = f"#{escape(feedback)}#{escape(feedback)}" if feedback else ""
    return f"::{escape(title)}::{escape(statement)} {{{'TRUE' if value else 'FALSE'}{fb}}}"


def short_answer(title: str, before: str, answers: list[str], after: str = "", feedback: str = "") -> str:
    """Short answer; with text after the blank it is Moodle's missing-word form ("... {=answer} ...")."""
    opts = " ".join(f"={escape(a)}" for a in answers)
    fb = f"####{escape(feedback)}" if feedback else ""
    return f"::{escape(title)}::{escape(before)}{{{opts}{fb}}}{escape(after)}"


# -- parsing --------------------------------------------------------------------------------------
@dataclass
class GiftAnswer:
    text: str
    correct: bool
    feedback: str = ""


@dataclass
class GiftQuestion:
    title: str
    text: str                  # the stem; for missing-word questions, before + "_____" + after
    kind: str                  # multichoice | truefalse | shortanswer | essay
    answers: list[GiftAnswer] = field(default_factory=list)
    general_feedback: str = ""
    category: str = ""

    @property
    def correct(self) -> list[str]:
        return [a.text for a in self.answers if a.correct]


def _unescaped(text: str, chars: str) -> list[int]:
    """Positions of unescaped characters from `chars`."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in chars:
            out.append(i)
        i += 1
    return out


def _split_unescaped(text: str, sep: str) -> list[str]:
    parts, buf, i = [], [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            buf.append(text[i:i + 2])
            i += 2
            continue
        if text.startswith(sep, i):
            parts.append("".join(buf))
            buf = []
            i += len(sep)
            continue
        buf.append(text[i])
        i += 1
    parts.append("".join(buf))
    return parts


def _plain(text: str, where: str, strip: bool = True) -> str:
    bad = _unescaped(text, SPECIAL)
    if bad:
        raise GiftError(f"unescaped {text[bad[0]]!r} in {where}: {text[:80]!r}")
    return unescape(text).strip() if strip else unescape(text)


def _answers(body: str) -> tuple[str, list[GiftAnswer], str]:
    general = ""
    parts = _split_unescaped(body, "####")
    if len(parts) > 2:
        raise GiftError("more than one general feedback (####) in an answer block")
    if len(parts) == 2:
        body, general = parts[0], _plain(parts[1], "general feedback")
    stripped = body.strip()
    if not stripped:
        return "essay", [], general
    tf = re.fullmatch(r"(TRUE|FALSE|T|F)((?:#.*)?)", stripped, re.S)
    if tf:
        fbs = _split_unescaped(tf.group(2), "#")[1:] if tf.group(2) else []
        if len(fbs) > 2:
            raise GiftError("a true/false answer takes at most two feedbacks")
        value = tf.group(1) in ("TRUE", "T")
        fb = [_plain(f, "feedback") for f in fbs]
        return "truefalse", [GiftAnswer("True", value, fb[-1] if fb else ""),
                             GiftAnswer("False", not value, fb[0] if fb else "")], general
    if stripped[0] not in "=~":
        raise GiftError(f"an answer must start with = or ~: {stripped[:40]!r}")
    marks = _unescaped(stripped, "=~")
    answers: list[GiftAnswer] = []
    for k, start in enumerate(marks):
        end = marks[k + 1] if k + 1 < len(marks) else len(stripped)
        chunk = stripped[start + 1:end]
        if "->" in chunk:
            raise GiftError("matching questions are not supported")
        weight = re.match(r"%(-?\d+(?:\.\d+)?)%", chunk)
        if weight:
            chunk = chunk[weight.end():]
        pieces = _split_unescaped(chunk, "#")
        if len(pieces) > 2:
            raise GiftError(f"more than one feedback for an answer: {chunk[:40]!r}")
        text = _plain(pieces[0], "an answer")
        if not text:
            raise GiftError("empty answer")
        correct = stripped[start] == "=" or bool(weight and float(weight.group(1)) > 0)
        answers.append(GiftAnswer(text, correct, _plain(pieces[1], "feedback") if len(pieces) == 2 else ""))
    has_tilde = any(stripped[m] == "~" for m in marks)
    if has_tilde:
        equals = sum(1 for m in marks if stripped[m] == "=")
        if equals > 1 or (equals == 0 and not any(a.correct for a in answers)):
            raise GiftError("a multiple-choice question needs exactly one correct (=) answer, or positive weights")
        if len(answers) < 2:
            raise GiftError("a multiple-choice question needs at least two answers")
        texts = [a.text.casefold() for a in answers]
        if len(set(texts)) != len(texts):
            raise GiftError("duplicate answers in a multiple-choice question")
        return "multichoice", answers, general
    return "shortanswer", answers, general


def parse_question(block: str, category: str = "") -> GiftQuestion:
    title = ""
    text = block.strip()
    fmt = re.match(r"\[(?:html|moodle|plain|markdown)\]", text)
    if text.startswith("::"):
        parts = _split_unescaped(text[2:], "::")
        if len(parts) < 2:
            raise GiftError(f"unterminated title: {text[:60]!r}")
        title = _plain(parts[0], "the title")
        text = "::".join(parts[1:]).lstrip()
        fmt = re.match(r"\[(?:html|moodle|plain|markdown)\]", text)
    if fmt:
        text = text[fmt.end():]
    opens, closes = _unescaped(text, "{"), _unescaped(text, "}")
    if len(opens) != 1 or len(closes) != 1 or closes[0] < opens[0]:
        raise GiftError(f"a question needs exactly one answer block {{...}}: {text[:80]!r}")
    before, body, after = text[:opens[0]], text[opens[0] + 1:closes[0]], text[closes[0] + 1:]
    kind, answers, general = _answers(body)
    stem = _plain(before, "the question text", strip=False)
    tail = _plain(after, "the question text", strip=False)
    if not stem.strip():
        raise GiftError("empty question text")
    text = (stem + "_____" + tail).strip() if tail.strip() else stem.strip()
    return GiftQuestion(title, text, kind, answers, general, category)


def parse(text: str) -> list[GiftQuestion]:
    """Parse a GIFT file strictly; raise GiftError on the first problem."""
    questions: list[GiftQuestion] = []
    category = ""
    block: list[str] = []

    def flush():
        if block:
            questions.append(parse_question("\n".join(block), category))
            block.clear()

    for line in text.splitlines():
        s = line.strip()
        if s.startswith("//") and not block:
            continue
        if s.startswith("$CATEGORY:") and not block:
            category = s[len("$CATEGORY:"):].strip()
            continue
        if not s:
            flush()
            continue
        if s.startswith("//"):
            raise GiftError("a comment line inside a question")
        block.append(line)
    flush()
    if not questions:
        raise GiftError("no questions")
    return questions
