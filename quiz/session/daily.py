"""每日答题: the same N questions for every visitor on a given day.

The set depends only on the date and the bank id (never on the session's injected random):
two kiosks, or two visitors an hour apart, draw the same questions in the same order. The
bank is sorted by question id first, so re-importing the same file in a different row order
does not change the day's set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from quiz.model import Bank, Question

DEFAULT_DAILY_COUNT = 10


def daily_seed(bank_id: str, day: dt.date) -> int:
    digest = hashlib.sha256(f"daily:{bank_id}:{day.isoformat()}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def daily_questions(bank: Bank, day: dt.date, count: int = DEFAULT_DAILY_COUNT) -> tuple[Question, ...]:
    """The day's set: ``count`` questions (all of them if the bank is smaller)."""
    if count <= 0:
        raise ValueError("每日答题的题数必须大于 0")
    pool = sorted(bank.questions, key=lambda q: q.id)
    picker = random.Random(daily_seed(bank.id, day))
    return tuple(picker.sample(pool, min(count, len(pool))))
