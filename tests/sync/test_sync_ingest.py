"""The hub's ingest path on the real PostgreSQL: COPY into a per-connection staging table, then
one INSERT … ON CONFLICT DO NOTHING — idempotent, exact counts, safe after a rollback."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select, text

from kiosk.hub.ingest import check_batch, insert_facts
from kiosk.store.models import BoardView
from tests.sync.conftest import HALL

pytestmark = pytest.mark.postgres

DEVICE = "ingest-test-device"


def board_view(now: datetime) -> dict[str, object]:
    from uuid6 import uuid7

    return {"id": str(uuid7()), "hall_id": HALL, "device_id": DEVICE, "recorded_at": now.isoformat(),
            "zone_id": "z1", "board_id": "b1", "opened_at": now.isoformat(), "dwell_seconds": 3.5,
            "read_aloud": False, "corrects_id": None}


def batch_of(rows: list[dict[str, object]]):  # type: ignore[no-untyped-def]
    return check_batch({"board_views": rows}, hall_id=HALL, device_ids=frozenset({DEVICE}), max_rows=2000)


def stored(hub_db, ids: list[object]) -> int:  # type: ignore[no-untyped-def]
    with hub_db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(BoardView)
                                  .where(BoardView.id.in_([uuid.UUID(str(i)) for i in ids]))) or 0)


def test_ingest_counts_new_rows_once_and_replays_change_nothing(hub_db) -> None:
    now = datetime.now(timezone.utc)
    rows = [board_view(now) for _ in range(50)]
    with hub_db.transaction() as session:
        # A row twice in one batch, and one batch twice in one transaction (a bundle can do that).
        assert insert_facts(session, batch_of([*rows, rows[0]])).inserted == 50
        assert insert_facts(session, batch_of(rows)).inserted == 0
    with hub_db.transaction() as session:
        done = insert_facts(session, batch_of(rows[:10] + [board_view(now)]))
    assert (done.received, done.inserted) == (11, 1)
    assert stored(hub_db, [r["id"] for r in rows]) == 50


def test_ingest_after_a_rolled_back_first_use_of_a_connection(hub_db) -> None:
    """The rollback undoes the CREATE TEMP TABLE of its transaction: the next batch on that
    pooled connection must create it again, not fail (or write nothing)."""
    now = datetime.now(timezone.utc)
    lost, kept = [board_view(now)], [board_view(now)]
    hub_db.engine.dispose()  # fresh connections: the next use of each creates its staging table
    session = hub_db.sessions()
    session.begin()
    backend = session.execute(text("SELECT pg_backend_pid()")).scalar()
    insert_facts(session, batch_of(lost))
    session.rollback()
    session.close()
    with hub_db.transaction() as session:
        assert session.execute(text("SELECT pg_backend_pid()")).scalar() == backend  # the same pooled connection
        assert insert_facts(session, batch_of(kept)).inserted == 1
    assert stored(hub_db, [lost[0]["id"]]) == 0
    assert stored(hub_db, [kept[0]["id"]]) == 1
