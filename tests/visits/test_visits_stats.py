"""Arrival statistics: each group once (even when two offline kiosks both accepted it), flagged duplicates."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import make_transient

from kiosk.clock import FakeClock
from kiosk.store.db import Database, open_database
from kiosk.store.visits_models import Checkin
from kiosk.visits.service import VisitsService
from tests.visits.helpers import ORG, TODAY, book, make_service


def copy_facts(source: Database, target: Database) -> None:
    """What sync will do: the check-in facts of one device inserted, as they are, into another database."""
    with source.transaction() as session:
        rows = session.scalars(select(Checkin)).all()
        session.expunge_all()
    with target.transaction() as session:
        for row in rows:
            make_transient(row)
            session.add(row)


def test_groups_members_walk_ins_and_a_duplicate_counted_once(visits: VisitsService, sqlite_db: Database,
                                                             clock: FakeClock, keys_dir: Path,
                                                             tmp_path: Path) -> None:
    first, first_text = book(visits, headcount=45)
    _, second_text = book(visits, org="王府井社区党委", kind="社区", headcount=20)
    _, third_text = book(visits, slot="14:00-15:00", headcount=10)  # the same organisation again
    accepted = visits.scan(first_text)
    assert accepted.checkin_id is not None
    visits.confirm_headcount(accepted.checkin_id, 43)
    visits.scan(second_text)
    visits.scan(third_text)
    # kiosk-2 was offline with its own database: it accepted the same pass, and its fact reaches the hub later
    kiosk2_db = open_database(f"sqlite:///{tmp_path / 'kiosk2.sqlite3'}")
    clock.advance(300)
    assert make_service(kiosk2_db, clock, keys_dir, device="kiosk-2").scan(first_text).accepted
    copy_facts(kiosk2_db, sqlite_db)
    kiosk2_db.close()
    org = visits.organisations.get_by_name(ORG)
    visits.walk_in(kind="member", count=3, organisation_id=org.id)
    visits.walk_in(kind="public", count=7)

    report = visits.stats.arrivals(TODAY, TODAY)
    assert (report.groups, report.organisations) == (3, 2)
    assert report.group_members == 43 + 20 + 10  # the first group once, with its confirmed number
    assert (report.walk_in_members, report.public, report.members) == (3, 7, 76)
    assert [(d.booking_id, d.checkins, d.devices) for d in report.duplicates] == [(first.id, 2, ("kiosk-1", "kiosk-2"))]
    assert report.duplicates[0].organisation == ORG
    assert "2 个组织，76 名党员" in report.summary()
    assert report.to_json()["duplicates"][0]["booking"] == str(first.id)

    assert visits.stats.arrivals(TODAY + timedelta(days=1), TODAY + timedelta(days=365)).groups == 0
    assert visits.stats.arrivals(TODAY, TODAY, hall_id="another-hall").members == 0


def test_a_year_spans_days_and_an_empty_range_is_zero(visits: VisitsService, clock: FakeClock) -> None:
    empty = visits.stats.arrivals(date(2026, 1, 1), date(2026, 12, 31))
    assert (empty.organisations, empty.members, empty.duplicates) == (0, 0, [])
    _, today_text = book(visits)
    _, later_text = book(visits, org="王府井社区党委", kind="社区", day=TODAY + timedelta(days=3), headcount=12)
    visits.scan(today_text)
    clock.advance(3 * 86400)
    visits.scan(later_text)
    year = visits.stats.arrivals(date(2026, 1, 1), date(2026, 12, 31))
    assert (year.groups, year.organisations, year.members) == (2, 2, 57)
    assert visits.stats.arrivals(TODAY, TODAY).members == 45
