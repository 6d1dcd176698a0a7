"""Revision 0009 on a database made at 0007 (0008, the theatre, runs between): every row kept, the booking tables
added, and a booking made online on the migrated database."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import inspect, text
from sqlalchemy.orm import sessionmaker

from kiosk.booking.demo import seed_demo
from kiosk.booking.service import KeysRoot, OnlineBookings
from kiosk.clock import FakeClock
from kiosk.store.db import HEAD_REVISION, MIGRATIONS_DIR, Database, create_db_engine, migrate
from tests.booking.conftest import request


def test_0009_on_a_database_at_0007_keeps_every_row(tmp_path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0007")
    now = datetime(2026, 11, 1, 8, tzinfo=UTC).replace(tzinfo=None)
    with engine.begin() as c:
        c.execute(text("INSERT INTO staff_events (id, hall_id, device_id, recorded_at, kind, detail) VALUES "
                       "(:id, 'h', 'd', :t, 'pin_ok', '')"), {"id": uuid.uuid4().hex, "t": now})
        c.execute(text("INSERT INTO organisations (id, name, kind, created_at, hall_id) VALUES (:id, '老支部', '社区', :t, 'h')"),
                  {"id": uuid.uuid4().hex, "t": now})
    migrate(engine)
    with engine.begin() as c:
        assert c.execute(text("SELECT count(*) FROM staff_events")).scalar() == 1
        assert c.execute(text("SELECT name FROM organisations")).scalar() == "老支部"
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
    assert {"booking_halls", "booking_slots", "booking_slot_usage", "online_bookings", "staff_accounts",
            "staff_web_sessions", "rate_limit_hits", "booking_closed_days"} <= set(inspect(engine).get_table_names())
    db = Database(engine, sessionmaker(engine, expire_on_commit=False))
    clock = FakeClock()
    world = seed_demo(db, clock, tmp_path / "keys")
    service = OnlineBookings(db, clock, KeysRoot(world.keys_root))
    assert service.book(request(service)).status == "confirmed"
    db.close()
