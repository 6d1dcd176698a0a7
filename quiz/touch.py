"""Which questions a visitor can answer by touch alone (the touchscreen modes and the contest board).

填空 needs typed text and the kiosk has no keyboard (a touch keyboard for Chinese input is more than
an older visitor should have to face), so fill-in questions stay out of the touchscreen modes;
staff still see them in the CLI, exports and statistics. The item statistics depend on this rule
(a question never shown on touch has no touch answers), so it lives here, beside the engine, and
not in the UI that happens to draw the buttons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from quiz.model import Bank, Question, QuestionType
from quiz.session.daily import daily_questions


def touchable(question: Question) -> bool:
    """Whether a visitor can answer ``question`` by touch alone."""
    return question.type is not QuestionType.FILL


def touchable_questions(questions: Sequence[Question]) -> tuple[Question, ...]:
    return tuple(q for q in questions if touchable(q))


def touch_bank(bank: Bank) -> Bank:
    """The bank as the touchscreen offers it (same id, touch-answerable questions only)."""
    return Bank(bank.id, touchable_questions(bank.questions))


def daily_touch_questions(bank: Bank, day: dt.date, count: int) -> tuple[Question, ...]:
    """The day's touchscreen set: the whole bank's order for the day, then its first ``count``
    touch-answerable questions, so every visitor and every kiosk of the hall gets the same set."""
    if not bank.questions:
        return ()
    ordered = daily_questions(bank, day, len(bank.questions))
    return touchable_questions(ordered)[:count]
