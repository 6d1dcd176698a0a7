"""Revision 0004 on a database made by 0003: every fact kept, the feedback table and indexes added."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, text

from kiosk.store.db import MIGRATIONS_DIR, open_database


def test_upgrade_from_0003_keeps_the_facts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0003")
    fact = uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO checkins (id, hall_id, device_id, recorded_at, kind, local_date, visitor_kind, count) "
            "VALUES (:id, 'h', 'd', :at, 'walk_in', :day, 'public', 3)"),
            {"id": fact.hex, "at": datetime(2026, 3, 1, 2, tzinfo=UTC).replace(tzinfo=None), "day": date(2026, 3, 1)})
    engine.dispose()
    db = open_database(url)
    names = inspect(db.engine)
    assert "feedback" in names.get_table_names()
    # 0004's (hall_id, kind, local_date) index; since 0016 the longer report indexes that begin with it
    assert any(i["column_names"][:3] == ["hall_id", "kind", "local_date"] for i in names.get_indexes("checkins"))
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count FROM checkins")).scalar_one() == 3
    db.close()
