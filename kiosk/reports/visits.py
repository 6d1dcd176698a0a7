"""Visit figures: organisations, groups, 党员, 群众, walk-ins; by period, kind, purpose; bookings kept.

Every group figure reads the check-in that counts (:mod:`kiosk.reports.arrival_rules`): a group once
however many kiosks accepted its pass, with its newest headcount confirmation. "Organisations" are
distinct among the groups (a booking unknown to this database counts as its own); 党员 are the groups'
people plus walk-in members; walk-in public visitors (群众) are apart. A group's kind and purpose come
from its organisation and booking; one this database does not know is 其他 / 未登记.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.clock import HALL_TIMEZONE
from kiosk.reports.arrival_rules import (
    WALK_IN,
    DuplicateCheckin,
    duplicate_checkins,
    hall_condition,
    ranked_pass_checkins,
)
from kiosk.reports.scope import ReportScope
from kiosk.store.visits_models import Booking, Checkin, Organisation
from kiosk.visits.organisations import ORGANISATION_KINDS

OTHER_KIND = "其他"
UNKNOWN_PURPOSE = "未登记"
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def counted(scope: ReportScope) -> Any:
    """Subquery of the check-ins that count (one per booking), with people, day, org key, booking."""
    ranked = ranked_pass_checkins(scope.start, scope.end, scope.halls)
    return select(ranked).where(ranked.c.rn == 1).subquery("counted_checkins")


def _walk_ins(scope: ReportScope, *columns: Any) -> Any:
    query = select(*columns).where(Checkin.kind == WALK_IN, Checkin.local_date >= scope.start,
                                   Checkin.local_date <= scope.end)
    condition = hall_condition(Checkin.hall_id, scope.halls)
    return query if condition is None else query.where(condition)


@dataclass(frozen=True)
class VisitTotals:
    organisations: int
    groups: int
    group_members: int
    walk_in_members: int
    public: int

    @property
    def party_members(self) -> int:
        return self.group_members + self.walk_in_members

    @property
    def walk_ins(self) -> int:
        """Walk-in people (members and public)."""
        return self.walk_in_members + self.public


def visit_totals(session: Session, scope: ReportScope) -> VisitTotals:
    rows = counted(scope)
    groups, orgs, people = session.execute(
        select(func.count(), func.count(func.distinct(rows.c.org_key)), func.coalesce(func.sum(rows.c.arrived), 0))
    ).one()
    walk = dict(session.execute(
        _walk_ins(scope, Checkin.visitor_kind, func.coalesce(func.sum(Checkin.count), 0)).group_by(Checkin.visitor_kind)
    ).all())
    return VisitTotals(int(orgs), int(groups), int(people), int(walk.get("member", 0)), int(walk.get("public", 0)))


@dataclass(frozen=True)
class DayRow:
    day: date
    groups: int
    group_members: int
    walk_in_members: int
    public: int

    @property
    def party_members(self) -> int:
        return self.group_members + self.walk_in_members


def by_day(session: Session, scope: ReportScope) -> list[DayRow]:
    """One row per hall-local day that had an arrival (≤ 3,653 rows for ten years)."""
    rows = counted(scope)
    days: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for day, groups, people in session.execute(
        select(rows.c.local_date, func.count(), func.coalesce(func.sum(rows.c.arrived), 0)).group_by(rows.c.local_date)
    ):
        days[day][0], days[day][1] = int(groups), int(people)
    for day, kind, people in session.execute(
        _walk_ins(scope, Checkin.local_date, Checkin.visitor_kind, func.sum(Checkin.count))
        .group_by(Checkin.local_date, Checkin.visitor_kind)
    ):
        days[day][2 if kind == "member" else 3] += int(people)
    return [DayRow(d, *v) for d, v in sorted(days.items())]


@dataclass(frozen=True)
class PeriodRow:
    """Arrivals of one week (starting Monday), month or year; ``label`` as shown (2026-03, 2026 …)."""

    period: str
    label: str
    first_day: date
    groups: int
    party_members: int
    public: int


def by_period(session: Session, scope: ReportScope, period: str, days: list[DayRow] | None = None) -> list[PeriodRow]:
    """``period`` is day, week, month or year; every period of the range is listed, empty ones too
    for month and year (a bar chart needs its gaps)."""
    days = by_day(session, scope) if days is None else days

    def key(d: date) -> tuple[date, str]:
        if period == "day":
            return d, d.isoformat()
        if period == "week":
            monday = d - timedelta(days=d.weekday())
            return monday, f"{monday.isoformat()} 起"
        if period == "month":
            return d.replace(day=1), f"{d.year}-{d.month:02d}"
        if period == "year":
            return date(d.year, 1, 1), str(d.year)
        raise ValueError(period)

    folded: dict[date, list[Any]] = {}
    if period in ("month", "year"):
        for y, m in scope.months():
            first, label = key(date(y, m, 1))
            folded.setdefault(first, [label, 0, 0, 0])
    for row in days:
        first, label = key(row.day)
        entry = folded.setdefault(first, [label, 0, 0, 0])
        entry[1] += row.groups
        entry[2] += row.party_members
        entry[3] += row.public
    return [PeriodRow(period, v[0], first, v[1], v[2], v[3]) for first, v in sorted(folded.items())]


@dataclass(frozen=True)
class KindRow:
    """Groups by organisation kind (机关, 社区 …); walk-ins are reported apart."""

    kind: str
    organisations: int
    groups: int
    party_members: int


def by_kind(session: Session, scope: ReportScope) -> list[KindRow]:
    rows = counted(scope)
    kind = func.coalesce(Organisation.kind, OTHER_KIND)
    found = {
        str(k): KindRow(str(k), int(o), int(g), int(p))
        for k, o, g, p in session.execute(
            select(kind, func.count(func.distinct(rows.c.org_key)), func.count(), func.coalesce(func.sum(rows.c.arrived), 0))
            .select_from(rows)
            .outerjoin(Organisation, Organisation.id == rows.c.org_key)
            .group_by(kind)
        )
    }
    return [found.get(k, KindRow(k, 0, 0, 0)) for k in ORGANISATION_KINDS] + [
        r for k, r in sorted(found.items()) if k not in ORGANISATION_KINDS
    ]


@dataclass(frozen=True)
class PurposeRow:
    purpose: str
    groups: int
    people: int


def by_purpose(session: Session, scope: ReportScope) -> list[PurposeRow]:
    """Groups and people per booked visit purpose (参观学习, 重温入党誓词, 观看红色影片 …)."""
    rows = counted(scope)
    purpose = func.coalesce(Booking.purpose, UNKNOWN_PURPOSE)
    result = session.execute(
        select(purpose, func.count(), func.coalesce(func.sum(rows.c.arrived), 0))
        .select_from(rows).outerjoin(Booking, Booking.id == rows.c.booking_id).group_by(purpose)
    ).all()
    return sorted((PurposeRow(str(p), int(g), int(n)) for p, g, n in result), key=lambda r: (-r.groups, r.purpose))


@dataclass(frozen=True)
class BookingRow:
    """A booking of the range: expected vs arrived (None: no-show). No contact data."""

    booking_id: uuid.UUID
    visit_date: date
    slot: str
    organisation: str
    kind: str
    purpose: str
    expected: int
    arrived: int | None

    @property
    def no_show(self) -> bool:
        return self.arrived is None


def bookings_kept(session: Session, scope: ReportScope) -> list[BookingRow]:
    """Every booking (not cancelled) dated in the range with the people who came.

    Bookings carry no hall column (a kiosk's database holds its own hall's bookings); on a hub the
    halls filter applies to the arrivals only.
    """
    rows = counted(scope)
    result = session.execute(
        select(Booking.id, Booking.visit_date, Booking.slot_start, Booking.slot_end, Organisation.name,
               Organisation.kind, Booking.purpose, Booking.expected_headcount, rows.c.arrived)
        .join(Organisation, Organisation.id == Booking.organisation_id)
        .outerjoin(rows, rows.c.booking_id == Booking.id)
        .where(Booking.visit_date >= scope.start, Booking.visit_date <= scope.end, Booking.cancelled_at.is_(None))
        .order_by(Booking.visit_date, Booking.slot_start, Organisation.name)
    ).all()
    return [BookingRow(r[0], r[1], f"{r[2]}-{r[3]}", r[4], r[5], r[6], int(r[7]), None if r[8] is None else int(r[8]))
            for r in result]


@dataclass(frozen=True)
class BusyRow:
    label: str
    groups: int


def busiest_weekdays(days: list[DayRow]) -> list[BusyRow]:
    counts: Counter[int] = Counter()
    for row in days:
        counts[row.day.weekday()] += row.groups
    return [BusyRow(WEEKDAYS[i], counts[i]) for i in range(7)]


def busiest_hours(session: Session, scope: ReportScope) -> list[BusyRow]:
    """Groups by the hall-local hour they checked in (the hall's zone has no daylight saving)."""
    rows = counted(scope)
    if session.get_bind().dialect.name == "postgresql":  # timestamptz: convert in SQL
        hour, offset = func.extract("hour", func.timezone(HALL_TIMEZONE.key, rows.c.recorded_at)), 0
    else:  # SQLite stores naive UTC
        hour, offset = func.extract("hour", rows.c.recorded_at), _offset_hours(scope.start)
    counts: Counter[int] = Counter()
    for h, n in session.execute(select(hour, func.count()).group_by(hour)):
        counts[(int(h) + offset) % 24] += int(n)
    return [BusyRow(f"{h:02d}:00", counts[h]) for h in range(24) if counts[h]]


def _offset_hours(day: date) -> int:
    from datetime import datetime

    return int(datetime(day.year, day.month, day.day, 12, tzinfo=HALL_TIMEZONE).utcoffset().total_seconds() // 3600)


def duplicates(session: Session, scope: ReportScope) -> list[DuplicateCheckin]:
    return duplicate_checkins(session, ranked_pass_checkins(scope.start, scope.end, scope.halls))
