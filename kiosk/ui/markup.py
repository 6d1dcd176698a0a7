"""Board blocks to Kivy label markup: paragraphs, [b]bold[/b], bullet and numbered lists."""

from __future__ import annotations

from collections.abc import Iterable

from kivy.utils import escape_markup

from kiosk.exhibits.model import Block, ListBlock, Paragraph, Span


NBSP = "\u00a0"
ACCENT_MARK = "#000000"
"""The markup colour of spans a board draws in its accent colour (the list bullets): the body is a
two-colour mask, rendered white with these spans black (kiosk/ui/mask_text.py)."""


def cjk_wrappable(text: str) -> str:
    """Text that Kivy wraps the Chinese way: anywhere between characters, not only at spaces.

    Kivy breaks lines at ASCII spaces and splits a "word" by characters only when it is longer
    than the line. Chinese has no spaces, but content puts them around numbers ("1921 年 7 月"), so
    lines broke at those spaces, leaving half-empty lines. With no-break spaces the paragraph is one
    long "word" and wraps at any character, as Chinese typesetting expects.
    """
    return text.replace(" ", NBSP)


CLOSING_PUNCTUATION = "，。、；：！？）》」』”’…—"


def _keep_punctuation_with_previous(spans: Iterable[Span]) -> list[Span]:
    """Move a span's leading closing punctuation onto the span before it.

    Kivy may break a line where the style changes (end of a bold run); Chinese typesetting never
    starts a line with "，" or "。", so the punctuation travels with the text it closes.
    """
    result: list[Span] = []
    for span in spans:
        text = span.text
        if result:
            lead = len(text) - len(text.lstrip(CLOSING_PUNCTUATION))
            if lead:
                result[-1] = Span(result[-1].text + text[:lead], result[-1].bold)
                text = text[lead:]
        if text:
            result.append(Span(text, span.bold))
    return result


def _spans(spans: Iterable[Span]) -> str:
    spans = _keep_punctuation_with_previous(spans)
    return "".join(
        f"[b]{escape_markup(cjk_wrappable(s.text))}[/b]" if s.bold else escape_markup(cjk_wrappable(s.text))
        for s in spans
    )


def blocks_to_markup(blocks: Iterable[Block]) -> str:
    """One markup string; blocks are separated by an empty line for air between paragraphs."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(_spans(block.spans))
        elif isinstance(block, ListBlock):
            items = [
                f"{i}.{NBSP}{_spans(item)}" if block.ordered else f"[color={ACCENT_MARK}]•[/color]{NBSP}{_spans(item)}"
                for i, item in enumerate(block.items, start=1)
            ]
            parts.append("\n".join(items))
    return "\n\n".join(parts)
