"""The seed's bulk path writes exactly what SQLAlchemy's Core insert would, outbox and per-day rollups
included, on the real SQLite file and on the real PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select

import kiosk.demo.seed as seed_module
from kiosk.demo.seed import BANK, COLUMNS, seed_history
from kiosk.store.db import Database, open_database
from kiosk.store.feedback_models import Feedback
from kiosk.store.models import BoardView
from kiosk.store.quiz_models import QuizAttempt
from kiosk.store.report_rollup_models import BoardViewDay, FeedbackDay, FeedbackTagDay, QuizAttemptDay, WalkInDay
from kiosk.store.visits_models import Checkin, Organisation


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


ROLLUPS = [t.__tablename__ for t in (BoardViewDay, QuizAttemptDay, WalkInDay, FeedbackDay, FeedbackTagDay)]


def rollup_rows(db: Database, table: str) -> list[tuple[object, ...]]:
    """A rollup's rows by key; float sums rounded to 9 digits (the order of a float sum's additions
    — one fact at a time in the trigger, a batch's ``sum()`` in the bulk path — moves the last bit)."""
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql(f'SELECT * FROM "{table}" ORDER BY 1, 2, 3').all()
    return [tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in rows]


def triggers(db: Database) -> dict[str, str]:
    with db.engine.connect() as connection:
        return dict(connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all())


def test_bulk_rollups_equal_the_trigger_path_table_for_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bulk path adds each transaction's rows to the rollups in one grouped upsert (the rollup
    triggers dropped and put back inside it): the same rows as the triggers firing per fact, on top
    of rollup rows already there, with a day split across transactions."""
    monkeypatch.setattr(seed_module, "FLUSH_ROWS", 700)
    seeded = open_database(f"sqlite:///{tmp_path / 'seeded.sqlite3'}")
    again = open_database(f"sqlite:///{tmp_path / 'core.sqlite3'}")
    before = triggers(seeded)
    assert {f"{t}_insert" for t in ROLLUPS} <= set(before)
    at = datetime(2026, 3, 28, 2, 0, tzinfo=UTC)  # facts and rollup rows already there, on a seeded day
    stamp = {"hall_id": "h", "device_id": "k1", "recorded_at": at, "corrects_id": None}
    with seeded.engine.begin() as connection:
        connection.execute(insert(BoardView), [{**stamp, "id": uuid.uuid4(), "zone_id": "zone-01", "board_id": "b",
                                                "opened_at": at, "dwell_seconds": 12.5, "read_aloud": True}])
        connection.execute(insert(QuizAttempt), [{**stamp, "id": uuid.uuid4(), "mode": "daily", "bank": BANK,
                                                  "score": 70, "max_score": 100, "question_count": 10,
                                                  "correct_count": 7, "started_at": at, "finished_at": at,
                                                  "organisation_id": None, "card_text": ""}])
        connection.execute(insert(Checkin), [{**stamp, "id": uuid.uuid4(), "kind": "walk_in",
                                              "local_date": date(2026, 3, 28), "booking_id": None, "pass_id": None,
                                              "organisation_id": None, "visitor_kind": "public", "count": 2,
                                              "headcount_cap": None}])
        connection.execute(insert(Feedback), [{**stamp, "id": uuid.uuid4(), "local_date": date(2026, 3, 28),
                                               "rating": 5, "tags": '["讲解清楚"]', "suggestion": "",
                                               "organisation_id": None, "source": "kiosk"}])
    seed_history(seeded, start=date(2026, 3, 28), end=date(2026, 4, 2), hall_devices={"h": ["k1", "k2"]},
                 seed=3, scale=0.2)
    with seeded.engine.connect() as source, again.engine.begin() as target:
        target.execute(insert(Organisation), [dict(r._mapping) for r in source.execute(select(Organisation.__table__))])
        for table, columns in COLUMNS.items():  # one fact at a time through the triggers
            rows = [dict(r._mapping) for r in source.execute(select(*(table.c[c] for c in columns)))]
            if rows:
                target.execute(insert(table), rows)
    for table in ROLLUPS:
        assert rollup_rows(seeded, table) == rollup_rows(again, table) != [], table
    assert triggers(seeded) == before  # every trigger put back as it was
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


def test_rows_made_in_a_child_process_are_the_same_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``parallel`` only moves the seeded generator into a child process: every table, the outbox
    and the rollups hold the same rows in the same order, in the same number of transactions."""
    monkeypatch.setattr(seed_module, "FLUSH_ROWS", 900)
    results = []
    for parallel in (False, True):
        db = open_database(f"sqlite:///{tmp_path / f'p{parallel}.sqlite3'}")
        done: list[int] = []
        counts = seed_history(db, start=date(2026, 3, 28), end=date(2026, 4, 2), hall_devices={"h": ["k1", "k2"]},
                              seed=5, scale=0.2, parallel=parallel, progress=lambda d, _t: done.append(d))
        tables = [*(t.name for t in COLUMNS), "sync_outbox", "organisations"]
        results.append((counts, done, {t: stored(db, t) for t in tables}, {t: rollup_rows(db, t) for t in ROLLUPS}))
        db.close()
    single, child = results
    assert single[0] == child[0] and single[1] == child[1] and len(single[1]) > 2
    for table in single[2]:
        assert single[2][table] == child[2][table] != [], table
    assert single[3] == child[3]


@pytest.mark.parametrize("parallel", [False, True])
def test_the_seed_folds_its_attempts_as_the_catch_up_fold_would(report_db: Database, parallel: bool,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The seed knows each attempt's answers, so it folds them into the running totals as it writes
    (the first item statistics after a seed have nothing to catch up): the very rows the catch-up
    fold makes from the stored answers, on SQLite and PostgreSQL, over several transactions."""
    from sqlalchemy import delete, func

    from kiosk.quizzone import item_totals
    from kiosk.quizzone.item_totals import fold_missing
    from kiosk.store.quiz_totals_models import QuizFoldedAttempt, QuizItemTotal, QuizModeTotal, QuizSetTotal
    from tests.reports.test_item_totals import _totals

    monkeypatch.setattr(seed_module, "FLUSH_ROWS", 900)
    counts = seed_history(report_db, start=date(2026, 3, 28), end=date(2026, 4, 1), hall_devices={"h": ["k1", "k2"]},
                          seed=6, scale=0.1, parallel=parallel)
    assert counts.quiz_attempts > 100
    with report_db.transaction() as session:
        assert session.execute(select(func.sum(QuizModeTotal.folded))).scalar_one() == counts.quiz_attempts
        assert [fold_missing(session, BANK, mode) for mode in ("practice", "challenge", "daily")] == [0, 0, 0]
    folded_by_seed = _totals(report_db)
    monkeypatch.setattr(item_totals, "FOLD_BATCH", 97)
    with report_db.transaction() as session:
        for table in (QuizItemTotal, QuizSetTotal, QuizModeTotal, QuizFoldedAttempt):
            session.execute(delete(table.__table__))
        assert sum(fold_missing(session, BANK, mode) for mode in ("practice", "challenge", "daily")) == \
            counts.quiz_attempts
    assert _totals(report_db) == folded_by_seed
