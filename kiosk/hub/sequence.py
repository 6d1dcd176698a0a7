"""The hub sequence: every change of a hall's reference data gets a number kiosks pull by.

The classic trap: PostgreSQL sequence values commit out of order under concurrent writers, so a
reader of "everything after N" that saw N+2 commit may never see N+1 that commits later. Here a
writer takes a per-hall transaction-scoped advisory lock before it draws its number and holds it
to commit, so the numbers of one hall commit in the order they were drawn: whatever snapshot a
reader takes, it sees a prefix of that hall's numbers (pulls read in one REPEATABLE READ snapshot,
see kiosk.hub.pull). Cursors are per hall (a kiosk pulls only its hall), so halls never wait on
each other. Reference data is small and rarely written; the lock costs nothing measurable.

The numbers are assigned automatically: :func:`install` hooks ``before_flush`` on the hub's
session factory, so every service that adds or changes an organisation, booking, revoked pass or
question bank on the hub (the API, the CLI, the booking web pages) numbers its rows with no code.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session, sessionmaker

from kiosk.store.quiz_models import QuizBank
from kiosk.store.visits_models import Booking, Organisation, RevokedPass

REFERENCE_MODELS = (Organisation, Booking, RevokedPass, QuizBank)


def next_seq(session: Session, hall_id: str) -> int:
    """Lock ``hall_id``'s sequence until this transaction ends and draw the next number."""
    session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": f"hub_seq:{hall_id}"})
    return int(session.execute(text("SELECT nextval('hub_seq')")).scalar_one())


def _number_changes(session: Session, _context: Any, _instances: Any) -> None:
    by_hall: dict[str, list[Any]] = defaultdict(list)
    for obj in [*session.new, *session.dirty]:
        if isinstance(obj, REFERENCE_MODELS) and (obj in session.new or session.is_modified(obj)):
            by_hall[obj.hall_id or ""].append(obj)
    for hall_id, rows in sorted(by_hall.items()):
        seq = next_seq(session, hall_id)
        for row in rows:
            row.hub_seq = seq


def install(sessions: sessionmaker[Session]) -> None:
    """Number every reference-data change made through ``sessions`` (the hub's, PostgreSQL only)."""
    if not event.contains(sessions, "before_flush", _number_changes):
        event.listen(sessions, "before_flush", _number_changes)
