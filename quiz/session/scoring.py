"""Points for one answer. Speed earns nothing unless a mode turns ``speed_bonus`` on."""

from __future__ import annotations

import math
from dataclasses import dataclass

from quiz.model import Question


@dataclass(frozen=True, slots=True)
class Scoring:
    """``use_points``: a right answer earns the question's 分值 instead of 1.
    ``speed_bonus``: up to this many extra points for a right answer, in proportion to the
    time left (timed questions only; 0 = off)."""

    use_points: bool = False
    speed_bonus: int = 0

    def base(self, question: Question) -> int:
        return question.points if self.use_points else 1

    def maximum(self, question: Question, timed: bool) -> int:
        return self.base(question) + (self.speed_bonus if timed else 0)

    def award(self, question: Question, correct: bool, remaining: float | None, limit: float | None) -> int:
        if not correct:
            return 0
        bonus = 0
        if self.speed_bonus and remaining is not None and limit:
            bonus = math.floor(self.speed_bonus * remaining / limit)
        return self.base(question) + bonus
