"""Deciding whether a visitor's answer is right, and how much of it.

Choice questions need exactly the keyed set of letters (a 单选 imported from GIFT may key several
letters, each fully right: Moodle's "any one of them"). Fill-in answers are compared leniently
because they are typed on a touch keyboard: full-width/half-width, case, spaces, surrounding
punctuation and quote or book-title marks are ignored. A variant that is a number (``1921``) or a
number with a tolerance (``3.14±0.01``) also accepts any typed number within it; a 数值 question
accepts only numbers. A matching question is graded per pair: ``Grade.right`` of ``Grade.parts``
pairs; it is *correct* only when every pair is right (the modes decide whether partial credit
counts, see ``quiz.session.scoring``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from quiz.model import ANY_OTHER, Question, QuestionType, split_pair

_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_NUMERIC_VARIANT = re.compile(rf"^({_NUMBER})(?:±({_NUMBER}))?$")
_QUOTES = re.compile(r"[\"'“”‘’《》〈〉「」『』]")


@dataclass(frozen=True, slots=True)
class Grade:
    """``right`` of ``parts`` graded parts (pairs of a matching question; 1 for the others)."""

    right: int
    parts: int

    @property
    def correct(self) -> bool:
        return self.parts > 0 and self.right == self.parts

    @property
    def credit(self) -> float:
        return self.right / self.parts if self.parts else 0.0


def normalise_fill(text: str) -> str:
    """The comparison form of a fill-in answer (see module docstring)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _QUOTES.sub("", "".join(folded.split()))
    start, end = 0, len(folded)
    while start < end and unicodedata.category(folded[start]).startswith("P"):
        start += 1
    while end > start and unicodedata.category(folded[end - 1]).startswith("P"):
        end -= 1
    return folded[start:end]


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def typed_number(text: str) -> Decimal | None:
    """The number a visitor typed (``"1921"``, ``"-0.5"``, ``"３.14"``), or None."""
    compact = "".join(unicodedata.normalize("NFKC", text).split())
    if compact.endswith("."):
        compact = compact[:-1]
    return _decimal(compact) if re.fullmatch(_NUMBER, compact) else None


def numeric_variant(variant: str) -> tuple[Decimal, Decimal] | None:
    """``"3±2"`` → (3, 2); ``"1921"`` → (1921, 0); None when the variant is not numeric."""
    match = _NUMERIC_VARIANT.match("".join(unicodedata.normalize("NFKC", variant).split()))
    if match is None:
        return None
    return Decimal(match.group(1)), Decimal(match.group(2) or "0")


def fill_matches(variant: str, given: str) -> bool:
    """Whether the typed text ``given`` matches one accepted ``variant``."""
    numeric = numeric_variant(variant)
    if numeric:
        typed = typed_number(given)
        if typed is not None:
            centre, tolerance = numeric
            return abs(typed - centre) <= tolerance
    wanted = normalise_fill(variant)
    return bool(wanted) and wanted == normalise_fill(given)


def number_matches(variant: str, given: str) -> bool:
    """A 数值 answer: ``given`` must be a number within the variant's tolerance."""
    numeric, typed = numeric_variant(variant), typed_number(given)
    return numeric is not None and typed is not None and abs(typed - numeric[0]) <= numeric[1]


def _matched_variant(question: Question, chosen: Sequence[str]) -> str | None:
    if len(chosen) != 1:
        return None
    matches = number_matches if question.type is QuestionType.NUMERICAL else fill_matches
    return next((v for v in question.answer if matches(v, chosen[0])), None)


def chosen_pairs(chosen: Sequence[str]) -> dict[str, str]:
    """A matching answer's pairs, ``{left letter: partner}`` (later pairs of a letter win)."""
    pairs: dict[str, str] = {}
    for text in chosen:
        pair = split_pair(text)
        if pair is not None:
            pairs[pair[0]] = pair[1]
    return pairs


def grade(question: Question, chosen: Sequence[str]) -> Grade:
    """Grade one answer. ``chosen`` holds letters, ``"true"``/``"false"``, the typed text, or
    the ``"A→partner"`` pairs of a matching question."""
    qtype = question.type
    if qtype is QuestionType.MATCHING:
        pairs = chosen_pairs(chosen)
        right = sum(1 for letter, partner in zip(question.letters, question.answer) if pairs.get(letter) == partner)
        return Grade(right, len(question.options))
    if qtype in (QuestionType.FILL, QuestionType.NUMERICAL):
        ok = _matched_variant(question, chosen) is not None
    elif qtype is QuestionType.TRUEFALSE:
        ok = tuple(chosen) == question.answer
    elif qtype is QuestionType.SINGLE:
        ok = len(chosen) == 1 and chosen[0] in question.answer
    else:
        ok = len(chosen) == len(set(chosen)) and set(chosen) == set(question.answer)
    return Grade(int(ok), 1)


def is_correct(question: Question, chosen: Sequence[str]) -> bool:
    """Whether the answer is fully right (every pair, for a matching question)."""
    return grade(question, chosen).correct


def answer_feedback(question: Question, chosen: Sequence[str]) -> str:
    """The per-answer feedback of what was chosen (GIFT ``#…``), "" when there is none."""
    if not question.feedback:
        return ""
    qtype = question.type
    if qtype in (QuestionType.FILL, QuestionType.NUMERICAL):
        variant = _matched_variant(question, chosen)
        text = question.feedback_for(variant) if variant is not None else ""
        return text or (question.feedback_for(ANY_OTHER) if variant is None and chosen else "")
    if qtype is QuestionType.MATCHING:
        return ""
    texts = dict.fromkeys(t for t in (question.feedback_for(k) for k in chosen) if t)
    return "；".join(texts)
