"""Arrivals on the hub's PostgreSQL: the same migration, services and statistics queries as on SQLite."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect

from kiosk.clock import FakeClock
from kiosk.passes.keys import init_keys
from kiosk.passes.outcomes import CheckinOutcome
from kiosk.store.db import open_database
from tests.visits.helpers import ORG, TODAY, book, make_service

pytestmark = pytest.mark.postgres


def test_visits_tables_exist_on_postgres(pg_url: str) -> None:
    db = open_database(pg_url)
    tables = set(inspect(db.engine).get_table_names())
    assert {"organisations", "bookings", "revoked_passes", "checkins", "headcount_confirmations"} <= tables
    db.close()


def test_arrivals_round_trip_and_statistics_on_postgres(pg_url: str, tmp_path: Path) -> None:
    db = open_database(pg_url)
    clock = FakeClock()
    keys = tmp_path / "keys"
    init_keys(keys)
    hall_id = f"pg-{tmp_path.name[-8:]}".replace("_", "-").lower()  # the schema is shared by the session
    hub = make_service(db, clock, keys, hall=hall_id)
    org = f"{ORG}{tmp_path.name[-6:]}"
    first, first_text = book(hub, org=org, headcount=30)
    _, second_text = book(hub, org=f"王府井社区党委{tmp_path.name[-6:]}", kind="社区", headcount=12)
    gone, gone_text = book(hub, org=org, slot="15:00-16:00")

    accepted = hub.scan(first_text)
    assert accepted.outcome is CheckinOutcome.ACCEPTED and accepted.organisation == org
    assert accepted.checkin_id is not None and accepted.checkin_id.version == 7
    hub.confirm_headcount(accepted.checkin_id, 28)
    assert hub.scan(first_text).outcome is CheckinOutcome.ALREADY_CHECKED_IN
    hub.bookings.cancel(gone.id)
    assert hub.scan(gone_text).outcome is CheckinOutcome.REVOKED
    assert hub.scan("'; DROP TABLE checkins; --").outcome is CheckinOutcome.UNREADABLE
    clock.advance(60)
    # a second kiosk with the same hall id writes into the same (hub) database: one more fact, no double count
    second_kiosk = make_service(db, clock, keys, device="kiosk-2", hall=hall_id)
    assert second_kiosk.scan(second_text).accepted
    hub.walk_in(kind="member", count=4)

    report = hub.stats.arrivals(TODAY, TODAY, hall_id=hall_id)
    assert (report.groups, report.organisations, report.group_members, report.walk_in_members) == (2, 2, 40, 4)
    assert report.duplicates == []
    statuses = {row.booking_id: (row.status, row.arrived) for row in hub.today_bookings()}
    assert statuses[first.id] == ("arrived", 28) and statuses[gone.id] == ("cancelled", 0)
    assert [o.name for o in hub.search_organisations("WFJ")][:1] == [f"王府井社区党委{tmp_path.name[-6:]}"]
    assert hub.privacy.purge(0) == 0
    clock.advance(3 * 86400)
    assert hub.privacy.purge(1) >= 3
    assert hub.bookings.get(first.id).contact_phone is None
    assert hub.stats.arrivals(date(2026, 1, 1), TODAY + timedelta(days=5), hall_id=hall_id).members == 44
    db.close()


def test_two_kiosks_scanning_one_pass_at_once_on_postgres_accept_it_once(pg_url: str, tmp_path: Path) -> None:
    """The hub's race: two engines, both held just before their INSERT; the advisory lock lets one through."""
    import threading

    from sqlalchemy import func, select

    from kiosk.store.visits_models import Checkin
    from tests.visits.test_visits_concurrency import hold_inserts_at, race

    keys = tmp_path / "keys"
    init_keys(keys)
    hall_id = f"pg-race-{tmp_path.name[-8:]}".replace("_", "-").lower()
    one, other = open_database(pg_url), open_database(pg_url)
    try:
        clock = FakeClock()
        kiosk1 = make_service(one, clock, keys, device="kiosk-1", hall=hall_id)
        kiosk2 = make_service(other, clock, keys, device="kiosk-2", hall=hall_id)
        booking, text = book(kiosk1, org=f"{ORG}{tmp_path.name[-6:]}")
        hold_inserts_at(threading.Barrier(2), one, other)

        results = race([kiosk1, kiosk2], text)

        assert sorted(r.outcome for r in results) == [CheckinOutcome.ACCEPTED, CheckinOutcome.ALREADY_CHECKED_IN]
        with one.transaction() as session:
            facts = session.scalar(select(func.count()).select_from(Checkin).where(Checkin.booking_id == booking.id))
        assert facts == 1
    finally:
        one.close()
        other.close()
