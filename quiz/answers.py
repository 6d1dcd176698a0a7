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
