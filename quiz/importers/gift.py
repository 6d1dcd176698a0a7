"""Moodle GIFT question files.

Supported: ``//`` comment lines, ``$CATEGORY:`` lines, ``::title::``, ``[html]``/``[markdown]``
format tags, multiple choice ``{=right ~wrong}``, several right answers with weights
``{~%50%a ~%50%b ~%-100%c}`` (→ 多选; an answer is right when its weight is positive),
true/false ``{T}`` ``{TRUE}`` ``{F}`` ``{FALSE}``, short answer ``{=a =b}`` (→ 填空 with
variants), numerical ``{#1921}``, ``{#3.14:0.01}``, ``{#1..5}``, ``{#=1921 =%50%1920}`` (→ 填空
with numeric variants ``3.14±0.01``), missing-word questions (text after the braces; the blank
is shown as ``____``), per-answer feedback ``#`` and general feedback ``####`` (→ 解析), and the
escapes ``\\~ \\= \\# \\{ \\} \\: \\\\ \\n``.

Not supported, reported as problems: essay ``{}``, matching ``{=a -> b}``. Partial-credit
answers (weights between 0 and 100 in short answer / numerical) are dropped with a warning:
the kiosk gives no partial credit.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from quiz.importers.draft import Draft
from quiz.model import FALSE, LETTERS, TRUE, QuestionType
from quiz.problems import Problem

# Escaped characters are swapped for private-use placeholders while parsing, then restored.
_ESCAPES = {"\\\\": "\ue006", "\\~": "\ue000", "\\=": "\ue001", "\\#": "\ue002",
            "\\{": "\ue003", "\\}": "\ue004", "\\:": "\ue005"}
_RESTORE = {"\ue006": "\\", "\ue000": "~", "\ue001": "=", "\ue002": "#",
            "\ue003": "{", "\ue004": "}", "\ue005": ":"}
_ESCAPE_RE = re.compile(r"\\[\\~=#{}:]")
_TITLE = re.compile(r"^\s*::(.*?)::", re.S)
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.I)
_TRUEFALSE = re.compile(r"^\s*(T|F|TRUE|FALSE)\s*(#.*)?$", re.I | re.S)
_ITEM = re.compile(r"([=~])([^=~]*)")
_WEIGHT = re.compile(r"^\s*%(-?\d+(?:\.\d+)?)%")
_TAG = re.compile(r"<[^>]+>")
_BLANK = "____"


def _protect(text: str) -> str:
    text = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], text)
    return text.replace("\\n", "\n")


def _restore(text: str) -> str:
    for placeholder, char in _RESTORE.items():
        text = text.replace(placeholder, char)
    return text


def _clean(text: str, is_html: bool) -> str:
    text = _restore(text)
    if is_html:
        text = html.unescape(_TAG.sub("", text.replace("<br>", "\n").replace("<br/>", "\n")))
    return text.strip()


@dataclass(slots=True)
class _Item:
    right: bool
    weight: float | None
    text: str
    feedback: str


@dataclass(slots=True)
class GiftRead:
    drafts: list[Draft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _category(path: str) -> str:
    parts = [p.strip() for p in path.strip().split("/")]
    parts = [p for p in parts if p and not (p.startswith("$") and p.endswith("$"))]
    if parts and parts[0].casefold() in ("top", "默认", "default"):
        parts = parts[1:]
    return "/".join(parts)


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Questions are separated by blank lines; comment lines are dropped inside a block."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if current:
                blocks.append((start, current))
            current = []
            continue
        if line.lstrip().startswith("//"):
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, current))
    return blocks


def _find_block(body: str) -> tuple[int, int] | None:
    open_at = body.find("{")
    if open_at < 0:
        return None
    close_at = body.find("}", open_at)
    return (open_at, close_at) if close_at >= 0 else (open_at, -1)


def _items(content: str) -> tuple[list[_Item], str]:
    """Split ``=a#fb ~%50%b`` into items; also return any text before the first marker."""
    first = re.search(r"[=~]", content)
    lead = content[: first.start()] if first else content
    items: list[_Item] = []
    for marker, rest in _ITEM.findall(content):
        weight: float | None = None
        match = _WEIGHT.match(rest)
        if match:
            weight = float(match.group(1))
            rest = rest[match.end():]
        text, _, feedback = rest.partition("#")
        items.append(_Item(marker == "=", weight, text, feedback))
    return items, lead


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        return None


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _numeric_variant(spec: str) -> str | None:
    """``1921`` / ``3.14:0.01`` / ``1..5`` to a fill variant (``3.14±0.01``, ``3±2``)."""
    spec = _restore(spec).strip()
    if ".." in spec:
        low, _, high = spec.partition("..")
        a, b = _number(low), _number(high)
        if a is None or b is None or b < a:
            return None
        return f"{_plain((a + b) / 2)}±{_plain((b - a) / 2)}" if b > a else _plain(a)
    value_text, _, tolerance_text = spec.partition(":")
    value = _number(value_text)
    if value is None:
        return None
    tolerance = _number(tolerance_text) if tolerance_text.strip() else Decimal(0)
    if tolerance is None or tolerance < 0:
        return None
    return f"{_plain(value)}±{_plain(tolerance)}" if tolerance > 0 else _plain(value)


class _Parser:
    def __init__(self, file: str) -> None:
        self.file = file
        self.out = GiftRead()
        self.category = ""

    def problem(self, line: int, message: str) -> None:
        self.out.problems.append(Problem(self.file, message, line=line))

    def warn(self, line: int, message: str) -> None:
        self.out.warnings.append(Problem(self.file, message, line=line))

    def parse(self, text: str) -> GiftRead:
        for start, lines in _blocks(text):
            first = lines[0].strip()
            if first.startswith("$CATEGORY:"):
                self.category = _category(first[len("$CATEGORY:"):])
                lines = lines[1:]
                start += 1
                if not lines:
                    continue
            self.question(start, "\n".join(lines))
        return self.out

    def question(self, line: int, raw: str) -> None:
        body = _protect(raw)
        title = _TITLE.match(body)
        if title:
            body = body[title.end():]
        is_html = False
        fmt = _FORMAT.match(body)
        if fmt:
            is_html = fmt.group(1).lower() == "html"
            body = body[fmt.end():]
        found = _find_block(body)
        if found is None:
            self.problem(line, "没有找到答案部分 {…}（GIFT 题目的答案要写在花括号里）")
            return
        open_at, close_at = found
        if close_at < 0:
            self.problem(line, "答案部分缺少右花括号 }")
            return
        before, content, after = body[:open_at], body[open_at + 1:close_at], body[close_at + 1:]
        if "{" in after:
            self.problem(line, "一道题里有多个 {…}：不支持多空题")
            return
        stem = _clean(before, is_html)
        tail = _clean(after, is_html)
        if tail:
            stem = f"{stem}{_BLANK}{tail}"
        content, _, general = content.partition("####")
        draft = Draft(file=self.file, line=line, stem=stem, category=self.category,
                      explanation=_clean(general, is_html))
        if self.fill_draft(draft, line, content.strip(), is_html):
            self.out.drafts.append(draft)

    def fill_draft(self, d: Draft, line: int, content: str, is_html: bool) -> bool:
        if not content:
            self.problem(line, "不支持的 GIFT 题型：简答/论述题（空的 {}）")
            return False
        if content.startswith("#"):
            return self.numerical(d, line, content[1:], is_html)
        tf = _TRUEFALSE.match(content)
        if tf:
            value = TRUE if tf.group(1).upper().startswith("T") else FALSE
            feedback = [_clean(f, is_html) for f in (tf.group(2) or "").split("#")[1:]]
            d.default_type, d.answer = QuestionType.TRUEFALSE, (value,)
            if not d.explanation and feedback:
                d.explanation = feedback[-1] or feedback[0]
            return True
        if "->" in content:
            self.problem(line, "不支持的 GIFT 题型：匹配题（->）")
            return False
        items, lead = _items(content)
        if lead.strip():
            self.problem(line, f"答案部分开头的“{_clean(lead, is_html)[:20]}”前面缺少 = 或 ~")
            return False
        if any(not item.right for item in items):
            return self.choice(d, items, is_html)
        return self.short_answer(d, line, items, is_html)

    def choice(self, d: Draft, items: list[_Item], is_html: bool) -> bool:
        right = [i for i, item in enumerate(items)
                 if item.right or (item.weight is not None and item.weight > 0)]
        weighted = any(not item.right and item.weight is not None and item.weight > 0 for item in items)
        d.options = [_clean(item.text, is_html) for item in items]
        d.answer = tuple(LETTERS[i] for i in right if i < len(LETTERS))
        d.default_type = QuestionType.MULTIPLE if weighted or len(right) > 1 else QuestionType.SINGLE
        if not d.explanation:
            d.explanation = "；".join(_clean(items[i].feedback, is_html) for i in right
                                     if items[i].feedback.strip())
        return True

    def short_answer(self, d: Draft, line: int, items: list[_Item], is_html: bool) -> bool:
        accepted = []
        for item in items:
            if item.weight is not None and item.weight < 100:
                self.warn(line, f"答案“{_clean(item.text, is_html)}”只得部分分（{item.weight:g}%），已忽略")
                continue
            accepted.append(_clean(item.text, is_html))
        d.default_type, d.answer = QuestionType.FILL, tuple(accepted)
        if not d.explanation:
            d.explanation = "；".join(_clean(i.feedback, is_html) for i in items if i.feedback.strip())
        return True

    def numerical(self, d: Draft, line: int, content: str, is_html: bool) -> bool:
        if "=" in content:
            items, _ = _items(content)
        else:
            spec, _, feedback = content.partition("#")
            items = [_Item(True, None, spec, feedback)]
        variants = []
        for item in items:
            if item.weight is not None and item.weight < 100:
                self.warn(line, f"数值答案“{_restore(item.text).strip()}”只得部分分（{item.weight:g}%），已忽略")
                continue
            variant = _numeric_variant(item.text)
            if variant is None:
                self.problem(line, f"数值答案“{_restore(item.text).strip()}”无法识别（应写成 1921、3.14:0.01 或 1..5）")
                return False
            variants.append(variant)
        d.default_type, d.answer = QuestionType.FILL, tuple(variants)
        if not d.explanation:
            d.explanation = "；".join(_clean(i.feedback, is_html) for i in items if i.feedback.strip())
        return True


def read_gift(text: str, file: str) -> GiftRead:
    """Parse a decoded GIFT file into drafts (validated later like every other format)."""
    return _Parser(file).parse(text)


def looks_like_gift(text: str) -> bool:
    """Content sniffing: a ``$CATEGORY:`` line, a ``::title::`` or an answer block in braces."""
    body = _protect(text)
    if re.search(r"^\s*\$CATEGORY:", body, re.M) or re.search(r"^\s*::[^:\n]*::", body, re.M):
        return True
    return re.search(r"\{\s*(?:[=~#]|(?:T|F|TRUE|FALSE)\s*[#}])[^{}]*\}", body, re.I) is not None
