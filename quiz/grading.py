"""Deciding whether a visitor's answer is right.

Choice questions need exactly the keyed set of letters (no partial credit: the hall's modes
count questions, not fractions). Fill-in answers are compared leniently because they are typed
on a touch keyboard: full-width/half-width, case, spaces, surrounding punctuation and quote or
book-title marks are ignored. A variant that is a number (``1921``) or a number with a
tolerance (``3.14±0.01``) also accepts any typed number within it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from quiz.model import Question, QuestionType

_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_NUMERIC_VARIANT = re.compile(rf"^({_NUMBER})(?:±({_NUMBER}))?$")
_QUOTES = re.compile(r"[\"'“”‘’《》〈〉「」『』]")


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
        return Decimal(text)
    except InvalidOperation:
        return None


def fill_matches(variant: str, given: str) -> bool:
    """Whether the typed text ``given`` matches one accepted ``variant``."""
    compact_variant = "".join(unicodedata.normalize("NFKC", variant).split())
    numeric = _NUMERIC_VARIANT.match(compact_variant)
    if numeric:
        typed = _decimal("".join(unicodedata.normalize("NFKC", given).split()))
        if typed is not None:
            centre = Decimal(numeric.group(1))
            tolerance = Decimal(numeric.group(2) or "0")
            return abs(typed - centre) <= tolerance
    wanted = normalise_fill(variant)
    return bool(wanted) and wanted == normalise_fill(given)


def is_correct(question: Question, chosen: Sequence[str]) -> bool:
    """Grade one answer. ``chosen`` holds letters, ``"true"``/``"false"``, or the typed text."""
    if question.type is QuestionType.FILL:
        if len(chosen) != 1:
            return False
        return any(fill_matches(v, chosen[0]) for v in question.answer)
    if question.type is QuestionType.TRUEFALSE:
        return tuple(chosen) == question.answer
    return len(chosen) == len(set(chosen)) and set(chosen) == set(question.answer)
