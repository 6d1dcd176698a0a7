"""Halls' booking schedules: opening weekdays, time slots with capacity, closed days; availability.

Staff set these on the hub's pages; the public calendar reads :meth:`HallSchedules.availability`.
A slot is offered on every open weekday of its hall that is not a closed day. Places left are the
slot's capacity minus ``booking_slot_usage`` (pending and confirmed bookings hold places).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.booking.errors import BookingError, NotFound
from kiosk.booking.models import BookingClosedDay, BookingHall, BookingSlot, BookingSlotUsage
from kiosk.clock import Clock, hall_date
from kiosk.ids import new_fact_id
from kiosk.passes.codec import HEADCOUNT_MAX
from kiosk.store.db import Database
from kiosk.visits.bookings import parse_slot
from kiosk.visits.errors import VisitsError
from kiosk.visits.organisations import clean_name

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_HALL_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
CAPACITY_MAX = 2000
HORIZON_MAX = 366


@dataclass(frozen=True)
class HallInfo:
    """A hall's booking rules."""

    hall_id: str
    name: str
    open_weekdays: frozenset[int]
    requires_approval: bool
    max_headcount: int
    horizon_days: int

    @property
    def weekdays_text(self) -> str:
        return "、".join(WEEKDAY_NAMES[d] for d in sorted(self.open_weekdays)) or "暂无开放日"


@dataclass(frozen=True)
class SlotInfo:
    """A slot and its capacity."""

    id: uuid.UUID
    hall_id: str
    start: str
    end: str
    capacity_people: int
    capacity_groups: int
    active: bool

    @property
    def label(self) -> str:
        return f"{self.start}-{self.end}"


@dataclass(frozen=True)
class SlotAvailability:
    """One slot on one day: how many people and groups may still book it."""

    slot: SlotInfo
    people_left: int
    groups_left: int

    @property
    def bookable(self) -> bool:
        return self.people_left > 0 and self.groups_left > 0


@dataclass(frozen=True)
class DayAvailability:
    """One day of a hall's calendar; ``closed_reason`` is set when the hall does not open that day."""

    day: date
    closed_reason: str | None
    slots: tuple[SlotAvailability, ...]

    @property
    def is_open(self) -> bool:
        return self.closed_reason is None

    @property
    def people_left(self) -> int:
        return sum(s.people_left for s in self.slots if s.bookable)


def _hall_info(row: BookingHall) -> HallInfo:
    return HallInfo(row.hall_id, row.name, frozenset(int(c) for c in row.open_weekdays), row.requires_approval,
                    row.max_headcount, row.horizon_days)


def _slot_info(row: BookingSlot) -> SlotInfo:
    return SlotInfo(row.id, row.hall_id, row.slot_start, row.slot_end, row.capacity_people, row.capacity_groups,
                    row.active)


def _bounded(value: object, low: int, high: int, message: str, field: str) -> int:
    if type(value) is not int or not low <= value <= high:
        raise BookingError(message, field=field)
    return value


def closed_reason(hall: HallInfo, day: date, closed: str | None, bookable: tuple[date, date]) -> str | None:
    """Why day is not open for booking (a closed day's reason, a closed weekday, out of range), or None."""
    if closed is not None:
        return closed
    if day.weekday() not in hall.open_weekdays:
        return "不开放"
    if day < bookable[0]:
        return "不可预约"
    if day > bookable[1]:
        return "尚未开放预约"
    return None


class HallSchedules:
    """Reads and edits halls' schedules (staff pages, CLI) and answers availability (public pages)."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    # ------------------------------------------------------------------ halls

    def set_hall(self, hall_id: str, *, name: str, open_weekdays: set[int] | frozenset[int] = frozenset(range(0, 6)),
                 requires_approval: bool = False, max_headcount: int = 100, horizon_days: int = 60) -> HallInfo:
        """Create or update a hall's booking rules; BookingError (nothing written) names the bad field."""
        hall_id = unicodedata.normalize("NFKC", hall_id).strip().lower()
        if not _HALL_ID_RE.fullmatch(hall_id):
            raise BookingError("场馆编号只能用小写字母、数字和“-”。", field="hall_id")
        try:
            name = clean_name(name, what="场馆名称")
        except VisitsError as exc:
            raise BookingError(str(exc), field="name") from exc
        if len(name) > 64:
            raise BookingError("场馆名称太长（最多 64 个字）。", field="name")
        if not all(type(d) is int and 0 <= d <= 6 for d in open_weekdays):
            raise BookingError("开放日只能是周一到周日。", field="open_weekdays")
        _bounded(max_headcount, 1, HEADCOUNT_MAX, f"每批最多人数应为 1 到 {HEADCOUNT_MAX} 之间的整数。", "max_headcount")
        _bounded(horizon_days, 1, HORIZON_MAX, f"可提前预约天数应为 1 到 {HORIZON_MAX} 之间的整数。", "horizon_days")
        with self.db.transaction() as session:
            row = session.get(BookingHall, hall_id)
            if row is None:
                row = BookingHall(hall_id=hall_id, created_at=self.clock.now())
                session.add(row)
            row.name = name
            row.open_weekdays = "".join(str(d) for d in sorted(set(open_weekdays)))
            row.requires_approval = bool(requires_approval)
            row.max_headcount = max_headcount
            row.horizon_days = horizon_days
            session.flush()
            return _hall_info(row)

    def halls(self, hall_ids: set[str] | None = None) -> list[HallInfo]:
        """Every hall (or those named), by name."""
        query = select(BookingHall).order_by(BookingHall.name)
        if hall_ids is not None:
            query = query.where(BookingHall.hall_id.in_(hall_ids))
        with self.db.transaction() as session:
            return [_hall_info(row) for row in session.scalars(query)]

    def hall(self, hall_id: str) -> HallInfo:
        with self.db.transaction() as session:
            return _hall_info(self.load_hall(session, hall_id))

    @staticmethod
    def load_hall(session: Session, hall_id: str) -> BookingHall:
        row = session.get(BookingHall, hall_id) if isinstance(hall_id, str) and len(hall_id) <= 64 else None
        if row is None:
            raise NotFound("找不到这个场馆，请返回首页重新选择。", field="hall_id")
        return row

    # ------------------------------------------------------------------ slots

    def add_slot(self, hall_id: str, slot: str, *, people: int, groups: int) -> SlotInfo:
        """Add a time slot to a hall; it must not overlap an active slot of the hall."""
        try:
            start, end = parse_slot(slot)
        except VisitsError as exc:
            raise BookingError(str(exc), field="slot") from exc
        _bounded(people, 1, CAPACITY_MAX, f"可接待人数应为 1 到 {CAPACITY_MAX} 之间的整数。", "capacity_people")
        _bounded(groups, 1, 100, "可接待批数应为 1 到 100 之间的整数。", "capacity_groups")
        with self.db.transaction() as session:
            self.load_hall(session, hall_id)
            for other in session.scalars(select(BookingSlot).where(BookingSlot.hall_id == hall_id, BookingSlot.active)):
                if start < other.slot_end and other.slot_start < end:
                    raise BookingError(f"时段 {start}-{end} 与已有时段 {other.slot_start}-{other.slot_end} 重叠。",
                                       field="slot")
            row = BookingSlot(id=new_fact_id(), hall_id=hall_id, slot_start=start, slot_end=end,
                              capacity_people=people, capacity_groups=groups, active=True)
            session.add(row)
            session.flush()
            return _slot_info(row)

    def set_capacity(self, slot_id: uuid.UUID, *, people: int, groups: int) -> SlotInfo:
        """Change a slot's capacity; places already booked stay booked (a lower capacity only stops new ones)."""
        _bounded(people, 1, CAPACITY_MAX, f"可接待人数应为 1 到 {CAPACITY_MAX} 之间的整数。", "capacity_people")
        _bounded(groups, 1, 100, "可接待批数应为 1 到 100 之间的整数。", "capacity_groups")
        with self.db.transaction() as session:
            row = self.load_slot(session, slot_id)
            row.capacity_people, row.capacity_groups = people, groups
            session.flush()
            return _slot_info(row)

    def set_slot_active(self, slot_id: uuid.UUID, active: bool) -> SlotInfo:
        """Stop offering a slot (its bookings stay) or offer it again."""
        with self.db.transaction() as session:
            row = self.load_slot(session, slot_id)
            row.active = active
            session.flush()
            return _slot_info(row)

    def slots(self, hall_id: str, *, include_inactive: bool = False) -> list[SlotInfo]:
        query = select(BookingSlot).where(BookingSlot.hall_id == hall_id).order_by(BookingSlot.slot_start)
        if not include_inactive:
            query = query.where(BookingSlot.active)
        with self.db.transaction() as session:
            return [_slot_info(row) for row in session.scalars(query)]

    @staticmethod
    def load_slot(session: Session, slot_id: uuid.UUID | str) -> BookingSlot:
        try:
            key = slot_id if isinstance(slot_id, uuid.UUID) else uuid.UUID(str(slot_id))
        except ValueError:
            key = None
        row = session.get(BookingSlot, key) if key is not None else None
        if row is None:
            raise NotFound("找不到这个时段，请重新选择。", field="slot")
        return row

    # ------------------------------------------------------------------ closed days

    def close_day(self, hall_id: str, day: date, reason: str = "闭馆") -> None:
        """Close a hall on one day (a holiday); existing bookings stay and staff contact them."""
        try:
            reason = clean_name(reason or "闭馆", what="闭馆原因")[:64]
        except VisitsError as exc:
            raise BookingError(str(exc), field="reason") from exc
        with self.db.transaction() as session:
            self.load_hall(session, hall_id)
            row = session.get(BookingClosedDay, (hall_id, day))
            if row is None:
                session.add(BookingClosedDay(hall_id=hall_id, day=day, reason=reason))
            else:
                row.reason = reason

    def reopen_day(self, hall_id: str, day: date) -> None:
        with self.db.transaction() as session:
            row = session.get(BookingClosedDay, (hall_id, day))
            if row is not None:
                session.delete(row)

    def closed_days(self, hall_id: str, *, since: date) -> list[tuple[date, str]]:
        with self.db.transaction() as session:
            rows = session.scalars(select(BookingClosedDay).where(
                BookingClosedDay.hall_id == hall_id, BookingClosedDay.day >= since).order_by(BookingClosedDay.day))
            return [(r.day, r.reason) for r in rows]

    # ------------------------------------------------------------------ availability

    def closed_reason_in(self, session: Session, hall: HallInfo, day: date) -> str | None:
        """Why day cannot be booked at hall (inside an open session), or None when it can."""
        closed = session.get(BookingClosedDay, (hall.hall_id, day))
        return closed_reason(hall, day, closed.reason if closed else None, self.bookable_range(hall))

    def bookable_range(self, hall: HallInfo) -> tuple[date, date]:
        """First and last day a booking may be made for: from tomorrow (hall-local) to the horizon."""
        today = hall_date(self.clock.now())
        return today + timedelta(days=1), today + timedelta(days=hall.horizon_days)

    def availability(self, hall_id: str, first: date, last: date) -> list[DayAvailability]:
        """Every day from first to last (at most 62) with places left per slot, or why it is closed."""
        last = min(last, first + timedelta(days=61))
        with self.db.transaction() as session:
            hall = _hall_info(self.load_hall(session, hall_id))
            low, high = self.bookable_range(hall)
            slots = [_slot_info(r) for r in session.scalars(
                select(BookingSlot).where(BookingSlot.hall_id == hall_id, BookingSlot.active)
                .order_by(BookingSlot.slot_start))]
            closed = dict(session.execute(select(BookingClosedDay.day, BookingClosedDay.reason).where(
                BookingClosedDay.hall_id == hall_id, BookingClosedDay.day.between(first, last))).all())
            used: dict[tuple[uuid.UUID, date], tuple[int, int]] = {}
            if slots:
                for usage in session.scalars(select(BookingSlotUsage).where(
                        BookingSlotUsage.slot_id.in_([s.id for s in slots]),
                        BookingSlotUsage.visit_date.between(first, last))):
                    used[(usage.slot_id, usage.visit_date)] = (usage.people, usage.groups)
        days: list[DayAvailability] = []
        day = first
        while day <= last:
            reason = closed_reason(hall, day, closed.get(day), (low, high)) or (None if slots else "暂无时段")
            rows: tuple[SlotAvailability, ...] = ()
            if reason is None:
                rows = tuple(
                    SlotAvailability(s, max(0, s.capacity_people - used.get((s.id, day), (0, 0))[0]),
                                     max(0, s.capacity_groups - used.get((s.id, day), (0, 0))[1]))
                    for s in slots)
            days.append(DayAvailability(day, reason, rows))
            day += timedelta(days=1)
        return days
