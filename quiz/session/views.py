"""Immutable, display-ready pictures of a session for the UI.

The UI never touches a session's internals: it renders a view and calls actions. A question
view carries no answer; the answer appears only in the reveal, after confirm or timeout.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.model import Question, QuestionType
from quiz.session.records import Mode


@dataclass(frozen=True, slots=True)
class QuestionView:
    id: str
    type: QuestionType
    stem: str
    options: tuple[str, ...]
    letters: tuple[str, ...]
    image: str
    points: int
    category: str

    @classmethod
    def of(cls, q: Question) -> QuestionView:
        return cls(q.id, q.type, q.stem, q.options, q.letters, q.image, q.points, q.category)


@dataclass(frozen=True, slots=True)
class RevealView:
    """Right or wrong, the key, and the 解析/出处 to show after a question is settled."""

    correct: bool
    timed_out: bool
    chosen: tuple[str, ...]
    answer: tuple[str, ...]
    answer_text: str
    explanation: str
    source: str
    points: int  # points this answer earned (negative in a contest's 风险 round)

    @classmethod
    def of(cls, q: Question, chosen: tuple[str, ...], correct: bool, timed_out: bool, points: int) -> RevealView:
        return cls(correct, timed_out, chosen, q.answer, q.answer_text(), q.explanation, q.source, points)


@dataclass(frozen=True, slots=True)
class SessionView:
    """Everything a solo-mode screen shows. ``position`` is 1-based; 0 before the start."""

    mode: Mode
    state: str
    position: int
    total: int
    question: QuestionView | None
    selected: tuple[str, ...]
    text: str
    seconds_left: float | None
    time_limit: float | None
    paused: bool
    score: int
    correct_count: int
    answered: int
    reveal: RevealView | None
    ends_after_reveal: bool
