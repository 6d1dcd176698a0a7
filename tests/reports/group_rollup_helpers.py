"""The group figures twice: by the arrival rules over every check-in (kiosk.reports.visits) and by the
rollup of revision 0014 (kiosk.reports.group_figures); tests assert the two are equal."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from kiosk.reports import group_figures as rollup
from kiosk.reports import visits
from kiosk.reports.scope import ReportScope


def _uuid(value: Any) -> Any:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


def by_rules(session: Session, scope: ReportScope, today: date | None = None) -> dict[str, Any]:
    groups = visits.group_rows(session, scope)
    walk = visits.walk_in_rows(session, scope)
    return {
        "groups": sorted((str(g.booking_id), g.day, g.people, str(g.org_key), g.kind, g.purpose) for g in groups),
        "totals": visits.visit_totals(session, scope, groups, walk),
        "kinds": visits.by_kind(session, scope, groups),
        "purposes": visits.by_purpose(session, scope, groups),
        "days": visits.by_day(session, scope, groups, walk),
        "hours": visits.busiest_hours(session, scope, groups),
        "bookings": visits.booking_counts(session, scope, groups, today),
        "duplicates": visits.duplicates(session, scope),
    }


def by_rollup(session: Session, scope: ReportScope, today: date | None = None) -> dict[str, Any]:
    figures = rollup.group_figures(session, scope)
    walk = visits.walk_in_rows(session, scope)
    counted = session.execute(rollup.counted_groups(scope)).all()
    return {
        # a booking-less pass: the rules give None for the booking and (no organisation) the key
        "groups": sorted((str(None if _uuid(r.booking_id) == uuid.UUID(int=0) else _uuid(r.booking_id)), r.local_date,
                          int(r.people), str(None if _uuid(r.org_key) == uuid.UUID(int=0) else _uuid(r.org_key)),
                          r.kind, r.purpose) for r in counted),
        "totals": figures.totals(walk),
        "kinds": figures.by_kind(),
        "purposes": figures.by_purpose(),
        "days": figures.by_day(walk),
        "hours": figures.busiest_hours(),
        "bookings": rollup.booking_counts(session, scope, today),
        "duplicates": rollup.duplicates(session, scope),
    }


def assert_same(session: Session, scope: ReportScope, today: date | None = None) -> dict[str, Any]:
    """The rollup's figures equal the rules' (key by key, for a readable failure); returns them."""
    rules, rolled = by_rules(session, scope, today), by_rollup(session, scope, today)
    for key in rules:
        assert rolled[key] == rules[key], (key, scope)
    return rules
