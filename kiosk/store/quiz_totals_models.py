"""Running totals of the quiz answer facts (issue 8), so the 题目统计 never scans ten million answers.

Derived, not facts: every row can be rebuilt from ``quiz_attempts`` and ``quiz_answers``
(``kiosk.quizzone.item_totals`` folds the attempts not folded yet). An attempt is folded in the
transaction that writes it (``kiosk.quizzone.records.write_attempt``), the demo seed's right after
each bulk step (``kiosk.demo.seed``); attempts written by another path (sync, an older program) are
folded the next time the statistics are read.

Totals are keyed by the *stored* grade and the chosen text, so regrading against a changed key is a
question of which keys flip; when any does, the statistics fall back to the raw answers.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.models import Base
from kiosk.store.types import UTCDateTime

BANK_NAME_LENGTH = 100  # as kiosk.store.quiz_models (not imported: models.py imports both while they load)
QUESTION_ID_LENGTH = 32


class QuizItemTotal(Base):
    """Per bank, mode, question, chosen text and stored grade: the sums the item statistics need
    (``rest`` = the attempt's other right answers)."""

    __tablename__ = "quiz_item_totals"

    bank: Mapped[str] = mapped_column(String(BANK_NAME_LENGTH), primary_key=True)
    mode: Mapped[str] = mapped_column(String(16), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(QUESTION_ID_LENGTH), primary_key=True)
    chosen: Mapped[str] = mapped_column(Text, primary_key=True)
    correct: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    answers: Mapped[int] = mapped_column(BigInteger)
    rest_sum: Mapped[int] = mapped_column(BigInteger)
    rest_sq_sum: Mapped[int] = mapped_column(BigInteger)
    x_rest_sum: Mapped[int] = mapped_column(BigInteger)
    first_attempt: Mapped[str] = mapped_column(String(36))
    first_position: Mapped[int] = mapped_column(Integer)


class QuizSetTotal(Base):
    """Per bank, mode and question set (SHA-1 of the sorted question ids): attempts, Σtotal, Σtotal²
    and each question's right answers (JSON), for Cronbach's α per set."""

    __tablename__ = "quiz_set_totals"

    bank: Mapped[str] = mapped_column(String(BANK_NAME_LENGTH), primary_key=True)
    mode: Mapped[str] = mapped_column(String(16), primary_key=True)
    set_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    attempts: Mapped[int] = mapped_column(BigInteger)
    total_sum: Mapped[int] = mapped_column(BigInteger)
    total_sq_sum: Mapped[int] = mapped_column(BigInteger)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_attempt: Mapped[str] = mapped_column(String(36))
    item_rights: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_quiz_set_totals_shared", "bank", "mode", "attempts"),)


class QuizModeTotal(Base):
    """Per bank and mode: attempts folded (``folded``, with or without answers), attempts with
    answers, Σtotal, Σtotal²."""

    __tablename__ = "quiz_mode_totals"

    bank: Mapped[str] = mapped_column(String(BANK_NAME_LENGTH), primary_key=True)
    mode: Mapped[str] = mapped_column(String(16), primary_key=True)
    folded: Mapped[int] = mapped_column(BigInteger)
    attempts: Mapped[int] = mapped_column(BigInteger)
    total_sum: Mapped[int] = mapped_column(BigInteger)
    total_sq_sum: Mapped[int] = mapped_column(BigInteger)


class QuizFoldedAttempt(Base):
    """An attempt already in the totals (its primary key stops a second fold)."""

    __tablename__ = "quiz_folded_attempts"

    attempt_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)


__all__ = ["QuizFoldedAttempt", "QuizItemTotal", "QuizModeTotal", "QuizSetTotal"]
