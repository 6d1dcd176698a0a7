"""The tables of the quiz zone (issue 4): stored banks, attempt and answer facts.

Reference data (the hall's, ordinary rows that an import replaces):

* ``quiz_banks``: one row per named bank, with the file it came from and that file's SHA-256,
  so a content reload re-imports only files that changed;
* ``quiz_questions``: the questions of a bank keyed by (bank, stable question id from
  ``quiz.ids``), so importing the same file again updates rows instead of adding copies. A
  question that disappears from a later import is kept with ``active = False``: answer facts
  still point at it and statistics still show its stem.

Facts (immutable, ``FactMixin``; they travel to the hub and are inserted there by id):

* ``quiz_attempts``: one finished solo attempt (practice, challenge, daily);
* ``quiz_answers``: one answered question of an attempt;
* ``quiz_contest_events``: one event of a group contest; a host's score correction is an
  event whose ``corrects_id`` names the event it corrects;
* ``quiz_attempt_organisations``: a visitor's answer to "which group are you with?" on the result
  screen, a correction of the attempt's ``organisation_id`` (the attempt itself is never updated;
  the newest choice wins, ``kiosk.quizzone.attempt_groups``).

Facts refer to banks by *name* and to questions by their stable id, never by a row id: the hub
holds other halls' banks under other row ids, and the question id is the same everywhere. For the
same reason there are no foreign keys from facts (a sync batch may arrive in any order).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.models import Base, FactMixin
from kiosk.store.types import UTCDateTime

BANK_NAME_LENGTH = 100
QUESTION_ID_LENGTH = 32


class QuizBank(Base):
    """A named question bank as last imported (reference data)."""

    __tablename__ = "quiz_banks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(BANK_NAME_LENGTH))
    source_file: Mapped[str] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(16))  # "content" (content/quiz/banks) or "staff" (CLI import)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    question_count: Mapped[int] = mapped_column(Integer)
    # Issue 9: a stable id (the same on every kiosk and the hub) and a version bumped by every
    # import, so facts can name exactly the bank they were answered from; the hall owns the name.
    uid: Mapped[uuid.UUID] = mapped_column(Uuid, default=uuid.uuid4, unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    hall_id: Mapped[str] = mapped_column(String(64), default="")
    hub_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)

    __table_args__ = (UniqueConstraint("hall_id", "name", name="uq_quiz_banks_hall_name"),
                      Index("ix_quiz_banks_hall_seq", "hall_id", "hub_seq"))


class QuizQuestion(Base):
    """One question of a bank; ``data`` is ``quiz.model.Question.to_dict()`` as JSON text."""

    __tablename__ = "quiz_questions"

    bank_id: Mapped[int] = mapped_column(ForeignKey("quiz_banks.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(QUESTION_ID_LENGTH), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    data: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_quiz_questions_bank_position", "bank_id", "active", "position"),)


class QuizAttempt(FactMixin, Base):
    """A finished solo attempt: the score the visitor saw and the signed card they took away."""

    __tablename__ = "quiz_attempts"

    # no index of its own: the (hall_id, …) indexes below begin with it (revision 0016)
    hall_id: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(16))
    bank: Mapped[str] = mapped_column(String(BANK_NAME_LENGTH))
    score: Mapped[int] = mapped_column(Integer)
    max_score: Mapped[int] = mapped_column(Integer)
    question_count: Mapped[int] = mapped_column(Integer)
    correct_count: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime)
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    card_text: Mapped[str] = mapped_column(Text, default="")
    bank_uid: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)  # issue 9: quiz_banks.uid
    bank_version: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (
        Index("ix_quiz_attempts_board", "hall_id", "mode", "finished_at"),
        # reports (0004); a prefix of the next one but kept in 0016: the hub's district-wide figures of a
        # time range read it whole by finished_at, where the wider one below lost to a table scan
        Index("ix_quiz_attempts_hall_finished", "hall_id", "finished_at"),
        Index("ix_quiz_attempts_report", "hall_id", "finished_at", "mode", "score", "max_score"),  # covers by_mode (0010)
        # item totals: attempts not folded yet (0010); also serves what (bank) did, dropped in 0016
        Index("ix_quiz_attempts_bank_mode", "bank", "mode"),
    )


class QuizAttemptOrganisation(FactMixin, Base):
    """The group an attempt belongs to, chosen after it was stored (a correction fact of the attempt).

    ``corrects_id`` and ``attempt_id`` both name the attempt: ``corrects_id`` is the contract's
    generic pointer, ``attempt_id`` the indexed column the statistics join on. Several rows for one
    attempt (the visitor tapped another name) are all kept; the newest by (recorded_at, id) wins.
    """

    __tablename__ = "quiz_attempt_organisations"

    attempt_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    organisation_id: Mapped[uuid.UUID] = mapped_column(Uuid)

    __table_args__ = (Index("ix_quiz_attempt_organisations_attempt", "attempt_id", "recorded_at"),)


class QuizAnswer(FactMixin, Base):
    """One question answered (or timed out) within an attempt; ``chosen`` is a JSON list."""

    __tablename__ = "quiz_answers"

    attempt_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(QUESTION_ID_LENGTH), index=True)
    chosen: Mapped[str] = mapped_column(Text)
    correct: Mapped[bool] = mapped_column(Boolean)
    seconds: Mapped[float] = mapped_column(Float)
    timed_out: Mapped[bool] = mapped_column(Boolean, default=False)
    points: Mapped[int] = mapped_column(Integer, default=0)


class QuizContestEvent(FactMixin, Base):
    """One event of a 知识竞赛 (``quiz.contest.ContestEvent``); ``contest_id`` groups a contest.

    ``clock_seconds`` is the event's time on the contest's monotonic clock (order and durations
    within the contest); ``recorded_at`` is when the kiosk stored it.
    """

    __tablename__ = "quiz_contest_events"

    contest_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    bank: Mapped[str] = mapped_column(String(BANK_NAME_LENGTH))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    team: Mapped[str | None] = mapped_column(String(100), nullable=True)
    round: Mapped[int | None] = mapped_column(Integer, nullable=True)
    question_id: Mapped[str | None] = mapped_column(String(QUESTION_ID_LENGTH), nullable=True)
    chosen: Mapped[str] = mapped_column(Text, default="[]")
    correct: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    points: Mapped[int] = mapped_column(Integer, default=0)
    stake: Mapped[int | None] = mapped_column(Integer, nullable=True)
    seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    teams: Mapped[str] = mapped_column(Text, default="[]")
    clock_seconds: Mapped[float] = mapped_column(Float)
    bank_uid: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)  # issue 9: quiz_banks.uid
    bank_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


__all__ = ["QuizAnswer", "QuizAttempt", "QuizAttemptOrganisation", "QuizBank", "QuizContestEvent", "QuizQuestion"]
