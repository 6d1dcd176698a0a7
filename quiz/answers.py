"""Reading answers the way hall staff write them in spreadsheets and text files.

Choice answers: option letters in any of ``ABD``, ``A,B,D``, ``A，B，D``, ``A、B、D``, ``A;B;D``,
``A B D``, ``A/B/D``, full-width ``ＡＢＤ`` and lower case. 判断 answers: see ``TRUE_WORDS`` and
``FALSE_WORDS``. Fill-in answers: one blank per question; several accepted variants are
separated by ``|`` (or full-width ``｜``) or by ``;`` / ``；``. A variant therefore cannot itself
contain those characters.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from quiz.model import FALSE, LETTERS, TRUE

TRUE_WORDS = frozenset(
    {"正确", "对", "√", "✓", "✔", "t", "true", "是", "a", "y", "yes", "真", "对的", "正确的"}
)
FALSE_WORDS = frozenset(
    {"错误", "错", "×", "✗", "✘", "✕", "✖", "f", "false", "否", "b", "n", "no", "假", "错的", "错误的"}
)
TRUEFALSE_HELP = "正确/错误、对/错、√/×、✓/✗、T/F、true/false、是/否、A/B"

_LETTER_SEPARATORS = re.compile(r"[\s,，、;；/|｜.．。]+")
_FILL_SEPARATORS = re.compile(r"[|｜;；]")
FILL_SEPARATOR_CHARS = "|｜;；"


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def parse_letters(text: str) -> tuple[str, ...] | None:
    """Option letters in A–Z order without repeats, or None when the text is not letters."""
    compact = _LETTER_SEPARATORS.sub("", nfkc(text).upper())
    if not compact or any(ch not in LETTERS for ch in compact):
        return None
    return tuple(sorted(set(compact)))


def parse_truefalse(text: str) -> str | None:
    """``"true"`` / ``"false"`` for any accepted 判断 spelling, None otherwise."""
    key = nfkc(text).strip().strip("。.").strip().casefold()
    if key in TRUE_WORDS:
        return TRUE
    if key in FALSE_WORDS:
        return FALSE
    return None


def split_fill(text: str) -> tuple[str, ...]:
    """The accepted fill-in variants, trimmed, empty ones and repeats dropped."""
    seen: dict[str, None] = {}
    for part in _FILL_SEPARATORS.split(text):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return tuple(seen)


NUMERIC_HELP = "应写成 1921、3.14±0.01、3.14:0.01 或 1..5"
_PLUS_MINUS = re.compile(r"\s*(?:±|\+/-|\+-)\s*")


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def plain_number(value: Decimal) -> str:
    """A number as people write it: ``3``, ``0.5``, ``1921`` (no exponent, no trailing zeros)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def numeric_answer(spec: str, tolerance: str = "") -> str | None:
    """A 数值 answer in the stored form (``1921`` or ``3±2``), or None when it is not one.

    Accepts ``1921``, ``3.14±0.01`` (also ``+/-``), GIFT's ``3.14:0.01`` and ``1..5`` (a range);
    ``tolerance`` (the 误差 column) applies when the answer names none of its own."""
    text = nfkc(spec).strip()
    if ".." in text:
        low, _, high = text.partition("..")
        a, b = _number(low), _number(high)
        if a is None or b is None or b < a:
            return None
        if tolerance.strip():
            return None
        return f"{plain_number((a + b) / 2)}±{plain_number((b - a) / 2)}" if b > a else plain_number(a)
    value_text, sep, tol_text = _PLUS_MINUS.sub("±", text).replace(":", "±").partition("±")
    value = _number(value_text) if value_text.strip() else None
    if value is None:
        return None
    if not sep:
        tol_text = nfkc(tolerance).strip()
    elif tolerance.strip():
        return None  # two tolerances for one answer
    margin = _number(tol_text) if tol_text.strip() else Decimal(0)
    if margin is None or margin < 0:
        return None
    return f"{plain_number(value)}±{plain_number(margin)}" if margin > 0 else plain_number(value)
