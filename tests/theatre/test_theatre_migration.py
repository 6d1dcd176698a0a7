"""Revision 0008 only adds the theatre's table: a database made by the revision before it keeps
every fact it had and gains ``theatre_sessions``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from kiosk.store.db import MIGRATIONS_DIR, open_database


def test_upgrading_to_0008_keeps_the_facts_of_the_revision_before(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    before = ScriptDirectory.from_config(cfg).get_revision("0008").down_revision
    engine = create_engine(url)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, str(before))
        connection.execute(
            text(
                "INSERT INTO board_views (id, hall_id, device_id, recorded_at, zone_id, board_id, opened_at,"
                " dwell_seconds, read_aloud) VALUES ('0190a0b0c0d07000800000000000aaaa', 'h', 'd', :t, 'z', 'b', :t,"
                " 3.5, 0)"
            ),
            {"t": datetime(2026, 11, 30, tzinfo=UTC).isoformat()},
        )
    assert "theatre_sessions" not in inspect(engine).get_table_names()
    engine.dispose()
    db = open_database(url)  # migrates to head
    assert "theatre_sessions" in inspect(db.engine).get_table_names()
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM board_views")).scalar() == 1
    db.close()
