"""Moodle GIFT question files, read as Moodle's own importer reads them.

Types, decided in Moodle's order: no braces at all is a *description* and ``{}`` an *essay* (both
valid GIFT with no place on a kiosk: skipped and reported, the rest imports); ``{#…}`` numerical
(→ 数值); any ``~`` a choice question; ``=`` with ``->`` (and no ``~``) matching (→ 连线); ``T``/
``TRUE``/``F``/``FALSE`` true/false; anything else short answer (→ 填空, ``{One}`` included).

Choice questions follow Moodle's rule: any ``=`` answer makes a single-answer question in which
every ``=`` answer is fully right ("any one of them"); ``~%N%`` answers are Moodle's partial
credit, which the kiosk counts as wrong (with a warning). Without ``=``, answers with positive
weights make a multiple-answer question.

Every piece of text may start with a format tag (``[html]``, ``[moodle]``, ``[plain]``,
``[markdown]``): question text, options, answers, per-answer and general feedback; a piece
without one takes the question's. ``[html]`` text becomes plain text (see ``html_text``), and
dropped pictures, links or sound are reported as warnings with the line.

解析 is the general feedback (``####``), else the right answer's feedback (once). Per-answer
feedback is kept per option and shown when that option is chosen; it never goes into 解析.
Also: ``//`` comments (``[tag:…]`` in them become 标签), ``$CATEGORY:`` lines, ``::title::``,
missing-word questions (text after the braces; the blank is ``____``, spaces kept) and the escapes
``\\~ \\= \\# \\{ \\} \\: \\\\ \\n``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quiz.answers import numeric_answer
from quiz.importers.draft import Draft
from quiz.importers.html_text import html_to_text
from quiz.model import ANY_OTHER, FALSE, LETTERS, TRUE, QuestionType
from quiz.problems import Problem

# Escaped characters are swapped for private-use placeholders while parsing, then restored.
_ESCAPES = {"\\\\": "\ue006", "\\~": "\ue000", "\\=": "\ue001", "\\#": "\ue002",
            "\\{": "\ue003", "\\}": "\ue004", "\\:": "\ue005"}
_RESTORE = {"\ue006": "\\", "\ue000": "~", "\ue001": "=", "\ue002": "#",
            "\ue003": "{", "\ue004": "}", "\ue005": ":"}
_ESCAPE_RE = re.compile(r"\\[\\~=#{}:]")
_TITLE = re.compile(r"^\s*::(.*?)::", re.S)
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.I)
_TRUEFALSE = re.compile(r"^\s*(T|F|TRUE|FALSE)\s*$", re.I)
_ITEM = re.compile(r"([=~])([^=~]*)")
_WEIGHT = re.compile(r"^\s*%(-?\d+(?:\.\d+)?)%")
_TAGS = re.compile(r"\[tag:([^\]]+)\]")
_BLANK = "____"
_NUMERIC_HELP = "应写成 1921、3.14:0.01 或 1..5"


def _protect(text: str) -> str:
    text = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], text)
    return text.replace("\\n", "\n")


def _restore(text: str) -> str:
    for placeholder, char in _RESTORE.items():
        text = text.replace(placeholder, char)
    return text


@dataclass(slots=True)
class _Item:
    right: bool  # marked with =
    weight: float | None
    text: str  # raw (protected), format tag included
    feedback: str


@dataclass(slots=True)
class GiftRead:
    drafts: list[Draft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)


def _category(path: str) -> str:
    parts = [p.strip() for p in path.strip().split("/")]
    parts = [p for p in parts if p and not (p.startswith("$") and p.endswith("$"))]
    if parts and parts[0].casefold() in ("top", "默认", "default"):
        parts = parts[1:]
    return "/".join(parts)


@dataclass(slots=True)
class _Block:
    start: int
    lines: list[str]
    comments: list[str]


def _blocks(text: str) -> list[_Block]:
    """Questions are separated by blank lines; comment lines are set aside (for their tags)."""
    blocks: list[_Block] = []
    current: list[str] = []
    comments: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if current:
                blocks.append(_Block(start, current, comments))
                comments = []
            current = []
            continue
        if line.lstrip().startswith("//"):
            comments.append(line)
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append(_Block(start, current, comments))
    return blocks


def _items(content: str) -> tuple[list[_Item], str]:
    """Split ``=a#fb ~%50%b`` into items; also return any text before the first marker."""
    first = re.search(r"[=~]", content)
    lead = content[: first.start()] if first else content
    items: list[_Item] = []
    for marker, rest in _ITEM.findall(content):
        items.append(_item(marker == "=", rest))
    return items, lead


def _item(right: bool, rest: str) -> _Item:
    weight: float | None = None
    match = _WEIGHT.match(rest)
    if match:
        weight = float(match.group(1))
        rest = rest[match.end():]
    text, _, feedback = rest.partition("#")
    return _Item(right, weight, text, feedback)


class _Question:
    """One question's parsing context: its line, its default format, the parser's outputs."""

    def __init__(self, parser: _Parser, line: int, html: bool) -> None:
        self.parser = parser
        self.line = line
        self.html = html

    def text(self, raw: str, *, strip: bool = True) -> str:
        """A piece of text with its format tag applied (the question's format by default)."""
        html = self.html
        tag = _FORMAT.match(raw)
        if tag:
            html = tag.group(1).lower() == "html"
            raw = raw[tag.end():]
        text = _restore(raw)
        if html:
            text, dropped = html_to_text(text)
            for what in dropped:
                self.parser.warn(self.line, f"{what}在触摸屏上无法显示，已去掉")
        return text.strip() if strip else text

    def warn(self, message: str) -> None:
        self.parser.warn(self.line, message)

    def problem(self, message: str) -> None:
        self.parser.problem(self.line, message)


class _Parser:
    def __init__(self, file: str) -> None:
        self.file = file
        self.out = GiftRead()
        self.category = ""

    def problem(self, line: int, message: str) -> None:
        self.out.problems.append(Problem(self.file, message, line=line))

    def warn(self, line: int, message: str) -> None:
        self.out.warnings.append(Problem(self.file, message, line=line))

    def skip(self, line: int, message: str) -> None:
        self.out.skipped.append(Problem(self.file, message, line=line))

    def parse(self, text: str) -> GiftRead:
        for block in _blocks(text):
            lines, start = block.lines, block.start
            first = lines[0].strip()
            if first.startswith("$CATEGORY:"):
                self.category = _category(first[len("$CATEGORY:"):])
                lines = lines[1:]
                start += 1
                if not lines:
                    continue
            tags = [t.strip() for comment in block.comments for t in _TAGS.findall(comment) if t.strip()]
            self.question(start, "\n".join(lines), tags)
        return self.out

    def question(self, line: int, raw: str, tags: list[str]) -> None:
        body = _protect(raw).strip()
        title = _TITLE.match(body)
        if title:
            body = body[title.end():]
        fmt = _FORMAT.match(body)
        html = bool(fmt) and fmt.group(1).lower() == "html"  # type: ignore[union-attr]
        q = _Question(self, line, html)
        open_at, close_at = body.find("{"), body.find("}")
        if open_at < 0 and close_at < 0:
            self.skip(line, "说明文字（没有答案部分 {…}），不是题目")
            return
        if open_at < 0 or close_at < open_at:
            self.problem(line, "答案部分缺少左花括号 {" if open_at < 0 else "答案部分缺少右花括号 }")
            return
        before, content, after = body[:open_at], body[open_at + 1:close_at], body[close_at + 1:]
        if "{" in after:
            self.problem(line, "一道题里有多个 {…}：不支持多空题")
            return
        # Missing-word format: the blank takes the place of the braces, spaces around it kept.
        stem_raw = f"{before}{_BLANK}{after}" if after.strip() else before
        stem = q.text(stem_raw)
        content = content.strip()
        general = ""
        if "####" in content:
            content, _, general = content.rpartition("####")
            content = content.strip()
        draft = Draft(file=self.file, line=line, stem=stem, category=self.category,
                      explanation=q.text(general), tags_text="，".join(tags))
        if self.fill_draft(q, draft, content):
            self.out.drafts.append(draft)

    def fill_draft(self, q: _Question, d: Draft, content: str) -> bool:
        if not content:
            self.skip(q.line, "简答/论述题，触摸屏不支持")
            return False
        if content.startswith("#"):
            return self.numerical(q, d, content[1:])
        if "~" in content:
            return self.choice(q, d, content)
        if "=" in content and "->" in content:
            return self.matching(q, d, content)
        answer, _, feedback = content.partition("#")
        if _TRUEFALSE.match(answer):
            return self.truefalse(q, d, answer, feedback)
        return self.short_answer(q, d, content)

    def truefalse(self, q: _Question, d: Draft, answer: str, feedback: str) -> bool:
        value = TRUE if answer.strip().upper().startswith("T") else FALSE
        wrong_raw, _, right_raw = feedback.partition("#")
        wrong, right = q.text(wrong_raw), q.text(right_raw)
        d.default_type, d.answer = QuestionType.TRUEFALSE, (value,)
        other = FALSE if value == TRUE else TRUE
        d.feedback = {k: v for k, v in ((value, right), (other, wrong)) if v}
        if not d.explanation:
            d.explanation = right
        return True

    def choice(self, q: _Question, d: Draft, content: str) -> bool:
        items, lead = _items(content)
        if lead.strip():
            q.problem(f"答案部分开头的“{q.text(lead)[:20]}”前面缺少 = 或 ~")
            return False
        single = any(item.right for item in items)
        right: list[int] = []
        for i, item in enumerate(items):
            full = item.right or (item.weight is not None and item.weight >= 100)
            if full or (not single and item.weight is not None and item.weight > 0):
                right.append(i)
            elif single and item.weight is not None and 0 < item.weight < 100:
                q.warn(f"选项“{q.text(item.text)}”在 Moodle 中得部分分（{item.weight:g}%），触摸屏上按答错计")
        d.options = [q.text(item.text) for item in items]
        d.answer = tuple(LETTERS[i] for i in right if i < len(LETTERS))
        d.default_type = QuestionType.SINGLE if single else QuestionType.MULTIPLE
        d.any_of = single and len(right) > 1
        d.feedback = {LETTERS[i]: q.text(item.feedback) for i, item in enumerate(items)
                      if i < len(LETTERS) and item.feedback.strip()}
        if not d.explanation:
            d.explanation = "；".join(dict.fromkeys(d.feedback[LETTERS[i]] for i in right
                                                    if LETTERS[i] in d.feedback))
        return True

    def matching(self, q: _Question, d: Draft, content: str) -> bool:
        parts = content.split("=")
        if parts[0].strip():
            q.problem(f"答案部分开头的“{q.text(parts[0])[:20]}”前面缺少 =")
            return False
        lefts: list[str] = []
        partners: list[str] = []
        extras: list[str] = []
        for part in parts[1:]:
            left, arrow, right = part.partition("->")
            if not arrow:
                q.problem(f"匹配题的每一项都要写成“=左项 -> 右项”，这里是“{q.text(part)[:20]}”")
                return False
            left_text, right_text = q.text(left), _restore(right).strip()
            if left_text:
                lefts.append(left_text)
                partners.append(right_text)
            else:
                extras.append(right_text)  # Moodle: an empty left item adds a distractor
        d.default_type, d.options, d.answer, d.distractors = QuestionType.MATCHING, lefts, tuple(partners), extras
        return True

    def short_answer(self, q: _Question, d: Draft, content: str) -> bool:
        pieces = content.split("=")
        raw_items = [_item(True, p) for p in pieces[1:]]
        if pieces[0].strip():  # {One}: Moodle's shorthand for one accepted answer
            raw_items.insert(0, _item(True, pieces[0]))
        accepted: list[str] = []
        for item in raw_items:
            text = q.text(item.text)
            feedback = q.text(item.feedback)
            if text == "*":
                if feedback:
                    d.feedback[ANY_OTHER] = feedback
                continue
            if item.weight is not None and item.weight < 100:
                if item.weight > 0:
                    q.warn(f"答案“{text}”只得部分分（{item.weight:g}%），已忽略")
                continue
            accepted.append(text)
            if feedback:
                d.feedback.setdefault(text, feedback)
        d.default_type, d.answer = QuestionType.FILL, tuple(accepted)
        if not d.explanation:
            d.explanation = "；".join(dict.fromkeys(d.feedback[a] for a in accepted if a in d.feedback))
        return True

    def numerical(self, q: _Question, d: Draft, content: str) -> bool:
        content, tilde, wrong = content.partition("~")
        if tilde:
            other = q.text(wrong.partition("#")[2])
            if other:
                d.feedback[ANY_OTHER] = other
        pieces = content.split("=")
        raw_items = [_item(True, p) for p in pieces[1:]]
        if pieces[0].strip():
            raw_items.insert(0, _item(True, pieces[0]))
        variants: list[str] = []
        for item in raw_items:
            spec = _restore(item.text).strip()
            feedback = q.text(item.feedback)
            if spec == "*":
                if feedback:
                    d.feedback[ANY_OTHER] = feedback
                continue
            variant = numeric_answer(spec)
            if variant is None:
                q.problem(f"数值答案“{spec}”无法识别（{_NUMERIC_HELP}）")
                return False
            if item.weight is not None and item.weight < 100:
                if item.weight > 0:
                    q.warn(f"数值答案“{spec}”只得部分分（{item.weight:g}%），已忽略")
                continue
            variants.append(variant)
            if feedback:
                d.feedback.setdefault(variant, feedback)
        d.default_type, d.answer = QuestionType.NUMERICAL, tuple(dict.fromkeys(variants))
        if not d.explanation:
            d.explanation = "；".join(dict.fromkeys(d.feedback[v] for v in variants if v in d.feedback))
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
