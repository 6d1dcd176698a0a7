"""Two scans of one pass at the same moment, and a scan at midnight: at most one fact, one "today".

The race: the kiosk UI and ``kiosk checkin`` in another process share one SQLite file. Both read
"not checked in yet"; if nothing serialises the read and the insert, both write a check-in. The
tests hold each writer at a barrier just before its INSERT: without a lock both get there, with the
lock the second one waits before its read, sees the first one's fact and answers "already".
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

from kiosk.clock import FakeClock, hall_date
from kiosk.passes.outcomes import CheckinOutcome
from kiosk.store.db import Database, open_database
from kiosk.store.facts import FactWriter
from kiosk.store.visits_models import Checkin, HeadcountConfirmation
from kiosk.visits.results import CheckinResult
from kiosk.visits.service import VisitsService
from tests.visits.helpers import TODAY, book, make_service


def hold_inserts_at(barrier: threading.Barrier, *databases: Database) -> None:
    """Make every INSERT of a check-in wait (up to a second) until all racers have reached it."""

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO CHECKINS"):
            try:
                barrier.wait(timeout=1.0)
            except threading.BrokenBarrierError:
                pass  # the other racer is waiting for the lock: that is the point

    for db in databases:
        event.listen(db.engine, "before_cursor_execute", before)


def race(services: list[VisitsService], text: str) -> list[CheckinResult]:
    """Scan ``text`` on every service at once, each in its own thread; results in thread order."""
    results: list[CheckinResult | BaseException | None] = [None] * len(services)

    def run(i: int) -> None:
        try:
            results[i] = services[i].scan(text)
        except BaseException as exc:  # noqa: BLE001 - the assertion below reports it
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(services))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert all(isinstance(r, CheckinResult) for r in results), f"scan raised or hung: {results}"
    return [r for r in results if isinstance(r, CheckinResult)]


def checkin_count(db: Database) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(Checkin).where(Checkin.kind == "pass")) or 0


def test_two_processes_scanning_one_pass_at_once_accept_it_once(tmp_path: Path, keys_dir: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    ui_db, cli_db = open_database(url), open_database(url)  # two engines, like two processes
    try:
        clock = FakeClock()
        ui = make_service(ui_db, clock, keys_dir)
        cli = make_service(cli_db, clock, keys_dir)
        _, text = book(ui)
        hold_inserts_at(threading.Barrier(2), ui_db, cli_db)

        results = race([ui, cli], text)

        assert sorted(r.outcome for r in results) == [CheckinOutcome.ACCEPTED, CheckinOutcome.ALREADY_CHECKED_IN]
        assert checkin_count(ui_db) == 1
        already = next(r for r in results if r.outcome is CheckinOutcome.ALREADY_CHECKED_IN)
        accepted = next(r for r in results if r.outcome is CheckinOutcome.ACCEPTED)
        assert already.checked_in_at == accepted.checked_in_at and already.arrived == 45
    finally:
        ui_db.close()
        cli_db.close()


def test_a_scan_that_cannot_get_the_database_answers_and_writes_nothing(tmp_path: Path, keys_dir: Path) -> None:
    """Another process holds the write lock past the busy timeout: scan returns a refusal, never raises."""
    path = tmp_path / "busy.sqlite3"
    db = open_database(f"sqlite:///{path}")
    db.engine.dispose()
    event.listen(db.engine, "connect", lambda conn, _rec: conn.execute("PRAGMA busy_timeout=50"))
    service = make_service(db, FakeClock(), keys_dir)
    _, text = book(service)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # e.g. a long export holding the writer lock
        result = service.scan(text)
        assert result.outcome is CheckinOutcome.UNREADABLE and "稍后" in result.message
        assert result.checkin_id is None
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert checkin_count(db) == 0
    assert service.scan(text).outcome is CheckinOutcome.ACCEPTED  # once the lock is gone, it works
    db.close()


class TickingClock(FakeClock):
    """A clock that moves one second every time it is read (a scan that straddles midnight)."""

    def now(self) -> datetime:
        instant = super().now()
        self.advance(1)
        return instant


def test_a_scan_at_midnight_stamps_the_day_and_the_time_from_one_reading(sqlite_db: Database,
                                                                      keys_dir: Path) -> None:
    office = make_service(sqlite_db, FakeClock(), keys_dir)
    _, text = book(office)
    # 23:59:59.5 in the hall on TODAY; the next reading is already tomorrow
    clock = TickingClock(datetime(TODAY.year, TODAY.month, TODAY.day, 15, 59, 59, 500000, tzinfo=UTC))
    kiosk = make_service(sqlite_db, clock, keys_dir)

    result = kiosk.scan(text)

    assert result.outcome is CheckinOutcome.ACCEPTED
    with sqlite_db.transaction() as session:
        row = session.execute(select(Checkin.local_date, Checkin.recorded_at)).one()
    assert row.local_date == TODAY == hall_date(row.recorded_at)
    assert result.checked_in_at == row.recorded_at

    assert result.checkin_id is not None
    kiosk.confirm_headcount(result.checkin_id, 40)
    walk_in = kiosk.walk_in(kind="member", count=2)
    with sqlite_db.transaction() as session:
        stored = session.execute(select(Checkin.local_date, Checkin.recorded_at)
                                 .where(Checkin.id == walk_in.checkin_id)).one()
        assert session.scalar(select(func.count()).select_from(HeadcountConfirmation)) == 1
    assert stored.local_date == hall_date(stored.recorded_at)


def test_fact_writer_stamp_fills_the_fact_columns_without_writing(sqlite_db: Database) -> None:
    clock = FakeClock()
    writer = FactWriter(sqlite_db, "hall-x", "kiosk-7", clock)
    moment = clock.now() + timedelta(hours=3)
    fact = writer.stamp(HeadcountConfirmation(arrived=3), moment)
    assert (fact.hall_id, fact.device_id, fact.recorded_at, fact.id.version) == ("hall-x", "kiosk-7", moment, 7)
    assert writer.stamp(HeadcountConfirmation(arrived=3)).recorded_at == clock.now()  # no moment: the clock
    assert writer.stamp_values(moment)["recorded_at"] == moment
    with sqlite_db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(HeadcountConfirmation)) == 0
