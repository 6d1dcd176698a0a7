"""Points for one answer. Speed earns nothing unless a mode turns ``speed_bonus`` on.

With ``partial`` (练习), a matching question is graded per pair: each right pair earns the
question's base points, so it is worth base × pairs. Without it (挑战, 每日, 竞赛) only a fully right
answer earns anything, and a matching question is worth its base points like any other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from quiz.grading import Grade
from quiz.model import Question, QuestionType


@dataclass(frozen=True, slots=True)
class Scoring:
    """``use_points``: a right answer earns the question's 分值 instead of 1.
    ``speed_bonus``: up to this many extra points for a right answer, in proportion to the
    time left (timed questions only; 0 = off)."""

    use_points: bool = False
    speed_bonus: int = 0

    def base(self, question: Question) -> int:
        return question.points if self.use_points else 1

    def maximum(self, question: Question, timed: bool, partial: bool = False) -> int:
        base = self.base(question) * (len(question.options) if partial and _per_part(question) else 1)
        return base + (self.speed_bonus if timed else 0)

    def award_grade(self, question: Question, grade: Grade, remaining: float | None, limit: float | None,
                    partial: bool = False) -> int:
        """Points for a graded answer; partial credit only with ``partial`` (see module docstring)."""
        if partial and _per_part(question) and not grade.correct:
            return self.base(question) * grade.right
        points = self.award(question, grade.correct, remaining, limit)
        if partial and _per_part(question) and grade.correct:
            points += self.base(question) * (grade.parts - 1)
        return points

    def award(self, question: Question, correct: bool, remaining: float | None, limit: float | None) -> int:
        if not correct:
            return 0
        bonus = 0
        if self.speed_bonus and remaining is not None and limit:
            bonus = math.floor(self.speed_bonus * remaining / limit)
        return self.base(question) + bonus


def _per_part(question: Question) -> bool:
    return question.type is QuestionType.MATCHING
