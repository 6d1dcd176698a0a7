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
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import String, case, func, literal, or_, select, type_coerce
from sqlalchemy.orm import Session

from kiosk.clock import HALL_TIMEZONE
from kiosk.reports.arrival_rules import (
    DuplicateCheckin,
    duplicate_checkins,
    hall_condition,
    ranked_pass_checkins,
)
from kiosk.reports.scope import ReportScope
from kiosk.store.report_rollup_models import WalkInDay
from kiosk.store.visits_models import Booking, Checkin, Organisation
from kiosk.visits.organisations import ORGANISATION_KINDS

OTHER_KIND = "其他"
UNKNOWN_PURPOSE = "未登记"
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def counted(scope: ReportScope) -> Any:
    """Subquery of the check-ins that count (one per booking), with people, day, org key, booking."""
    ranked = ranked_pass_checkins(scope.start, scope.end, scope.halls)
    return select(ranked).where(ranked.c.rn == 1).subquery("counted_checkins")


@dataclass(frozen=True)
class GroupRow:
    """A group that came (its check-in that counts), with its organisation's kind and booked purpose."""

    booking_id: uuid.UUID
    day: date
    recorded_at: datetime
    people: int
    org_key: uuid.UUID
    kind: str
    purpose: str


def group_rows(session: Session, scope: ReportScope) -> list[GroupRow]:
    """Every group of the range, one query (a hall receives a few thousand groups a year, so the
    folds below run in Python on these rows: one window pass instead of one per figure)."""
    rows = counted(scope)
    # ids as stored (hex text on SQLite, uuid on PostgreSQL), turned into UUIDs here with the few
    # organisations' keys cached: ten years are ~14,000 groups, and per-row UUID parsing through the
    # ORM's result machinery was a third of the ten-year summary
    result = session.connection().execute(
        select(type_coerce(rows.c.booking_id, String), rows.c.local_date, rows.c.recorded_at, rows.c.arrived,
               type_coerce(rows.c.org_key, String), Organisation.kind, Booking.purpose)
        .select_from(rows)
        .outerjoin(Organisation, Organisation.id == rows.c.org_key)
        .outerjoin(Booking, Booking.id == rows.c.booking_id)
    ).all()
    keys: dict[Any, uuid.UUID] = {}

    def as_uuid(raw: Any) -> Any:  # None stays None (a pass with no booking: as before)
        return raw if raw is None or isinstance(raw, uuid.UUID) else uuid.UUID(hex=raw)

    def org(raw: Any) -> uuid.UUID:
        if raw not in keys:
            keys[raw] = as_uuid(raw)
        return keys[raw]

    return [GroupRow(as_uuid(b), d, at, int(n), org(o), k or OTHER_KIND, p or UNKNOWN_PURPOSE)
            for b, d, at, n, o, k, p in result]


def walk_in_rows(session: Session, scope: ReportScope) -> list[tuple[date, str, int]]:
    """(day, visitor kind, people) of the walk-ins, from the per-day rollup (revision 0013), the
    scope's halls summed (a district-year is 73,000 rollup rows, 730 of these)."""
    query = select(WalkInDay.local_date, WalkInDay.visitor_kind, func.sum(WalkInDay.people)).where(
        WalkInDay.local_date >= scope.start, WalkInDay.local_date <= scope.end)
    query = scope.narrow(query, WalkInDay.hall_id).group_by(WalkInDay.local_date, WalkInDay.visitor_kind)
    return [(d, str(k), int(n)) for d, k, n in session.execute(query)]


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


def visit_totals(session: Session, scope: ReportScope, groups: list[GroupRow] | None = None,
                 walk: list[tuple[date, str, int]] | None = None) -> VisitTotals:
    groups = group_rows(session, scope) if groups is None else groups
    walk = walk_in_rows(session, scope) if walk is None else walk
    members = sum(n for _d, k, n in walk if k == "member")
    public = sum(n for _d, k, n in walk if k == "public")
    return VisitTotals(len({g.org_key for g in groups}), len(groups), sum(g.people for g in groups), members, public)


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


def by_day(session: Session, scope: ReportScope, groups: list[GroupRow] | None = None,
           walk: list[tuple[date, str, int]] | None = None) -> list[DayRow]:
    """One row per hall-local day that had an arrival (≤ 3,653 rows for ten years)."""
    groups = group_rows(session, scope) if groups is None else groups
    walk = walk_in_rows(session, scope) if walk is None else walk
    days: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for g in groups:
        days[g.day][0] += 1
        days[g.day][1] += g.people
    for day, kind, people in walk:
        days[day][2 if kind == "member" else 3] += people
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


def by_kind(session: Session, scope: ReportScope, groups: list[GroupRow] | None = None) -> list[KindRow]:
    groups = group_rows(session, scope) if groups is None else groups
    orgs: dict[str, set[uuid.UUID]] = defaultdict(set)
    counts: Counter[str] = Counter()
    people: Counter[str] = Counter()
    for g in groups:
        orgs[g.kind].add(g.org_key)
        counts[g.kind] += 1
        people[g.kind] += g.people
    kinds = list(ORGANISATION_KINDS) + sorted(k for k in counts if k not in ORGANISATION_KINDS)
    return [KindRow(k, len(orgs[k]), counts[k], people[k]) for k in kinds]


@dataclass(frozen=True)
class PurposeRow:
    purpose: str
    groups: int
    people: int


def by_purpose(session: Session, scope: ReportScope, groups: list[GroupRow] | None = None) -> list[PurposeRow]:
    """Groups and people per booked visit purpose (参观学习, 重温入党誓词, 观看红色影片 …)."""
    groups = group_rows(session, scope) if groups is None else groups
    counts: Counter[str] = Counter()
    people: Counter[str] = Counter()
    for g in groups:
        counts[g.purpose] += 1
        people[g.purpose] += g.people
    return sorted((PurposeRow(p, counts[p], people[p]) for p in counts), key=lambda r: (-r.groups, r.purpose))


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


def bookings_kept(session: Session, scope: ReportScope, groups: list[GroupRow] | None = None) -> list[BookingRow]:
    """Every booking (not cancelled) dated in the range with the people who came.

    A hub's bookings carry their hall (``hall_id``) and follow the halls filter; a kiosk's own carry
    none (``""``: its database holds its own hall's bookings) and are in any of its hall's ranges.
    """
    groups = group_rows(session, scope) if groups is None else groups
    arrived = {g.booking_id: g.people for g in groups}
    hall = hall_condition(Booking.hall_id, scope.halls)
    result = session.execute(
        select(Booking.id, Booking.visit_date, Booking.slot_start, Booking.slot_end, Organisation.name,
               Organisation.kind, Booking.purpose, Booking.expected_headcount)
        .join(Organisation, Organisation.id == Booking.organisation_id)
        .where(Booking.visit_date >= scope.start, Booking.visit_date <= scope.end, Booking.cancelled_at.is_(None),
               *([] if hall is None else [or_(Booking.hall_id == "", hall)]))
        .order_by(Booking.visit_date, Booking.slot_start, Organisation.name)
    ).all()
    return [BookingRow(r[0], r[1], f"{r[2]}-{r[3]}", r[4], r[5], r[6], int(r[7]), arrived.get(r[0])) for r in result]


@dataclass(frozen=True)
class BookingCounts:
    """How many bookings of the range, how many came, how many are no-shows (the summary's counts)."""

    bookings: int
    arrived: int
    no_shows: int


def booking_counts(session: Session, scope: ReportScope, groups: list[GroupRow], today: date | None) -> BookingCounts:
    """The counts of :func:`bookings_kept` (the same bookings, the same no-show rule) without reading
    their names and slots: a booking is a no-show once its day is before ``today`` (all, when None)."""
    came_ids = {g.booking_id for g in groups if g.booking_id is not None}
    arrived = came_ids | {b.hex for b in came_ids}  # as stored: uuid on PostgreSQL, hex text on SQLite
    hall = hall_condition(Booking.hall_id, scope.halls)
    past = literal(True) if today is None else Booking.visit_date < today
    rows = session.connection().execute(
        select(type_coerce(Booking.id, String), case((past, 1), else_=0))
        .join(Organisation, Organisation.id == Booking.organisation_id)
        .where(Booking.visit_date >= scope.start, Booking.visit_date <= scope.end, Booking.cancelled_at.is_(None),
               *([] if hall is None else [or_(Booking.hall_id == "", hall)]))
    ).all()
    came = sum(1 for b, _p in rows if b in arrived)
    missed = sum(1 for b, p in rows if p and b not in arrived)
    return BookingCounts(len(rows), came, missed)


@dataclass(frozen=True)
class BusyRow:
    label: str
    groups: int


def busiest_weekdays(days: list[DayRow]) -> list[BusyRow]:
    counts: Counter[int] = Counter()
    for row in days:
        counts[row.day.weekday()] += row.groups
    return [BusyRow(WEEKDAYS[i], counts[i]) for i in range(7)]


def busiest_hours(session: Session, scope: ReportScope, groups: list[GroupRow] | None = None) -> list[BusyRow]:
    """Groups by the hall-local hour they checked in."""
    groups = group_rows(session, scope) if groups is None else groups
    counts: Counter[int] = Counter(g.recorded_at.astimezone(HALL_TIMEZONE).hour for g in groups)
    return [BusyRow(f"{h:02d}:00", counts[h]) for h in range(24) if counts[h]]


def duplicates(session: Session, scope: ReportScope) -> list[DuplicateCheckin]:
    return duplicate_checkins(session, scope.start, scope.end, scope.halls)
