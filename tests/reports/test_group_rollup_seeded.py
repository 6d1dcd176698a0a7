"""A seeded history (``kiosk demo seed --days 60``'s generator, two halls) gives the same summary from
the rollup of revision 0014 as from the arrival rules over every check-in, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

from kiosk.demo.seed import seed_history
from kiosk.reports import visits
from kiosk.reports.scope import ReportScope
from kiosk.reports.summary import build_summary
from kiosk.store.db import Database
from tests.reports.group_rollup_helpers import assert_same

END = date(2026, 6, 30)
START = END - timedelta(days=59)
HALLS = {"demo-hall-01": ["demo-hall-01-kiosk-1", "demo-hall-01-kiosk-2"],
         "demo-hall-02": ["demo-hall-02-kiosk-1", "demo-hall-02-kiosk-2"]}


def test_a_seeded_history_gives_the_same_summary_from_the_rollup(report_db: Database) -> None:
    counts = seed_history(report_db, start=START, end=END, hall_devices=HALLS, seed=1, scale=0.5)
    assert counts.checkins and counts.confirmations
    scopes = [ReportScope.of(START, END), ReportScope.of(START, END, "demo-hall-01"),
              ReportScope.of(date(2026, 5, 17), date(2026, 6, 3)), ReportScope.of(date(2026, 6, 1), END, "demo-hall-02")]
    with report_db.transaction() as session:
        for scope in scopes:
            rules = assert_same(session, scope, today=END)
            summary = build_summary(session, scope, today=END)
            assert summary.totals == rules["totals"]
            assert summary.by_kind == rules["kinds"]
            assert summary.by_purpose == rules["purposes"]
            assert summary.hours == rules["hours"]
            assert summary.by_month == visits.by_period(session, scope, "month", rules["days"])
            assert summary.weekdays == visits.busiest_weekdays(rules["days"])
            assert (summary.bookings, summary.bookings_arrived, summary.no_shows) == (
                rules["bookings"].bookings, rules["bookings"].arrived, rules["bookings"].no_shows)
            assert summary.duplicates == rules["duplicates"]
        assert rules["totals"].groups > 50
