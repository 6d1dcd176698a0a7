"""Immutable, display-ready pictures of a session for the UI.

The UI never touches a session's internals: it renders a view and calls actions. A question
view carries no answer; the answer appears only in the reveal, after confirm or timeout.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from quiz.grading import Grade, answer_feedback
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
    targets: tuple[str, ...] = ()
    """A matching question's right-hand items, in a fixed order of their own (never the order
    of the left items, which would give the answer away)."""

    @classmethod
    def of(cls, q: Question) -> QuestionView:
        return cls(q.id, q.type, q.stem, q.options, q.letters, q.image, q.points, q.category,
                   shuffled_targets(q) if q.type is QuestionType.MATCHING else ())


def shuffled_targets(q: Question) -> tuple[str, ...]:
    """The right column of a matching question, shuffled by a seed taken from its id (the same
    order on every kiosk and every showing; not the left column's order unless unavoidable)."""
    targets = list(q.targets)
    rng = random.Random(int(hashlib.sha256(q.id.encode()).hexdigest()[:12], 16))
    for _ in range(8):
        rng.shuffle(targets)
        if len(targets) < 2 or targets[: len(q.answer)] != list(q.answer):
            break
    return tuple(targets)


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
    feedback: str = ""
    """The feedback written for the chosen answer (GIFT ``#…``), "" when none."""
    right_parts: int = 0
    parts: int = 1
    """Pairs right of pairs asked (matching); 1 of 1 or 0 of 1 for the other types."""

    @classmethod
    def of(cls, q: Question, chosen: tuple[str, ...], correct: bool, timed_out: bool, points: int,
           grade: Grade | None = None) -> RevealView:
        graded = grade if grade is not None else Grade(int(correct), 1)
        return cls(correct, timed_out, chosen, q.answer, q.answer_text(), q.explanation, q.source, points,
                   "" if timed_out else answer_feedback(q, chosen), graded.right, graded.parts)


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
    armed: str | None = None
    """Matching: the left item tapped and waiting for its partner."""
