"""What a session leaves behind: answer records to store and the visitor's result summary."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Mode(StrEnum):
    """The quiz zone's modes (value = how records and cards name them)."""

    PRACTICE = "practice"
    CHALLENGE = "challenge"
    DAILY = "daily"
    CONTEST = "contest"

    @property
    def label(self) -> str:
        return {"practice": "练习", "challenge": "挑战答题", "daily": "每日答题", "contest": "知识竞赛"}[self.value]


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One answered (or timed-out) question, as the lead stores it and ``quiz.stats`` reads it.

    ``chosen``: letters, ``"true"``/``"false"`` or the typed text (empty if nothing was chosen).
    ``seconds``: time from showing to confirm, paused time excluded. ``team``: contest only.
    """

    question_id: str
    chosen: tuple[str, ...]
    correct: bool
    seconds: float
    timed_out: bool = False
    points: int = 0
    team: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id,
            "chosen": list(self.chosen),
            "correct": self.correct,
            "seconds": self.seconds,
            "timed_out": self.timed_out,
            "points": self.points,
            "team": self.team,
        }


@dataclass(frozen=True, slots=True)
class MissedQuestion:
    """A question the visitor got wrong, with what the result screen shows about it."""

    question_id: str
    stem: str
    chosen: tuple[str, ...]
    answer: tuple[str, ...]
    answer_text: str
    explanation: str
    source: str
    timed_out: bool


@dataclass(frozen=True, slots=True)
class ResultSummary:
    """The end-of-session result: ``total`` counts the questions answered (or timed out)."""

    mode: Mode
    score: int
    max_score: int
    correct: int
    total: int
    missed: tuple[MissedQuestion, ...]
    records: tuple[AnswerRecord, ...]
