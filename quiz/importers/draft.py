"""A question as read from a file, before validation.

Every reader (xlsx, csv, GIFT, Aiken) turns its input into drafts holding raw text plus the
location of each piece, so that one validator (``quiz.importers.validate``) checks all formats
the same way and words its messages the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quiz.model import QuestionType

# Field keys and their standard Chinese names (used in messages when the file has no header).
FIELD_LABELS: dict[str, str] = {
    "type": "题型",
    "stem": "题干",
    "answer": "答案",
    "explanation": "解析",
    "source": "出处",
    "difficulty": "难度",
    "category": "分类",
    "points": "分值",
    "image": "图片",
    "tags": "标签",
    "tolerance": "误差",
    "answer_feedback": "答案反馈",
}


@dataclass(slots=True)
class Draft:
    """Raw fields of one question and where they came from."""

    file: str
    row: int | None = None
    line: int | None = None
    sheet: str | None = None
    type_text: str = ""
    default_type: QuestionType | None = None
    stem: str = ""
    options: list[str] = field(default_factory=list)
    answer_text: str = ""
    answer: tuple[str, ...] | None = None  # already parsed (GIFT)
    explanation: str = ""
    source: str = ""
    difficulty: str = ""
    category: str = ""
    points_text: str = ""
    image: str = ""
    tags_text: str = ""
    tolerance_text: str = ""
    feedback_text: str = ""  # 答案反馈 cell: one "key：text" per line
    distractors: list[str] = field(default_factory=list)  # matching (GIFT ``= -> extra``)
    feedback: dict[str, str] = field(default_factory=dict)  # per-answer feedback (GIFT)
    any_of: bool = False  # GIFT 单选 with several ``=`` answers: each one is fully right
    field_lines: dict[str, int] = field(default_factory=dict)  # field -> line (text formats)
    headers: dict[str, str] = field(default_factory=dict)  # field -> header as written

    def label(self, field_key: str) -> str:
        """How to name a field in a message: the file's own header if it has one."""
        if field_key in self.headers:
            return self.headers[field_key]
        if field_key.startswith("option:"):
            return f"选项{field_key[7:]}"
        return FIELD_LABELS.get(field_key, field_key)
