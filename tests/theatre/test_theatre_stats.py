"""The theatre's figures: batches and people per activity, for a date range and a set of halls,
the same on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kiosk.clock import FakeClock
from kiosk.store.db import Database, open_database
from kiosk.store.facts import FactWriter
from kiosk.theatre import audience as aud
from kiosk.theatre.host import Outcome
from kiosk.theatre.records import TheatreRecords
from kiosk.theatre.stats import theatre_activity
from tests.theatre.helpers import small_programme

PROGRAMME = small_programme()
FILM, LECTURE, OATH = PROGRAMME.items


def _run(records: TheatreRecords, item, audience, day: date, minutes: int = 10, completed: bool = True) -> None:
    start = datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)
    records.record(Outcome(item, audience, "", start, start + timedelta(minutes=minutes), completed))


def _fill(db: Database, hall: str) -> None:
    clock = FakeClock()
    records = TheatreRecords(FactWriter(db, hall, "theatre-pc", clock), clock, list)
    _run(records, FILM, aud.group("一支部", 30, None), date(2026, 12, 1))
    _run(records, FILM, aud.walk_in(12), date(2026, 12, 2))
    _run(records, OATH, aud.group("一支部", 30, None), date(2026, 12, 1))
    _run(records, OATH, aud.group("二支部", 25, None), date(2026, 12, 3), completed=False)
    _run(records, FILM, aud.group("三支部", 40, None), date(2026, 12, 9))  # outside the range
    _run(records, LECTURE, aud.NOBODY, date(2026, 12, 2))


def _check(db: Database, hall: str, other: str) -> None:
    with db.transaction() as session:
        one = theatre_activity(session, date(2026, 12, 1), date(2026, 12, 7), {hall})
        both = theatre_activity(session, date(2026, 12, 1), date(2026, 12, 31), [hall, other])
        none = theatre_activity(session, date(2026, 12, 1), date(2026, 12, 31), set())
    assert one.summary() == "观看红色影片 2 场 42 人次，重温入党誓词 2 批 55 人次，专题讲座 1 场 0 人次"
    assert (both.of("film").batches, both.of("film").people) == (6, 164)
    assert none.of("film").batches == 0
    assert one.to_json()["activities"][0] == {
        "kind": "film", "activity": "观看红色影片", "unit": "场", "batches": 2, "people": 42,
    }


def test_activity_per_kind_range_and_halls_on_sqlite(sqlite_db: Database) -> None:
    _fill(sqlite_db, "hall-a")
    _fill(sqlite_db, "hall-b")
    _check(sqlite_db, "hall-a", "hall-b")


@pytest.mark.postgres
def test_activity_on_postgres(pg_url: str, tmp_path) -> None:
    db = open_database(pg_url)
    hall, other = f"pg-a-{tmp_path.name[-6:]}", f"pg-b-{tmp_path.name[-6:]}"
    _fill(db, hall)
    _fill(db, other)
    _check(db, hall, other)
    db.close()


def test_the_summary_reports_theatre_runs_held_over_booked_purposes(sqlite_db: Database) -> None:
    """kiosk.theatre.activities is the reports' measured source: held runs, not a zero where none."""
    from kiosk.reports.activities import activities
    from kiosk.reports.scope import ReportScope

    _fill(sqlite_db, "hall-a")
    with sqlite_db.transaction() as session:
        rows = {a.activity: a for a in activities(session, ReportScope.of(date(2026, 12, 1), date(2026, 12, 7), "hall-a"))}
        quiet = {a.activity for a in activities(session, ReportScope.of(date(2027, 1, 1), date(2027, 1, 31), "hall-a"))}
    assert (rows["观看红色影片"].batches, rows["观看红色影片"].people, rows["观看红色影片"].source) == (2, 42, "演播区记录")
    assert (rows["重温入党誓词"].batches, rows["重温入党誓词"].people) == (2, 55)
    assert "观看红色影片" not in quiet  # no run recorded: the theatre source yields no zero row
