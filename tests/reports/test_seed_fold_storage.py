"""The fold writes its set totals and folded ids straight to the SQLite driver: stored exactly as a
Core insert of the same values would store them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import insert, select

from kiosk.demo.seed import seed_history
from kiosk.store.db import open_database
from kiosk.store.quiz_totals_models import QuizFoldedAttempt, QuizSetTotal
from tests.reports.test_seed_bulk import stored


def test_the_seeds_fold_stores_what_a_core_insert_would(tmp_path: Path) -> None:
    seeded = open_database(f"sqlite:///{tmp_path / 'seeded.sqlite3'}")
    seed_history(seeded, start=date(2026, 3, 30), end=date(2026, 4, 1), hall_devices={"h": ["k1", "k2"]}, seed=3,
                 scale=0.2)
    again = open_database(f"sqlite:///{tmp_path / 'core.sqlite3'}")
    with seeded.engine.connect() as source, again.engine.begin() as target:
        for model in (QuizSetTotal, QuizFoldedAttempt):
            rows = [dict(r._mapping) for r in source.execute(select(model.__table__))]
            assert rows
            target.execute(insert(model.__table__), rows)
    for table in ("quiz_set_totals", "quiz_folded_attempts"):
        assert stored(seeded, table) == stored(again, table), table
    seeded.close()
    again.close()
