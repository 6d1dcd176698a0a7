"""Recognising a question type from how staff name it (题型 cells, sheet names, GIFT)."""

from __future__ import annotations

import re
import unicodedata

from quiz.model import QuestionType

_NAMES: dict[str, QuestionType] = {}
for _type, _words in {
    QuestionType.SINGLE: ["单选", "单项选择", "单择", "单项", "单", "单选择", "single", "singlechoice", "radio", "sc"],
    QuestionType.MULTIPLE: ["多选", "多项选择", "多择", "多项", "多", "多选择", "不定项选择", "不定项", "multiple",
                            "multiplechoice", "multichoice", "checkbox", "mc"],
    QuestionType.TRUEFALSE: ["判断", "是非", "对错", "判断正误", "正误", "truefalse", "tf", "boolean", "判"],
    QuestionType.FILL: ["填空", "填", "fill", "fillin", "blank", "fillblank", "fillintheblank", "shortanswer"],
    QuestionType.NUMERICAL: ["数值", "数值填空", "数字", "数字填空", "计算", "numerical", "numeric", "number"],
    QuestionType.MATCHING: ["连线", "配对", "匹配", "连线配对", "连线匹配", "matching", "match"],
}.items():
    for _word in _words:
        _NAMES[_word] = _type

TYPE_HELP = "单选、多选、判断、填空、数值、连线"

_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)\s*[、.．)）:：]\s*")
_BRACKETED = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]")
_SPACES_AND_JOINERS = re.compile(r"[\s_\-/]+")


def parse_type(text: str) -> QuestionType | None:
    """The type named by ``text`` (``单选题``, ``一、多选题``, ``判断题（每题1分）``, ``single`` ...)."""
    key = unicodedata.normalize("NFKC", text).strip()
    key = _ORDINAL.sub("", key)
    key = _BRACKETED.sub("", key)
    key = _SPACES_AND_JOINERS.sub("", key).casefold()
    if key.endswith("题") and len(key) > 1:
        key = key[:-1]
    if key.endswith("question"):
        key = key[: -len("question")]
    return _NAMES.get(key)
