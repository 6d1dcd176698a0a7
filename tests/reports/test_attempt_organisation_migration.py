"""Revision 0011 only adds ``quiz_attempt_organisations``: a database made by the revision before it
keeps every fact, and on SQLite the new table has its outbox trigger from the first choice on."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from kiosk.store.db import MIGRATIONS_DIR, open_database


def test_upgrading_to_0011_keeps_the_facts_and_outboxes_the_choices(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    before = ScriptDirectory.from_config(cfg).get_revision("0011").down_revision
    engine = create_engine(url)
    at = datetime(2026, 11, 30, tzinfo=UTC).isoformat()
    attempt = uuid.uuid4()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, str(before))
        connection.execute(text(
            "INSERT INTO quiz_attempts (id, hall_id, device_id, recorded_at, mode, bank, score, max_score,"
            " question_count, correct_count, started_at, finished_at, card_text) VALUES"
            " (:id, 'h', 'd', :t, 'challenge', 'b', 3, 5, 5, 3, :t, :t, '')"), {"id": attempt.hex, "t": at})
    assert "quiz_attempt_organisations" not in inspect(engine).get_table_names()
    engine.dispose()
    db = open_database(url)  # migrates to head
    assert "quiz_attempt_organisations" in inspect(db.engine).get_table_names()
    with db.engine.begin() as connection:
        assert connection.execute(text("SELECT count(*) FROM quiz_attempts")).scalar() == 1
        connection.execute(text(
            "INSERT INTO quiz_attempt_organisations (id, hall_id, device_id, recorded_at, attempt_id,"
            " organisation_id, corrects_id) VALUES (:id, 'h', 'd', :t, :a, :o, :a)"),
            {"id": uuid.uuid4().hex, "t": at, "a": attempt.hex, "o": uuid.uuid4().hex})
        waiting = connection.execute(text(
            "SELECT count(*) FROM sync_outbox WHERE table_name = 'quiz_attempt_organisations'")).scalar()
    assert waiting == 1
    db.close()
