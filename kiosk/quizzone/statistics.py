"""Item statistics of a stored bank, computed by ``quiz.stats`` from the answer facts.

The database only hands over the answers (one query, grouped by attempt); the definitions —
facility, Moodle's discrimination index, Cronbach's α, the flags — live in the engine so the staff
screen, the CLI and the tests agree on them.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from kiosk.store.db import Database
from kiosk.store.quiz_models import QuizAnswer, QuizAttempt
from quiz.model import Question
from quiz.stats import BankStatistics, ItemStatistics, item_statistics


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """An answer fact in the shape ``quiz.stats`` reads (``AnswerLike``)."""

    question_id: str
    chosen: tuple[str, ...]
    correct: bool


def answers_by_attempt(db: Database, bank: str) -> list[list[StoredAnswer]]:
    """The answers of every solo attempt on ``bank``, one list per attempt in answering order."""
    with db.transaction() as session:
        rows = session.execute(
            select(QuizAnswer.attempt_id, QuizAnswer.question_id, QuizAnswer.chosen, QuizAnswer.correct)
            .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id)
            .where(QuizAttempt.bank == bank)
            .order_by(QuizAnswer.attempt_id, QuizAnswer.position)
        ).all()
    attempts: dict[uuid.UUID, list[StoredAnswer]] = {}
    for attempt_id, question_id, chosen, correct in rows:
        attempts.setdefault(attempt_id, []).append(
            StoredAnswer(question_id, tuple(str(c) for c in json.loads(chosen)), bool(correct)))
    return list(attempts.values())


@dataclass(frozen=True)
class BankReport:
    """A bank's statistics with each question's stem, ready for the CLI and the staff screen."""

    bank: str
    statistics: BankStatistics
    questions: dict[str, Question]

    def stem(self, item: ItemStatistics) -> str:
        question = self.questions.get(item.question_id)
        return question.stem if question is not None else "（已从题库删除的题目）"

    def to_json(self) -> dict[str, Any]:
        """``{"bank","attempts","mean","sd","alpha","questions":[{id, stem, attempts, ...}]}``."""
        s = self.statistics
        return {
            "bank": self.bank,
            "attempts": s.attempts,
            "mean": _round(s.mean),
            "sd": _round(s.sd),
            "alpha": _round(s.alpha),
            "questions": [
                {
                    "id": item.question_id,
                    "stem": self.stem(item),
                    "type": q.type.value if (q := self.questions.get(item.question_id)) else None,
                    "answer": list(q.answer) if q else None,
                    "attempts": item.attempts,
                    "correct": item.correct,
                    "facility": _round(item.facility),
                    "discrimination": _round(item.discrimination),
                    "choices": item.choices,
                    "blank": item.blank,
                    "flags": [flag.value for flag in item.flags],
                }
                for item in s.items
            ],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def bank_report(db: Database, bank: str, questions: dict[str, Question]) -> BankReport:
    return BankReport(bank, item_statistics(answers_by_attempt(db, bank)), questions)
