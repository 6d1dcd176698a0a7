"""Arrival statistics: each group once (even when two offline kiosks both accepted it), flagged duplicates."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import make_transient

from kiosk.clock import FakeClock
from kiosk.store.db import Database, open_database
from kiosk.store.visits_models import Checkin, HeadcountConfirmation
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


def copy_all_facts(source: Database, target: Database) -> None:
    """Check-ins and headcount confirmations of one kiosk's database inserted into another (as sync will)."""
    for model in (Checkin, HeadcountConfirmation):
        with source.transaction() as session:
            rows = session.scalars(select(model)).all()
            session.expunge_all()
        with target.transaction() as session:
            for row in rows:
                make_transient(row)
                session.add(row)


def test_a_headcount_confirmed_on_the_duplicate_check_in_counts(clock: FakeClock, keys_dir: Path,
                                                                tmp_path: Path) -> None:
    """Two offline kiosks both accepted one pass; the leader confirmed 30 at the SECOND one. Per booking
    and day the newest confirmation across all its check-ins wins; without any, the first check-in's cap."""
    hub_db, k1_db, k2_db = (open_database(f"sqlite:///{tmp_path / name}.sqlite3") for name in ("hub", "k1", "k2"))
    office = make_service(hub_db, clock, keys_dir, device="office")
    booking, text = book(office, headcount=45)
    other, other_text = book(office, org="王府井社区党委", kind="社区", headcount=20)
    kiosk1 = make_service(k1_db, clock, keys_dir, device="kiosk-1")
    kiosk2 = make_service(k2_db, clock, keys_dir, device="kiosk-2")
    first = kiosk1.scan(text)
    kiosk1.scan(other_text)
    clock.advance(120)
    second = kiosk2.scan(text)
    assert first.accepted and second.accepted and second.checkin_id is not None
    kiosk2.confirm_headcount(second.checkin_id, 30)
    copy_all_facts(k1_db, hub_db)
    copy_all_facts(k2_db, hub_db)

    report = office.stats.arrivals(TODAY, TODAY)
    assert (report.groups, report.group_members) == (2, 30 + 20)
    assert [(d.booking_id, d.checkins) for d in report.duplicates] == [(booking.id, 2)]
    staff = {row.booking_id: row.arrived for row in office.today_bookings()}
    assert staff == {booking.id: 30, other.id: 20}
    assert office.scan(text).arrived == 30  # "already checked in" shows the same number

    # a later confirmation at the FIRST kiosk is now the newest one and wins
    clock.advance(60)
    assert first.checkin_id is not None
    kiosk1.confirm_headcount(first.checkin_id, 38)
    with k1_db.transaction() as session:
        newest = session.scalars(select(HeadcountConfirmation).order_by(HeadcountConfirmation.recorded_at.desc())
                                 ).first()
        session.expunge_all()
    assert newest is not None
    with hub_db.transaction() as session:
        make_transient(newest)
        session.add(newest)
    assert office.stats.arrivals(TODAY, TODAY).group_members == 38 + 20
    assert {row.booking_id: row.arrived for row in office.today_bookings()}[booking.id] == 38
    for db in (hub_db, k1_db, k2_db):
        db.close()
