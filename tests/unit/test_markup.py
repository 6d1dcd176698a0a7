"""Board blocks become Kivy markup that wraps Chinese text at any character."""

from __future__ import annotations

from kiosk.exhibits.model import ListBlock, Paragraph, Span
from kiosk.ui.markup import NBSP, blocks_to_markup


def test_markup_escapes_bolds_lists_and_keeps_spaces_unbreakable() -> None:
    blocks = (
        Paragraph((Span("1921 年 7 月，"), Span("[大事]", bold=True))),
        ListBlock(ordered=True, items=((Span("第一"),), (Span("第二"),))),
    )
    markup = blocks_to_markup(blocks)
    assert markup == f"1921{NBSP}年{NBSP}7{NBSP}月，[b]&bl;大事&br;[/b]\n\n1.{NBSP}第一\n2.{NBSP}第二"
    assert " " not in markup.replace("\n", "")


def test_closing_punctuation_after_bold_stays_with_the_bold_text() -> None:
    # Kivy may break a line where the style changes; "，" must not start the next line.
    blocks = (Paragraph((Span("南昌起义"), Span("打响第一枪", bold=True), Span("，标志着开始。"))),)
    assert blocks_to_markup(blocks) == "南昌起义[b]打响第一枪，[/b]标志着开始。"
