"""Revision 0010 on a database at 0009 holding quiz facts: every fact kept, the covering indexes and
the (empty) totals tables added, and the first statistics read folds the old attempts into them."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, text

from kiosk.quizzone.statistics import bank_report
from kiosk.store.db import MIGRATIONS_DIR, open_database


def test_upgrade_from_0009_keeps_the_facts_and_folds_them_on_first_read(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0009")
    at = datetime(2026, 3, 1, 2, tzinfo=UTC).replace(tzinfo=None)
    with engine.begin() as connection:
        for n in range(3):
            attempt = uuid.uuid4()
            connection.execute(text(
                "INSERT INTO quiz_attempts (id, hall_id, device_id, recorded_at, mode, bank, score, max_score,"
                " question_count, correct_count, started_at, finished_at, card_text) VALUES"
                " (:id, 'h', 'd', :at, 'practice', 'b', :s, 2, 2, :s, :at, :at, '')"), {"id": attempt.hex, "at": at, "s": n % 2})
            for position, q in enumerate(["q1", f"q{2 + n}"]):
                connection.execute(text(
                    "INSERT INTO quiz_answers (id, hall_id, device_id, recorded_at, attempt_id, position, question_id,"
                    " chosen, correct, seconds, timed_out, points) VALUES"
                    " (:id, 'h', 'd', :at, :a, :p, :q, :c, :ok, 2.0, 0, 0)"),
                    {"id": uuid.uuid4().hex, "at": at, "a": attempt.hex, "p": position, "q": q,
                     "c": json.dumps(["B"]), "ok": position == 0 and n % 2 == 1})
    engine.dispose()
    db = open_database(url)
    names = inspect(db.engine)
    assert {"quiz_item_totals", "quiz_set_totals", "quiz_mode_totals", "quiz_folded_attempts"} <= set(names.get_table_names())
    assert "ix_board_views_report" in {i["name"] for i in names.get_indexes("board_views")}
    assert "ix_checkins_walk_ins" in {i["name"] for i in names.get_indexes("checkins")}
    report = bank_report(db, "b", {}, {}, modes=["practice"])
    items = {i.question_id: (i.attempts, i.correct) for i in report.mode("practice").statistics.items}
    assert items == {"q1": (3, 1), "q2": (1, 0), "q3": (1, 0), "q4": (1, 0)}
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM quiz_answers")).scalar_one() == 6
        assert connection.execute(text("SELECT count(*) FROM quiz_folded_attempts")).scalar_one() == 3
        assert connection.execute(text("SELECT sum(answers) FROM quiz_item_totals")).scalar_one() == 6
    db.close()
