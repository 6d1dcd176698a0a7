"""Chinese line breaking (禁则): where a line may end, measured by the caller's font.

Kivy wraps a line at ASCII spaces only, and splits a longer run anywhere it fits, so a "。" or
"，" could open a line and "（" could close one — on every screen with Chinese text. Here text
is cut into units that must stay together (a character with the closing punctuation after it,
opening punctuation with the character after it, a run of Latin letters or digits), and lines are
filled greedily with whole units. Measuring is injected, so this runs and is tested without a
window; the kiosk passes its font's text extents.
"""

from __future__ import annotations

import re
from collections.abc import Callable

CLOSING = "，。、；：！？）》」』〉】〕”’…—％,.;:!?)]}%"
"""Never at the start of a line: they close what comes before them."""
OPENING = "（《「『〈【〔“‘([{"
"""Never at the end of a line: they open what comes after them."""

_LATIN_RUN = re.compile(r"[A-Za-z0-9_@#&'\-\u00c0-\u024f]+")
_TRAILING_RUN = re.compile(r"[A-Za-z0-9_@#&'\-\u00c0-\u024f]+$")

Measure = Callable[[str], float]


def units(text: str) -> list[str]:
    """Cut ``text`` into the pieces a line may break between (spaces are pieces of their own)."""
    pieces: list[str] = []
    pending_open = ""
    index = 0
    while index < len(text):
        char = text[index]
        match = _LATIN_RUN.match(text, index)
        if match:
            piece = match.group()
            index = match.end()
        else:
            piece = char
            index += 1
        if piece in OPENING:
            pending_open += piece
            continue
        if pieces and not pending_open and piece in CLOSING and not pieces[-1].isspace():
            pieces[-1] += piece
            continue
        pieces.append(pending_open + piece)
        pending_open = ""
    if pending_open:
        pieces.append(pending_open)
    return pieces


def break_paragraph(text: str, width: float, measure: Measure) -> list[str]:
    """Lines of one paragraph (no newlines in it), each no wider than ``width`` where possible."""
    lines: list[str] = []
    line = ""
    line_width = 0.0
    for piece in units(text):
        piece_width = measure(piece)
        if line and line_width + piece_width > width:
            lines.append(line.rstrip(" \u00a0"))
            line, line_width = "", 0.0
            if piece.isspace():
                continue  # a space at a break disappears
        if not line and piece_width > width:
            # One piece wider than a line (a long URL): split it by characters, as a last resort.
            for char in piece:
                char_width = measure(char)
                if line and line_width + char_width > width:
                    lines.append(line)
                    line, line_width = "", 0.0
                line += char
                line_width += char_width
            continue
        line += piece
        line_width += piece_width
    lines.append(line.rstrip(" \u00a0"))
    return lines


def break_lines(text: str, width: float, measure: Measure) -> str:
    """``text`` with newlines inserted so no line starts with closing or ends with opening punctuation.

    Existing newlines are kept. Widths of pieces are summed (Chinese fonts do not kern), and each
    distinct piece is measured once.
    """
    if width <= 0:
        return text
    cache: dict[str, float] = {}

    def cached(piece: str) -> float:
        if piece not in cache:
            cache[piece] = measure(piece)
        return cache[piece]

    return "\n".join("\n".join(break_paragraph(p, width, cached)) for p in text.split("\n"))


ELLIPSIS = "……"


def clip_lines(lines: list[str], max_lines: int, width: float, measure: Measure) -> list[str]:
    """At most ``max_lines`` of ``lines``; when some are left out, the last kept one ends in "……".

    For text in a box of fixed height (a home-screen card): Kivy would cut the text off mid-line at
    the box's edge; a visitor should see that there is more. The ellipsis never follows a comma or
    an opening mark, and the line with it still fits ``width``.
    """
    if len(lines) <= max_lines:
        return list(lines)
    if max_lines <= 0:
        return []
    kept = list(lines[:max_lines])
    whole = last = kept[-1]
    while last and measure(last + ELLIPSIS) > width:
        last = last[:-1]
    if last != whole and _LATIN_RUN.match(whole, len(last)) and _LATIN_RUN.match(last[-1:]):
        last = _TRAILING_RUN.sub("", last)  # never "26……" for 260: drop the cut number or word whole
    kept[-1] = last.rstrip(" ，、；：,;:" + OPENING) + ELLIPSIS
    return kept
