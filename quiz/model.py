"""The question and bank model shared by importers, sessions, statistics and the kiosk.

Everything here is immutable: a bank, once imported and validated, is a value that sessions
read from and the lead's storage layer serialises (``Bank.to_json``). The answer is stored as
data the grader understands directly:

* single / multiple: option letters, e.g. ``("A", "C")``;
* truefalse: ``("true",)`` or ``("false",)`` and no options;
* fill: the accepted texts (variants), e.g. ``("实事求是", "实事求是的思想路线")``; a variant of the
  form ``3.14±0.01`` or a plain number is compared numerically (see ``quiz.grading``);
* numerical: the accepted numbers, each ``1921`` or ``3±2`` (value ± tolerance), no options;
* matching: ``options`` are the left-hand items, ``answer`` their partners on the right, in the
  same order; ``distractors`` are extra right-hand items that belong to no left item. A visitor's
  answer is a tuple of ``"A→partner"`` strings (see ``pair_key``).

``feedback`` keeps per-answer feedback (GIFT ``#``), shown when that answer is chosen: keyed by
option letter (choice), ``true``/``false``, an accepted variant, or ``*`` for any other answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from quiz.ids import question_id

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
TRUE = "true"
FALSE = "false"


class QuestionType(StrEnum):
    """The six question types of the hall's quiz zone (value = the JSON spelling)."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUEFALSE = "truefalse"
    FILL = "fill"
    NUMERICAL = "numerical"
    MATCHING = "matching"

    @property
    def label(self) -> str:
        """The Chinese name used in spreadsheets and on screen."""
        return _LABELS[self]

    @property
    def is_choice(self) -> bool:
        return self in (QuestionType.SINGLE, QuestionType.MULTIPLE)


_LABELS = {
    QuestionType.SINGLE: "单选",
    QuestionType.MULTIPLE: "多选",
    QuestionType.TRUEFALSE: "判断",
    QuestionType.FILL: "填空",
    QuestionType.NUMERICAL: "数值",
    QuestionType.MATCHING: "连线",
}

PAIR_ARROW = "→"
ANY_OTHER = "*"  # feedback key: any answer not named by another key


def pair_key(letter: str, partner: str) -> str:
    """One chosen pair of a matching question as recorded: ``"A→1921年"``."""
    return f"{letter}{PAIR_ARROW}{partner}"


def split_pair(text: str) -> tuple[str, str] | None:
    """``"A→1921年"`` → ``("A", "1921年")``; None when ``text`` is not a pair."""
    if len(text) >= 2 and text[0] in LETTERS and text[1] == PAIR_ARROW:
        return text[0], text[2:]
    return None


@dataclass(frozen=True, slots=True)
class Question:
    """One validated question. Build it with ``Question.create`` so the id is computed."""

    id: str
    type: QuestionType
    stem: str
    options: tuple[str, ...]
    answer: tuple[str, ...]
    explanation: str = ""
    source: str = ""
    difficulty: str = ""
    category: str = ""
    points: int = 1
    image: str = ""
    tags: tuple[str, ...] = ()
    distractors: tuple[str, ...] = ()
    feedback: tuple[tuple[str, str], ...] = ()

    @classmethod
    def create(
        cls,
        type: QuestionType,
        stem: str,
        options: Sequence[str] = (),
        answer: Sequence[str] = (),
        *,
        explanation: str = "",
        source: str = "",
        difficulty: str = "",
        category: str = "",
        points: int = 1,
        image: str = "",
        tags: Sequence[str] = (),
        distractors: Sequence[str] = (),
        feedback: Mapping[str, str] | Sequence[tuple[str, str]] = (),
    ) -> Question:
        """Build a question with its stable id (see ``quiz.ids``)."""
        return cls(
            id=question_id(type.value, stem, options),
            type=type,
            stem=stem,
            options=tuple(options),
            answer=tuple(answer),
            explanation=explanation,
            source=source,
            difficulty=difficulty,
            category=category,
            points=points,
            image=image,
            tags=tuple(tags),
            distractors=tuple(distractors),
            feedback=_feedback_pairs(feedback),
        )

    @property
    def targets(self) -> tuple[str, ...]:
        """A matching question's right-hand items (partners, then distractors), each once."""
        return tuple(dict.fromkeys([*self.answer, *self.distractors]))

    def feedback_for(self, key: str) -> str:
        return dict(self.feedback).get(key, "")

    @property
    def letters(self) -> tuple[str, ...]:
        """The option letters of a choice question, ``("A", "B", ...)``; empty otherwise."""
        return tuple(LETTERS[: len(self.options)])

    def answer_text(self) -> str:
        """The correct answer as a person reads it: ``A、C`` / ``正确`` / ``实事求是 或 …``."""
        if self.type is QuestionType.TRUEFALSE:
            return "正确" if self.answer == (TRUE,) else "错误"
        if self.type in (QuestionType.FILL, QuestionType.NUMERICAL):
            return " 或 ".join(self.answer)
        if self.type is QuestionType.MATCHING:
            return "；".join(f"{left} → {right}" for left, right in zip(self.options, self.answer))
        return "、".join(self.answer)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (the keys of the issue, plus points, image and tags)."""
        return {
            "id": self.id,
            "type": self.type.value,
            "stem": self.stem,
            "options": list(self.options),
            "answer": list(self.answer),
            "explanation": self.explanation,
            "source": self.source,
            "difficulty": self.difficulty,
            "category": self.category,
            "points": self.points,
            "image": self.image,
            "tags": list(self.tags),
            **({"distractors": list(self.distractors)} if self.distractors else {}),
            **({"feedback": dict(self.feedback)} if self.feedback else {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Question:
        """Rebuild a question stored with ``to_dict``; raises ValueError on a malformed record."""
        try:
            qtype = QuestionType(data["type"])
            stem = str(data["stem"])
            options = tuple(str(o) for o in data.get("options", ()))
            answer = tuple(str(a) for a in data["answer"])
            distractors = tuple(str(d) for d in data.get("distractors", ()))
            feedback = {str(k): str(v) for k, v in dict(data.get("feedback", {})).items()}
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"题目数据不完整：{exc}") from exc
        made = cls.create(
            qtype,
            stem,
            options,
            answer,
            explanation=str(data.get("explanation", "")),
            source=str(data.get("source", "")),
            difficulty=str(data.get("difficulty", "")),
            category=str(data.get("category", "")),
            points=int(data.get("points", 1)),
            image=str(data.get("image", "")),
            tags=tuple(str(t) for t in data.get("tags", ())),
            distractors=distractors,
            feedback=feedback,
        )
        stored_id = data.get("id")
        if stored_id is not None and stored_id != made.id:
            # Keep the stored id: it is what answer records and statistics refer to.
            return cls(**{**_fields(made), "id": str(stored_id)})
        return made


def _feedback_pairs(feedback: Mapping[str, str] | Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    items = feedback.items() if isinstance(feedback, Mapping) else feedback
    return tuple((str(k), str(v)) for k, v in items if str(v))


def _fields(q: Question) -> dict[str, Any]:
    return {name: getattr(q, name) for name in Question.__slots__}


@dataclass(frozen=True, slots=True)
class Bank:
    """A named, validated set of questions. ``id`` seeds the daily set (see ``quiz.session``)."""

    id: str
    questions: tuple[Question, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.questions)

    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def categories(self) -> tuple[str, ...]:
        """The distinct non-empty categories, in order of first appearance (for the 练习 menu)."""
        seen: dict[str, None] = {}
        for q in self.questions:
            if q.category:
                seen.setdefault(q.category, None)
        return tuple(seen)

    def in_category(self, category: str | None) -> tuple[Question, ...]:
        """Questions of one category; ``None`` means all of them."""
        if category is None:
            return self.questions
        return tuple(q for q in self.questions if q.category == category)

    def to_dict(self) -> dict[str, Any]:
        return {"bank": self.id, "questions": [q.to_dict() for q in self.questions]}

    def to_json(self) -> str:
        """``{"bank": id, "questions": [...]}`` as JSON text (UTF-8 characters kept readable)."""
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_json(cls, data: str | bytes | Mapping[str, Any]) -> Bank:
        """Inverse of ``to_json`` (accepts the text or the already parsed dict)."""
        parsed: Any = json.loads(data) if isinstance(data, (str, bytes)) else data
        return cls(
            id=str(parsed["bank"]),
            questions=tuple(Question.from_dict(q) for q in _iter(parsed["questions"])),
        )


def _iter(value: Any) -> Iterable[Mapping[str, Any]]:
    if not isinstance(value, list):
        raise ValueError("questions 必须是列表")
    return value
