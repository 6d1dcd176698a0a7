"""The summary's group figures as ``GROUP BY`` over the per-(hall, day, booking) rollup (revision 0014).

The arrival rules (:mod:`kiosk.reports.arrival_rules`) read every pass check-in of a range; the rollup
``report_group_days`` (:class:`kiosk.store.report_rollup_models.GroupDay`) holds, per hall, day and
booking, the first check-in, its cap, how many check-ins and the newest confirmation. The same rules
over those rows:

* a booking counts once in a range: its row with the earliest first check-in (recorded_at, id);
* its people are the newest confirmation among that booking's rows of that day (in the scope's
  halls), else that first check-in's cap;
* its organisation is the first check-in's own, else its booking's, else the booking id.

One statement computes every figure the summary needs (totals, by kind, by purpose, by day and hour,
the bookings that came, the duplicates' booking ids) from the counted groups: on PostgreSQL one pass
of ``GROUPING SETS``, on SQLite a CTE read by a ``UNION ALL`` of grouped selects. The summary reads a
few hundred rows, not a row per group or per check-in. Tests check that these
figures equal the arrival rules' (:func:`kiosk.reports.visits.group_rows`) on hand-built histories
and on a seeded one, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Integer, String, and_, case, cast, func, literal, null, or_, select, text, union_all
from sqlalchemy.orm import Session

from kiosk.reports.arrival_rules import DuplicateCheckin, duplicate_checkins, hall_condition
from kiosk.reports.scope import ReportScope
from kiosk.reports.visits import (
    OTHER_KIND,
    UNKNOWN_PURPOSE,
    BookingCounts,
    BusyRow,
    DayRow,
    KindRow,
    PurposeRow,
    VisitTotals,
)
from kiosk.store.report_rollup_models import NO_BOOKING, GroupDay
from kiosk.store.visits_models import Booking, Organisation
from kiosk.visits.organisations import ORGANISATION_KINDS


def _in_scope(query: Any, scope: ReportScope) -> Any:
    query = query.where(GroupDay.local_date >= scope.start, GroupDay.local_date <= scope.end)
    return scope.narrow(query, GroupDay.hall_id)


def counted_groups(scope: ReportScope, today: date | None = None, collation: str | None = None) -> Any:
    """Select of the groups that count in ``scope`` (one row per booking): day, hall-local hour of the
    first check-in, people, organisation key, kind, purpose, booking, ``facts`` (the booking's pass
    check-ins in the scope: more than one is a duplicate) and ``booked`` (1 when its booking is one of
    the scope's bookings that :func:`booking_counts` counts, 2 when that booking's day is also before
    ``today``, else 0).

    ``collation`` (PostgreSQL's "C") makes kind and purpose compare as bytes where the grouping
    sorts them (cheaper than the database's language collation; the labels are the same).

    Nearly every booking has one row in all (one hall, one day; ``single``): those count as they are,
    and only the bookings with several rows go through the window that ranks them (their rows of the
    scope: one of them may be all the scope holds, and then it counts).
    """
    g = GroupDay
    singles = _in_scope(select(
        g.local_date, g.booking_id, g.first_hour, g.organisation_id,
        func.coalesce(g.confirmed, g.cap).label("people"), g.checkins.label("facts"),
    ), scope).where(g.single)
    ranked = _in_scope(select(
        g.local_date, g.booking_id, g.first_hour, g.organisation_id, g.cap,
        func.row_number().over(partition_by=g.booking_id, order_by=(g.first_at, g.first_id)).label("rn"),
        func.first_value(g.confirmed).over(
            partition_by=(g.booking_id, g.local_date),
            order_by=(g.confirmed_at.desc().nulls_last(), g.confirmation_id.desc().nulls_last())).label("day_confirmed"),
        func.sum(g.checkins).over(partition_by=g.booking_id).label("facts"),
    ), scope).where(~g.single).subquery("ranked_group_days")
    several = select(ranked.c.local_date, ranked.c.booking_id, ranked.c.first_hour, ranked.c.organisation_id,
                     func.coalesce(ranked.c.day_confirmed, ranked.c.cap).label("people"), ranked.c.facts) \
        .where(ranked.c.rn == 1)
    counted = union_all(singles, several).subquery("counted_group_days")
    org_key = func.coalesce(counted.c.organisation_id, Booking.organisation_id, counted.c.booking_id)
    return (
        select(
            counted.c.local_date,
            counted.c.booking_id,
            counted.c.first_hour,
            counted.c.people,
            counted.c.facts,
            org_key.label("org_key"),
            _collated(func.coalesce(func.nullif(Organisation.kind, ""), OTHER_KIND), collation).label("kind"),
            _collated(func.coalesce(func.nullif(Booking.purpose, ""), UNKNOWN_PURPOSE), collation).label("purpose"),
            case((_booked(scope), case((_past(today), 2), else_=1)), else_=0).label("booked"),
        )
        .select_from(counted)
        .outerjoin(Booking, Booking.id == counted.c.booking_id)
        .outerjoin(Organisation, Organisation.id == org_key)
    )


def _collated(expression: Any, collation: str | None) -> Any:
    return expression if collation is None else expression.collate(collation)


def _booked(scope: ReportScope) -> Any:
    """The bookings a scope counts (:func:`kiosk.reports.visits.booking_counts`'s filter; their
    organisation is there: ``bookings.organisation_id`` is a foreign key, enforced on both databases)."""
    hall = hall_condition(Booking.hall_id, scope.halls)
    return and_(Booking.visit_date >= scope.start, Booking.visit_date <= scope.end, Booking.cancelled_at.is_(None),
                *([] if hall is None else [or_(Booking.hall_id == "", hall)]))


def _past(today: date | None) -> Any:
    return literal(True) if today is None else Booking.visit_date < today


@dataclass
class GroupFigures:
    """Every group figure of a scope, folded from one statement."""

    organisations: int = 0
    groups: int = 0
    people: int = 0
    kinds: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    """kind -> (organisations, groups, people)"""
    purposes: dict[str, tuple[int, int]] = field(default_factory=dict)
    """purpose -> (groups, people)"""
    days: dict[date, list[int]] = field(default_factory=dict)
    """day -> [groups, people]"""
    hours: Counter[int] = field(default_factory=Counter)
    duplicate_bookings: list[uuid.UUID] = field(default_factory=list)
    """bookings with more than one pass check-in in the scope"""
    bookings_came: int = 0
    """groups whose booking is one of the scope's counted bookings (:func:`booking_counts`)"""
    past_bookings_came: int = 0
    """… of those, the ones whose booking's day is before ``today``"""

    def totals(self, walk: list[tuple[date, str, int]]) -> VisitTotals:
        members = sum(n for _d, k, n in walk if k == "member")
        public = sum(n for _d, k, n in walk if k == "public")
        return VisitTotals(self.organisations, self.groups, self.people, members, public)

    def by_day(self, walk: list[tuple[date, str, int]]) -> list[DayRow]:
        days: dict[date, list[int]] = {d: [g, p, 0, 0] for d, (g, p) in self.days.items()}
        for day, kind, people in walk:
            days.setdefault(day, [0, 0, 0, 0])[2 if kind == "member" else 3] += people
        return [DayRow(d, *v) for d, v in sorted(days.items())]

    def by_kind(self) -> list[KindRow]:
        kinds = list(ORGANISATION_KINDS) + sorted(k for k in self.kinds if k not in ORGANISATION_KINDS)
        return [KindRow(k, *self.kinds.get(k, (0, 0, 0))) for k in kinds]

    def by_purpose(self) -> list[PurposeRow]:
        return sorted((PurposeRow(p, g, n) for p, (g, n) in self.purposes.items()), key=lambda r: (-r.groups, r.purpose))

    def busiest_hours(self) -> list[BusyRow]:
        return [BusyRow(f"{h:02d}:00", self.hours[h]) for h in range(24) if self.hours[h]]


def group_figures(session: Session, scope: ReportScope, today: date | None = None) -> GroupFigures:
    """The group figures of ``scope`` in one statement over the rollup (``today``: which bookings'
    days are past, for the no-shows). Rows of the statement: (section, label, day, hour, distinct
    organisations, groups, people, bookings that came, past ones that came, duplicate booking ids)."""
    if session.get_bind().dialect.name == "postgresql":
        rows = session.connection().execute(_grouping_sets(scope, today)).all()
    else:
        rows = session.connection().execute(_unions(scope, today)).all()
    figures = GroupFigures()
    orgs: dict[str, int] = {}
    for section, label, day, h, distinct, count, people, came, past_came, repeated in rows:
        people = int(people or 0)
        if section == "orgs":  # an organisation has one kind: the distinct ones are the sum of each kind's
            orgs[label] = int(distinct)
        elif section == "kind":
            figures.kinds[label] = (0, int(count), people)
            figures.groups += int(count)
            figures.people += people
            figures.bookings_came += int(came or 0)
            figures.past_bookings_came += int(past_came or 0)
        elif section == "purpose":
            figures.purposes[label] = (int(count), people)
        elif section == "day":
            entry = figures.days.setdefault(date.fromisoformat(str(day)[:10]), [0, 0])
            entry[0] += int(count)
            entry[1] += people
            figures.hours[int(h)] += int(count)
        elif section == "duplicates" and repeated:
            figures.duplicate_bookings += [_as_uuid(b) for b in repeated]
        elif section == "duplicate":
            figures.duplicate_bookings.append(_as_uuid(label))
    figures.kinds = {k: (orgs.get(k, 0), g, n) for k, (_o, g, n) in figures.kinds.items()}
    figures.organisations = sum(orgs.values())
    return figures


def _as_uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _aggregates(groups: Any) -> list[Any]:
    return [func.count(), func.sum(groups.c.people), func.count().filter(groups.c.booked > 0),
            func.count().filter(groups.c.booked == 2)]


def _unions(scope: ReportScope, today: date | None) -> Any:
    """The portable statement (SQLite): one grouped select per section over a CTE of the groups."""
    groups = counted_groups(scope, today).cte("counted_groups")
    text_, int_ = cast(null(), String), cast(null(), Integer)
    kind_orgs = select(groups.c.kind, groups.c.org_key).group_by(groups.c.kind, groups.c.org_key).subquery("kind_orgs")
    return union_all(
        select(literal("orgs"), kind_orgs.c.kind, text_.label("day"), int_, func.count(), int_, int_, int_, int_, text_)
        .group_by(kind_orgs.c.kind),
        select(literal("kind"), groups.c.kind, text_, int_, int_, *_aggregates(groups), text_).group_by(groups.c.kind),
        select(literal("purpose"), groups.c.purpose, text_, int_, int_, *_aggregates(groups), text_)
        .group_by(groups.c.purpose),
        select(literal("day"), text_, cast(groups.c.local_date, String), groups.c.first_hour, int_,
               *_aggregates(groups), text_).group_by(groups.c.local_date, groups.c.first_hour),
        select(literal("duplicate"), cast(groups.c.booking_id, String), text_, int_, int_, int_, int_, int_, int_, text_)
        .where(groups.c.facts > 1, groups.c.booking_id != NO_BOOKING),
    )


_SECTIONS = {15: "kind", 23: "purpose", 25: "day", 14: "orgs", 31: "duplicates"}
"""``GROUPING(kind, purpose, local_date, first_hour, org_key)`` of each grouping set (a bit is 1 for
a column the set leaves out)."""


def _grouping_sets(scope: ReportScope, today: date | None) -> Any:
    """PostgreSQL: every section from one pass over the groups (``GROUPING SETS``), the duplicates as
    one array; the (kind, organisation) set is counted per kind in the outer select."""
    groups = counted_groups(scope, today, collation="C").subquery("counted_groups")
    keys = (groups.c.kind, groups.c.purpose, groups.c.local_date, groups.c.first_hour, groups.c.org_key)
    repeated = func.array_agg(groups.c.booking_id).filter(groups.c.facts > 1, groups.c.booking_id != NO_BOOKING)
    sets = (
        select(func.grouping(*keys).label("g"), groups.c.kind, groups.c.purpose, groups.c.local_date,
               groups.c.first_hour, *_aggregates(groups), repeated.label("repeated"))
        .group_by(text("GROUPING SETS ((kind), (purpose), (local_date, first_hour), (kind, org_key), ())"))
        .cte("grouping_sets")
    )
    section = case(*((sets.c.g == g, literal(name)) for g, name in _SECTIONS.items()), else_=literal("?"))
    label = case((sets.c.g == 23, sets.c.purpose), else_=sets.c.kind)
    int_ = cast(null(), Integer)
    return union_all(
        select(section, label, cast(sets.c.local_date, String), sets.c.first_hour, int_, *sets.c[5:9],
               sets.c.repeated).where(sets.c.g != 14),
        select(literal("orgs"), sets.c.kind, cast(null(), String), int_, func.count(), int_, int_, int_, int_,
               cast(null(), sets.c.repeated.type)).where(sets.c.g == 14).group_by(sets.c.kind),
    )


def booking_counts(session: Session, scope: ReportScope, today: date | None,
                   figures: GroupFigures | None = None) -> BookingCounts:
    """:func:`kiosk.reports.visits.booking_counts` with "came" read from the rollup (``figures`` of
    the same scope and ``today``, else read): a booking came when it has a pass check-in in the scope;
    a no-show is a past booking that did not come."""
    figures = group_figures(session, scope, today) if figures is None else figures
    row = session.execute(
        select(func.count(), func.count().filter(_past(today)))
        .select_from(Booking).join(Organisation, Organisation.id == Booking.organisation_id).where(_booked(scope))
    ).one()
    return BookingCounts(int(row[0]), figures.bookings_came, int(row[1]) - figures.past_bookings_came)


def duplicates(session: Session, scope: ReportScope, figures: GroupFigures | None = None) -> list[DuplicateCheckin]:
    """The arrival rules' duplicates, the bookings with more than one pass check-in in the scope found
    from the rollup's counts (``figures``, else read); their facts listed by :func:`duplicate_checkins`."""
    figures = group_figures(session, scope) if figures is None else figures
    return duplicate_checkins(session, scope.start, scope.end, scope.halls, bookings=figures.duplicate_bookings)


__all__ = ["GroupFigures", "booking_counts", "counted_groups", "duplicates", "group_figures"]
