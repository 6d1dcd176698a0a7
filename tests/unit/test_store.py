"""Facts are stamped (UUIDv7, hall, device, UTC) and land on disk; the schema migrates idempotently."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from kiosk.clock import FakeClock
from kiosk.store.db import DatabaseError, migrate, open_database, schema_is_current
from kiosk.store.facts import FactWriter
from kiosk.store.models import BoardView


def _view(**kw: object) -> BoardView:
    return BoardView(zone_id="zone1", board_id="z1-b1", opened_at=datetime(2026, 11, 21, 9, tzinfo=UTC),
                     dwell_seconds=12.5, read_aloud=True, **kw)


def test_fact_is_stamped_and_read_back_in_utc(tmp_path: Path, clock: FakeClock) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    facts = FactWriter(db, "hall-a", "kiosk-1", clock)
    written = facts.add(_view())
    assert written.id.version == 7
    with db.transaction() as session:
        row = session.scalars(select(BoardView)).one()
    assert (row.hall_id, row.device_id, row.board_id, row.read_aloud) == ("hall-a", "kiosk-1", "z1-b1", True)
    assert row.recorded_at == clock.now() and row.recorded_at.tzinfo is not None
    assert row.opened_at == datetime(2026, 11, 21, 9, tzinfo=UTC)


def test_ids_sort_by_time(tmp_path: Path, clock: FakeClock) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    facts = FactWriter(db, "hall-a", "kiosk-1", clock)
    ids = []
    for _ in range(5):
        ids.append(facts.add(_view()).id)
        clock.advance(0.01)
    assert ids == sorted(ids, key=lambda u: u.bytes)


def test_acknowledged_fact_is_visible_to_another_connection_at_once(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "k.sqlite3"
    db = open_database(f"sqlite:///{path}")
    FactWriter(db, "hall-a", "kiosk-1", clock).add(_view())
    # a separate plain sqlite3 connection (as after a crash and restart) sees the committed row
    with sqlite3.connect(path) as raw:
        assert raw.execute("select count(*) from board_views").fetchone() == (1,)
        assert raw.execute("pragma journal_mode").fetchone() == ("wal",)


def test_naive_timestamps_are_refused(tmp_path: Path, clock: FakeClock) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    with pytest.raises(Exception, match="timezone-aware"):
        with db.transaction() as session:
            view = _view()
            view.opened_at = datetime(2026, 1, 1)  # noqa: DTZ001 - the point of the test
            view.id, view.hall_id, view.device_id, view.recorded_at = uuid.uuid4(), "h", "d", datetime.now(UTC)
            session.add(view)


def test_migration_runs_twice_without_harm(tmp_path: Path, clock: FakeClock) -> None:
    url = f"sqlite:///{tmp_path / 'k.sqlite3'}"
    db = open_database(url)
    written = FactWriter(db, "hall-a", "kiosk-1", clock).add(_view())
    tables = set(inspect(db.engine).get_table_names())
    migrate(db.engine, force=True)  # Alembic itself a second time, not the "already at head" shortcut
    assert schema_is_current(db.engine)
    assert set(inspect(db.engine).get_table_names()) == tables
    db.close()
    again = open_database(url)  # and the ordinary second start
    with again.transaction() as session:
        assert [v.id for v in session.scalars(select(BoardView))] == [written.id]
    again.close()


def test_unreachable_database_is_a_clear_error() -> None:
    with pytest.raises(DatabaseError, match="无法打开数据库"):
        open_database("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_utc_conversion_of_other_zones(tmp_path: Path, clock: FakeClock) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    beijing = datetime(2026, 11, 22, 1, tzinfo=timezone(timedelta(hours=8)))
    view = _view()
    view.opened_at = beijing
    FactWriter(db, "h", "d", clock).add(view)
    with db.transaction() as session:
        assert session.scalars(select(BoardView.opened_at)).one() == datetime(2026, 11, 21, 17, tzinfo=UTC)


def test_head_revision_constant_names_the_newest_migration() -> None:
    """open_database skips Alembic when the schema is at HEAD_REVISION, so it must be the real head."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from kiosk.store.db import HEAD_REVISION, MIGRATIONS_DIR

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_current_head() == HEAD_REVISION


def test_database_at_head_is_not_migrated_again(tmp_path: Path) -> None:
    from kiosk.store.db import schema_is_current

    db = open_database(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    assert schema_is_current(db.engine)
    db.close()
