"""The seed's bulk path writes exactly what SQLAlchemy's Core insert would, outbox included, on the
real SQLite file and on the real PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from kiosk.demo.seed import COLUMNS, seed_history
from kiosk.store.db import Database, open_database
from kiosk.store.visits_models import Organisation


def stored(db: Database, table: str) -> list[tuple[object, ...]]:
    with db.engine.connect() as connection:
        return [tuple(r) for r in connection.exec_driver_sql(f'SELECT * FROM "{table}" ORDER BY rowid')]


def test_bulk_rows_are_stored_as_a_core_insert_would_store_them(tmp_path: Path) -> None:
    seeded = open_database(f"sqlite:///{tmp_path / 'seeded.sqlite3'}")
    counts = seed_history(seeded, start=date(2026, 3, 30), end=date(2026, 4, 2), hall_devices={"h": ["k1", "k2"]},
                          seed=3, scale=0.2)
    assert counts.checkins and counts.quiz_answers and counts.board_views and counts.feedback
    again = open_database(f"sqlite:///{tmp_path / 'core.sqlite3'}")
    with seeded.engine.connect() as source, again.engine.begin() as target:
        target.execute(insert(Organisation), [dict(r._mapping) for r in source.execute(select(Organisation.__table__))])
        for table, columns in COLUMNS.items():  # typed values read back, written by SQLAlchemy's own types
            rows = [dict(r._mapping) for r in source.execute(select(*(table.c[c] for c in columns)))]
            if rows:
                target.execute(insert(table), rows)
    for table in [*(t.name for t in COLUMNS), "sync_outbox"]:
        assert stored(seeded, table) == stored(again, table), table
    with seeded.engine.connect() as connection:
        triggers = set(connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())
        waiting = connection.exec_driver_sql("SELECT count(*) FROM sync_outbox").scalar_one()
    assert {f"sync_outbox_{t.name}" for t in COLUMNS if t.name != "bookings"} <= triggers  # put back
    facts = counts.checkins + counts.confirmations + counts.board_views + counts.quiz_attempts + counts.quiz_answers
    assert waiting == facts + counts.feedback  # one outbox row per fact, as the triggers make them
    seeded.close()
    again.close()


@pytest.mark.postgres
def test_seed_writes_the_same_facts_on_postgres(fresh_pg_url: str, tmp_path: Path) -> None:
    lite = open_database(f"sqlite:///{tmp_path / 'lite.sqlite3'}")
    pg = open_database(fresh_pg_url)
    for db in (lite, pg):
        seed_history(db, start=date(2026, 3, 30), end=date(2026, 3, 31), hall_devices={"h": ["k1", "k2"]}, seed=3,
                     scale=0.1)
    for table, columns in COLUMNS.items():
        query = select(*(table.c[c] for c in columns)).order_by(table.c.id)
        with lite.engine.connect() as a, pg.engine.connect() as b:
            assert [tuple(r) for r in a.execute(query)] == [tuple(r) for r in b.execute(query)], table.name
    lite.close()
    pg.close()


def test_seed_without_quiz_answers_draws_the_same_history(tmp_path: Path) -> None:
    """The district benchmark's seed: every other fact as with answers, and no answers."""
    dbs = [open_database(f"sqlite:///{tmp_path / f'{n}.sqlite3'}") for n in ("with", "without")]
    for db, answers in zip(dbs, (True, False)):
        seed_history(db, start=date(2026, 3, 30), end=date(2026, 4, 1), hall_devices={"h": ["k1", "k2"]}, seed=3,
                     scale=0.2, quiz_answers=answers)
    for table in COLUMNS:
        rows = [stored(db, table.name) for db in dbs]
        if table.name == "quiz_answers":
            assert rows[0] and not rows[1]
        else:
            assert rows[0] == rows[1], table.name
    for db in dbs:
        db.close()
