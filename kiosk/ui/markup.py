"""Board blocks to Kivy label markup: paragraphs, [b]bold[/b], bullet and numbered lists."""

from __future__ import annotations

from collections.abc import Iterable

from kivy.utils import escape_markup

from kiosk.exhibits.model import Block, ListBlock, Paragraph, Span


def _spans(spans: Iterable[Span]) -> str:
    return "".join(f"[b]{escape_markup(s.text)}[/b]" if s.bold else escape_markup(s.text) for s in spans)


def blocks_to_markup(blocks: Iterable[Block]) -> str:
    """One markup string; blocks are separated by an empty line for air between paragraphs."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(_spans(block.spans))
        elif isinstance(block, ListBlock):
            items = [
                f"{i}. {_spans(item)}" if block.ordered else f"[color=#c8102e]●[/color] {_spans(item)}"
                for i, item in enumerate(block.items, start=1)
            ]
            parts.append("\n".join(items))
    return "\n\n".join(parts)
