"""The same models, migrations and services on the hub's PostgreSQL as on the kiosk's SQLite."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, select

from kiosk.clock import FakeClock
from kiosk.staff.pin import PinGate, PinOutcome
from kiosk.store.db import open_database
from kiosk.store.facts import FactWriter
from kiosk.store.models import BoardView

pytestmark = pytest.mark.postgres


def test_migrations_create_every_table_and_run_twice(pg_url: str) -> None:
    db = open_database(pg_url)
    open_database(pg_url).close()
    tables = set(inspect(db.engine).get_table_names())
    assert {"board_views", "staff_events", "local_settings", "alembic_version"} <= tables
    assert db.engine.dialect.name == "postgresql"
    db.close()


def test_board_view_facts_round_trip_in_utc(pg_url: str) -> None:
    db = open_database(pg_url)
    clock = FakeClock()
    facts = FactWriter(db, "hall-pg", "kiosk-9", clock)
    written = facts.add(BoardView(zone_id="z", board_id="b", opened_at=datetime(2026, 7, 1, 1, 2, 3, tzinfo=UTC),
                                  dwell_seconds=4.5, read_aloud=False))
    with db.transaction() as session:
        row = session.get(BoardView, written.id)
        assert row is not None
        assert row.opened_at == datetime(2026, 7, 1, 1, 2, 3, tzinfo=UTC)
        assert row.recorded_at == clock.now()
        assert row.id.version == 7
        assert session.scalars(select(BoardView.hall_id).where(BoardView.id == written.id)).one() == "hall-pg"
    db.close()


def test_pin_gate_on_postgres(pg_url: str) -> None:
    db = open_database(pg_url)
    clock = FakeClock()
    gate = PinGate(db, FactWriter(db, "hall-pg", "kiosk-9", clock), clock)
    gate.set_pin("8642")
    assert gate.check("0000").outcome is PinOutcome.WRONG
    assert gate.check("8642").outcome is PinOutcome.OK
    db.close()
