"""The Markdown subset of board bodies: paragraphs, **bold**, bullet and numbered lists.

markdown-it-py parses full CommonMark; we walk its tokens, keep what the subset allows and report
everything else with its line, so a staff member learns at check time, not on the touchscreen.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kiosk.exhibits.model import Block, ListBlock, Paragraph, Span

_PARSER = MarkdownIt("commonmark")
_NAMES = {
    "heading_open": "标题（#）",
    "blockquote_open": "引用（>）",
    "fence": "代码块",
    "code_block": "代码块（缩进四格）",
    "hr": "分隔线",
    "html_block": "HTML",
    "html_inline": "HTML",
    "link_open": "链接",
    "image": "图片（请在 images 中列出）",
    "code_inline": "行内代码",
    "em_open": "斜体（*...*）",
    "table_open": "表格",
}


_UNCLOSED_BOLD = "加粗没有生效（** 会原样显示）：请把句末标点移到 ** 外面，如 **大事变**。"


@dataclass(frozen=True)
class MarkdownProblem:
    line: int  # 1-based, within the body
    message: str


def parse_body(text: str) -> tuple[tuple[Block, ...], list[MarkdownProblem]]:
    """Parse a board body into blocks; problems name each construct outside the subset."""
    tokens = _PARSER.parse(text)
    blocks: list[Block] = []
    problems: list[MarkdownProblem] = []
    list_depth = 0
    current_items: list[tuple[Span, ...]] = []
    ordered = False
    for token in tokens:
        line = token.map[0] + 1 if token.map else 1
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
            if list_depth > 1:
                problems.append(MarkdownProblem(line, "列表不能嵌套，请只用一层列表"))
            else:
                ordered = token.type == "ordered_list_open"
                current_items = []
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
            if list_depth == 0:
                blocks.append(ListBlock(ordered, tuple(current_items)))
        elif token.type == "inline":
            spans = _spans(token, line, problems)
            if list_depth:
                current_items.append(spans)
            elif spans:
                blocks.append(Paragraph(spans))
        elif token.type in _NAMES:
            problems.append(MarkdownProblem(line, f"正文不支持{_NAMES[token.type]}，只能用段落、**加粗**和列表"))
    return tuple(blocks), problems


def _spans(token: Token, line: int, problems: list[MarkdownProblem]) -> tuple[Span, ...]:
    spans: list[Span] = []
    bold = False
    for child in token.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "text":
            if "**" in child.content:
                # CommonMark will not close ** right after CJK punctuation followed by text.
                problems.append(MarkdownProblem(line, _UNCLOSED_BOLD))
            if child.content:
                spans.append(Span(child.content, bold))
        elif child.type in ("softbreak", "hardbreak"):
            # Chinese text wraps without spaces; a line break inside a paragraph joins directly.
            continue
        elif child.type in _NAMES:
            problems.append(MarkdownProblem(line, f"正文不支持{_NAMES[child.type]}，只能用段落、**加粗**和列表"))
    return tuple(_merge(spans))


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if merged and merged[-1].bold == span.bold:
            merged[-1] = Span(merged[-1].text + span.text, span.bold)
        else:
            merged.append(span)
    return merged
