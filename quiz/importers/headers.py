"""Recognising the header row of a question spreadsheet, however staff have named the columns.

Templates in circulation call the same column 题目/题干/试题, 正确答案/答案/参考答案 and so on, add
notes such as ``题干（必填）`` and often put a title row above the header. A row is taken as the
header when it names at least a stem column and an answer column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from quiz.model import LETTERS

_ALIASES: dict[str, tuple[str, ...]] = {
    "type": ("题型", "类型", "题目类型", "试题类型", "题型名称", "题类", "type", "questiontype"),
    "stem": ("题干", "题目", "试题", "题目内容", "试题内容", "试题题干", "题目题干", "问题", "题目名称",
             "stem", "question", "questiontext"),
    "answer": ("答案", "正确答案", "参考答案", "标准答案", "答案选项", "正确选项", "answer", "correctanswer", "key"),
    "explanation": ("解析", "试题解析", "答案解析", "题目解析", "解释", "答案说明", "explanation", "feedback"),
    "source": ("出处", "来源", "题目来源", "试题来源", "出题依据", "依据", "source"),
    "difficulty": ("难度", "难易度", "难易程度", "难度等级", "难度系数", "difficulty", "level"),
    "category": ("分类", "类别", "题目分类", "试题分类", "所属分类", "知识点", "章节", "category"),
    "points": ("分值", "分数", "题目分值", "试题分值", "points", "score"),
    "image": ("图片", "配图", "图片路径", "图片文件", "image", "picture"),
    "tags": ("标签", "关键词", "关键字", "tags", "tag"),
    "tolerance": ("误差", "允许误差", "误差范围", "容差", "tolerance"),
    "answer_feedback": ("答案反馈", "选项反馈", "反馈"),
    # numbering columns: recognised so that they are skipped silently (and 题目编号 is not a stem)
    "skip": ("序号", "编号", "题号", "题目编号", "试题编号", "题目id", "试题id", "id", "no", "number"),
}
_EXACT: dict[str, str] = {alias: key for key, aliases in _ALIASES.items() for alias in aliases}
_BY_LENGTH: list[tuple[str, str]] = sorted(_EXACT.items(), key=lambda item: -len(item[0]))

_NOTES = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]")
_NOISE = re.compile(r"[\s*＊:：_\-]+")
_OPTION = re.compile(r"^(?:选项|OPTION)?([A-Z])(?:选项|项)?$")
_MAX_LOOSE_LENGTH = 12  # longer cells are prose, not column names


def _key(cell: str) -> str:
    text = unicodedata.normalize("NFKC", cell)
    text = _NOTES.sub("", text)
    return _NOISE.sub("", text).casefold()


def match_header(cell: str) -> str | None:
    """The field a header cell names (``"stem"``, ``"option:C"`` ...), or None."""
    key = _key(cell)
    if not key:
        return None
    option = _OPTION.match(key.upper())
    if option:
        return f"option:{option.group(1)}"
    if key in _EXACT:
        return _EXACT[key]
    if len(key) <= _MAX_LOOSE_LENGTH:
        # Chinese column names end with their head noun (题目难度 is a 难度, 答案解析 a 解析),
        # so an alias ending the name wins over one merely inside it.
        for alias, field_key in _BY_LENGTH:
            if len(alias) >= 2 and key.endswith(alias):
                return field_key
        for alias, field_key in _BY_LENGTH:
            if len(alias) >= 2 and alias in key:
                return field_key
    return None


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which column holds what; ``headers`` keeps each field's header as written, for messages."""

    fields: dict[str, int]
    options: tuple[int, ...]  # column of option A, B, ... (no gaps)
    headers: dict[str, str]
    ignored: tuple[str, ...] = field(default=())

    @property
    def width(self) -> int:
        return max([*self.fields.values(), *self.options], default=-1) + 1


def read_header(cells: Sequence[str]) -> ColumnMap | None:
    """A column map when ``cells`` is a header row (stem and answer columns found), else None."""
    fields: dict[str, int] = {}
    headers: dict[str, str] = {}
    options: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(cells):
        if not cell.strip():
            continue
        found = match_header(cell)
        if found == "skip":
            continue
        if found is None:
            ignored.append(cell.strip())
        elif found.startswith("option:"):
            options.setdefault(found[7:], index)
            headers.setdefault(found, cell.strip())
        elif found in fields:
            ignored.append(cell.strip())
        else:
            fields[found] = index
            headers[found] = cell.strip()
    if "stem" not in fields or "answer" not in fields:
        return None
    ordered: list[int] = []
    for letter in LETTERS:
        if letter not in options:
            break
        ordered.append(options[letter])
    for letter in options:
        if LETTERS.index(letter) >= len(ordered):
            ignored.append(headers.pop(f"option:{letter}"))
    return ColumnMap(fields, tuple(ordered), headers, tuple(ignored))
