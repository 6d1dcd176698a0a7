"""A big seed drops its tables' non-unique indexes and re-creates them at its end: the same rows,
outbox and rollups, the same indexes afterwards, on top of facts already there; a seed that fails
puts them back itself, one that is killed leaves a record the next ``open_database`` repairs."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

import kiosk.demo.bulk_writer as bulk_writer
import kiosk.demo.seed as seed_module
from kiosk.demo.seed import COLUMNS, seed_history
from kiosk.store.bulk_indexes import DROPPED_KEY, drop_secondary_indexes
from kiosk.store.db import Database, open_database
from kiosk.store.models import BoardView
from tests.reports.test_seed_bulk import ROLLUPS, rollup_rows, stored, triggers

SEEDED = {t.name for t in COLUMNS}


def indexes(db: Database) -> dict[str, str | None]:
    """Every index of the seeded tables, unique ones (no SQL of their own) included."""
    with db.engine.connect() as connection:
        return dict(connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
            f"({', '.join(repr(t) for t in sorted(SEEDED))})").all())


def record(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return connection.exec_driver_sql("SELECT value FROM local_settings WHERE key = ?",
                                          (DROPPED_KEY,)).scalar()


def one_view(db: Database, n: int = 1) -> None:
    """``n`` board views already there (fixed ids: two databases get the same rows)."""
    at = datetime(2026, 3, 28, 2, 0, tzinfo=UTC)
    with db.engine.begin() as connection:
        connection.execute(insert(BoardView), [{"hall_id": "h", "device_id": "k1", "recorded_at": at,
                                                "corrects_id": None, "id": uuid.UUID(int=7 + i), "zone_id": "zone-01",
                                                "board_id": "b", "opened_at": at, "dwell_seconds": 12.5,
                                                "read_aloud": True} for i in range(n)])


def test_a_seed_without_its_indexes_writes_the_same_rows_and_puts_every_index_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seed_module, "FLUSH_ROWS", 900)
    during: list[set[str]] = []
    write = bulk_writer.BulkWriter.write

    def watched(self: bulk_writer.BulkWriter, batches: dict[str, list[Any]]) -> None:
        during.append(set(indexes(self.db)))
        write(self, batches)

    monkeypatch.setattr(bulk_writer.BulkWriter, "write", watched)
    results = []
    for drop in (False, True):
        db = open_database(f"sqlite:///{tmp_path / f'd{drop}.sqlite3'}")
        one_view(db)  # a fact already there
        before, before_triggers = indexes(db), triggers(db)
        during.clear()
        seed_history(db, start=date(2026, 3, 28), end=date(2026, 4, 2), hall_devices={"h": ["k1", "k2"]},
                     seed=5, scale=0.2, drop_indexes=drop)
        assert len(during) > 2
        non_unique = {name for name, sql in before.items() if sql and not sql.startswith("CREATE UNIQUE")}
        assert len(non_unique) > 10
        for names in during:  # dropped while writing, primary keys and unique indexes kept
            assert (names & non_unique == set()) if drop else (names == set(before))
            assert names >= set(before) - non_unique
        assert indexes(db) == before and triggers(db) == before_triggers
        assert record(db) is None
        tables = [*(t.name for t in COLUMNS), "sync_outbox", "organisations"]
        results.append(({t: stored(db, t) for t in tables}, {t: rollup_rows(db, t) for t in ROLLUPS}))
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        db.close()
    assert results[0] == results[1]


def test_only_a_seed_bigger_than_what_is_there_drops_the_indexes(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A seed of at least BULK_MIN_ROWS and of more rows than its tables hold (rebuilding sorts them
    all) drops them; a small seed, or one on a fuller database, keeps its indexes."""
    seen: list[bool] = []
    init = bulk_writer.BulkWriter.__init__

    def spy(self: bulk_writer.BulkWriter, *args: Any, drop_indexes: bool = False) -> None:
        seen.append(drop_indexes)
        init(self, *args, drop_indexes=drop_indexes)

    monkeypatch.setattr(bulk_writer.BulkWriter, "__init__", spy)
    for name, days, min_rows in (("small", 5, None), ("fuller", 1, 10), ("bigger", 5, 10)):
        if min_rows is not None:
            monkeypatch.setattr(seed_module, "BULK_MIN_ROWS", min_rows)
        db = open_database(f"sqlite:///{tmp_path / f'{name}.sqlite3'}")
        one_view(db, 2000)  # a 0.2-scale hall-day seeds about 600 rows
        seed_history(db, start=date(2026, 3, 20), end=date(2026, 3, 19 + days), hall_devices={"h": ["k1", "k2"]},
                     seed=3, scale=0.2)
        db.close()
    assert seen == [False, False, True]


def test_a_seed_that_fails_puts_its_indexes_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seed_module, "FLUSH_ROWS", 900)
    db = open_database(f"sqlite:///{tmp_path / 'failed.sqlite3'}")
    before = indexes(db)
    calls: list[int] = []
    write = bulk_writer.BulkWriter.write

    def failing(self: bulk_writer.BulkWriter, batches: dict[str, list[Any]]) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        write(self, batches)

    monkeypatch.setattr(bulk_writer.BulkWriter, "write", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        seed_history(db, start=date(2026, 3, 28), end=date(2026, 4, 2), hall_devices={"h": ["k1", "k2"]},
                     seed=5, scale=0.2, drop_indexes=True)
    assert indexes(db) == before and record(db) is None
    db.close()


def test_indexes_a_killed_load_dropped_are_re_created_at_the_next_open(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'killed.sqlite3'}"
    db = open_database(url)
    one_view(db)
    before = indexes(db)
    proxy = db.engine.raw_connection()
    raw: Any = proxy.driver_connection
    if raw.in_transaction:
        raw.commit()
    dropped = drop_secondary_indexes(raw, SEEDED)  # and then the process dies: nothing puts them back
    proxy.close()
    db.close()
    assert dropped and set(dropped) <= set(before)
    with sqlite3.connect(tmp_path / "killed.sqlite3") as left:  # what a kill leaves, before any repair
        names = {n for (n,) in left.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert not names & set(dropped)
        assert left.execute("SELECT count(*) FROM local_settings WHERE key = ?", (DROPPED_KEY,)).fetchone() == (1,)
    reopened = open_database(url)
    assert indexes(reopened) == before and record(reopened) is None
    reopened.close()


def test_a_rebuild_that_fails_says_so_and_the_next_open_finishes_it(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'full.sqlite3'}"
    db = open_database(url)
    before = indexes(db)

    def disk_full(raw: Any) -> list[str]:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(bulk_writer, "restore_indexes", disk_full)
    with pytest.raises(RuntimeError, match="下次打开数据库时会自动重建"):
        seed_history(db, start=date(2026, 3, 30), end=date(2026, 3, 31), hall_devices={"h": ["k1", "k2"]},
                     seed=3, scale=0.2, drop_indexes=True)
    assert record(db) is not None and set(indexes(db)) < set(before)
    db.close()
    monkeypatch.undo()
    reopened = open_database(url)
    assert indexes(reopened) == before and record(reopened) is None
    reopened.close()
