"""What a kiosk pulls: its hall's reference data changed after its cursor, and today's check-ins.

Read in one REPEATABLE READ snapshot, so every table is seen at the same instant; with the
per-hall ordering of :mod:`kiosk.hub.sequence` that snapshot holds a prefix of the hall's
numbers, and the reply's ``seq`` (the highest number sent) never passes a row not yet committed.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clock import hall_date
from kiosk.hub.district import hall_keyring_text
from kiosk.store.quiz_models import QuizBank, QuizQuestion
from kiosk.store.visits_models import Booking, Checkin, Organisation, RevokedPass
from kiosk.sync.wire import row_to_json

PULL_LIMIT = 500
"""Rows per table per reply; the kiosk asks again while ``more`` is true."""

REFERENCE_TABLES: dict[str, Any] = {"organisations": Organisation, "bookings": Booking, "revoked_passes": RevokedPass,
                    "quiz_banks": QuizBank}


def _columns(model: Any) -> list[Any]:
    return list(model.__table__.columns)


def changes_since(session: Session, hall_id: str, since: int, *, now: datetime, exclude_devices: frozenset[str],
                  limit: int = PULL_LIMIT) -> dict[str, Any]:
    """The reply of ``GET /api/sync/pull`` (see module docstring)."""
    fetched: dict[str, list[dict[str, Any]]] = {}
    upper: int | None = None
    more = False
    for name, model in REFERENCE_TABLES.items():
        rows = session.execute(select(*_columns(model)).where(model.hall_id == hall_id, model.hub_seq > since)
                               .order_by(model.hub_seq).limit(limit + 1)).mappings().all()
        if len(rows) > limit:
            more = True
            # Rows of one seq commit together; stop below the last seq seen so none is split.
            cut = rows[limit]["hub_seq"]
            upper = cut - 1 if upper is None else min(upper, cut - 1)
        fetched[name] = [row_to_json(r) for r in rows]
    if upper is not None:
        fetched = {name: [r for r in rows if r["hub_seq"] <= upper] for name, rows in fetched.items()}
    seqs = [r["hub_seq"] for rows in fetched.values() for r in rows]
    seq = max(seqs, default=since)
    for bank in fetched["quiz_banks"]:
        bank["questions"] = [row_to_json(q) for q in session.execute(
            select(QuizQuestion.question_id, QuizQuestion.position, QuizQuestion.type, QuizQuestion.category,
                   QuizQuestion.active, QuizQuestion.data)
            .join(QuizBank, QuizBank.id == QuizQuestion.bank_id)
            .where(QuizBank.uid == uuid.UUID(bank["uid"])).order_by(QuizQuestion.position)).mappings()]
        bank.pop("id")  # the hub's row id means nothing on a kiosk: the uid names the bank
    today = hall_date(now)
    checkins = session.execute(select(*_columns(Checkin)).where(
        Checkin.hall_id == hall_id, Checkin.local_date == today,
        Checkin.device_id.not_in(sorted(exclude_devices)))).mappings().all()
    return {
        "seq": seq,
        "more": more,
        **fetched,
        "checkins_today": [row_to_json(r) for r in checkins],
        "keyring": hall_keyring_text(session, hall_id),
    }
