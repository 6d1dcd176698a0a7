"""Bookings: a group's slot on a day, its expected headcount, purpose and a contact (reference data).

Only what the hall needs is stored (PIPL, minimum necessary): the organisation, when, how many,
why, and one contact name and phone for the day of the visit. No ID-card numbers, no member lists.
Every view except :meth:`BookingBook.get` (the booking's own staff view) masks the contact.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clock import Clock
from kiosk.ids import new_fact_id
from kiosk.passes.codec import HEADCOUNT_MAX
from kiosk.store.db import Database
from kiosk.store.visits_models import Booking, Organisation
from kiosk.visits.errors import VisitsError
from kiosk.visits.masking import mask_contact, mask_name, mask_phone
from kiosk.visits.organisations import OrganisationBook, clean_name
from kiosk.visits.revocation import RevocationList

PURPOSES: tuple[str, ...] = ("参观学习", "重温入党誓词", "观看红色影片", "专题培训", "知识竞赛", "组织生活")
"""Why a group comes; the theatre and the quiz area plan their day by it."""

CONTACT_NAME_MAX = 32
_SLOT_RE = re.compile(r"([0-2]?\d):([0-5]\d)\s*[-~～—–至到]\s*([0-2]?\d):([0-5]\d)")
_PHONE_RE = re.compile(r"\+?[0-9][0-9\- ()]{4,24}")


def parse_date(text: str) -> date:
    """A YYYY-MM-DD date; VisitsError with the example format otherwise."""
    try:
        return date.fromisoformat(unicodedata.normalize("NFKC", text).strip())
    except ValueError as exc:
        raise VisitsError(f"日期“{text}”无效：请写成 YYYY-MM-DD，例如 2026-11-21。") from exc


def parse_slot(text: str) -> tuple[str, str]:
    """"9:00-10:30" -> ("09:00", "10:30"); the end must be after the start on the same day."""
    match = _SLOT_RE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if match is None:
        raise VisitsError(f"时段“{text}”无效：请写成 HH:MM-HH:MM，例如 09:00-10:30。")
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    if h1 > 23 or h2 > 23:
        raise VisitsError(f"时段“{text}”无效：小时应在 0 到 23 之间。")
    start, end = f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"
    if end <= start:
        raise VisitsError(f"时段“{text}”无效：结束时间应晚于开始时间。")
    return start, end


def clean_phone(phone: str) -> str:
    """A phone number as stored: digits with optional + - ( ) and spaces removed; VisitsError otherwise."""
    text = unicodedata.normalize("NFKC", phone).strip()
    if not _PHONE_RE.fullmatch(text) or not 5 <= sum(ch.isdigit() for ch in text) <= 20:
        raise VisitsError(f"电话“{phone}”无效：请只填写号码，例如 13812345678 或 010-12345678。")
    return text.replace(" ", "").replace("(", "").replace(")", "")


def parse_booking_id(text: str | uuid.UUID) -> uuid.UUID:
    """A booking id as printed by ``kiosk booking list``; VisitsError otherwise."""
    if isinstance(text, uuid.UUID):
        return text
    try:
        return uuid.UUID(text.strip())
    except (ValueError, AttributeError) as exc:
        raise VisitsError(f"预约编号“{text}”无效：请从 kiosk booking list 复制完整编号。") from exc


@dataclass(frozen=True)
class BookingInfo:
    """A booking as the staff see it; ``contact_phone`` is the full number (mask it for lists)."""

    id: uuid.UUID
    organisation_id: uuid.UUID
    organisation: str
    organisation_kind: str
    visit_date: date
    slot_start: str
    slot_end: str
    expected: int
    purpose: str
    contact_name: str | None
    contact_phone: str | None
    pass_id: uuid.UUID | None
    cancelled_at: datetime | None
    contact_purged_at: datetime | None

    @property
    def slot(self) -> str:
        return f"{self.slot_start}-{self.slot_end}"

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def contact_masked(self) -> str:
        return mask_contact(self.contact_name, self.contact_phone)

    def to_json(self, *, full_contact: bool = False) -> dict[str, Any]:
        """JSON for scripts; the contact is masked unless full_contact (the booking's own staff view)."""
        return {
            "id": str(self.id),
            "organisation": self.organisation,
            "organisation_kind": self.organisation_kind,
            "date": self.visit_date.isoformat(),
            "slot": self.slot,
            "headcount": self.expected,
            "purpose": self.purpose,
            "contact": self.contact_name if full_contact else mask_name(self.contact_name),
            "phone": self.contact_phone if full_contact else mask_phone(self.contact_phone),
            "pass_id": str(self.pass_id) if self.pass_id else None,
            "cancelled_at": self.cancelled_at.isoformat() if self.cancelled_at else None,
            "contact_purged": self.contact_purged_at is not None,
        }


def booking_info(booking: Booking, organisation: Organisation) -> BookingInfo:
    """The frozen view of an ORM booking and its organisation."""
    return BookingInfo(
        id=booking.id,
        organisation_id=organisation.id,
        organisation=organisation.name,
        organisation_kind=organisation.kind,
        visit_date=booking.visit_date,
        slot_start=booking.slot_start,
        slot_end=booking.slot_end,
        expected=booking.expected_headcount,
        purpose=booking.purpose,
        contact_name=booking.contact_name,
        contact_phone=booking.contact_phone,
        pass_id=booking.pass_id,
        cancelled_at=booking.cancelled_at,
        contact_purged_at=booking.contact_purged_at,
    )


def check_bookable(day: date) -> None:
    """A pass can only carry dates from EARLIEST_DATE to LATEST_DATE: a booking outside them could
    never get its pass, so it is refused here (VisitsError), not at issuing time."""
    from kiosk.passes.codec import EARLIEST_DATE, LATEST_DATE

    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise VisitsError(f"参观日期 {day.isoformat()} 无效：应在 {EARLIEST_DATE.isoformat()} 到 "
                          f"{LATEST_DATE.isoformat()} 之间（通行证只能写这个范围内的日期）。")


def past_date_warning(day: date, today: date) -> str | None:
    """A booking for a day already past is allowed (recording a visit afterwards) but worth a word."""
    if day < today:
        return f"参观日期 {day.isoformat()} 已经过去（今天是 {today.isoformat()}）：如是补录请忽略，否则请核对日期。"
    return None


class BookingBook:
    """Adds, lists and cancels bookings. Cancelling revokes the booking's pass in the same transaction."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def add(
        self,
        *,
        organisation: str,
        visit_date: date | str,
        slot: str,
        headcount: int,
        purpose: str,
        contact: str | None = None,
        phone: str | None = None,
    ) -> BookingInfo:
        """Add a booking; every field is checked first and VisitsError says which is wrong (nothing written)."""
        day = parse_date(visit_date) if isinstance(visit_date, str) else visit_date
        check_bookable(day)
        start, end = parse_slot(slot)
        if type(headcount) is not int or not 1 <= headcount <= HEADCOUNT_MAX:
            raise VisitsError(f"预约人数应为 1 到 {HEADCOUNT_MAX} 之间的整数。")
        purpose = unicodedata.normalize("NFKC", purpose).strip()
        if purpose not in PURPOSES:
            raise VisitsError(f"参观目的“{purpose}”无效：请从 {'、'.join(PURPOSES)} 中选择。")
        contact_name = clean_name(contact, what="联系人姓名") if contact else None
        if contact_name is not None and len(contact_name) > CONTACT_NAME_MAX:
            raise VisitsError(f"联系人姓名太长（最多 {CONTACT_NAME_MAX} 个字）。")
        contact_phone = clean_phone(phone) if phone else None
        with self.db.transaction() as session:
            org = OrganisationBook.find(session, clean_name(organisation))
            if org is None:
                raise VisitsError(f"找不到组织“{organisation}”：请先用 kiosk org add 添加。")
            row = Booking(
                id=new_fact_id(),
                organisation_id=org.id,
                visit_date=day,
                slot_start=start,
                slot_end=end,
                expected_headcount=headcount,
                purpose=purpose,
                contact_name=contact_name,
                contact_phone=contact_phone,
                created_at=self.clock.now(),
            )
            session.add(row)
            session.flush()
            return booking_info(row, org)

    def get(self, booking_id: uuid.UUID | str) -> BookingInfo:
        """The booking with its full contact (the booking's own staff view); VisitsError if unknown."""
        with self.db.transaction() as session:
            booking, org = self.load(session, parse_booking_id(booking_id))
            return booking_info(booking, org)

    def list_bookings(self, *, on: date | None = None, since: date | None = None) -> list[BookingInfo]:
        """Bookings of one day (``on``) or from a day onwards (``since``), by date and slot."""
        query = select(Booking, Organisation).join(Organisation, Booking.organisation_id == Organisation.id)
        if on is not None:
            query = query.where(Booking.visit_date == on)
        if since is not None:
            query = query.where(Booking.visit_date >= since)
        query = query.order_by(Booking.visit_date, Booking.slot_start, Organisation.name)
        with self.db.transaction() as session:
            return [booking_info(b, o) for b, o in session.execute(query).all()]

    def cancel(self, booking_id: uuid.UUID | str) -> BookingInfo:
        """Cancel a booking and revoke its pass (if one was issued); VisitsError if already cancelled."""
        now = self.clock.now()
        with self.db.transaction() as session:
            booking, org = self.load(session, parse_booking_id(booking_id))
            if booking.cancelled_at is not None:
                raise VisitsError(f"预约 {booking.id} 已经取消过了，未做任何改动。")
            booking.cancelled_at = now
            if booking.pass_id is not None:
                RevocationList.revoke(session, pass_id=booking.pass_id, booking_id=booking.id, at=now)
            session.flush()
            return booking_info(booking, org)

    @staticmethod
    def load(session: Session, booking_id: uuid.UUID) -> tuple[Booking, Organisation]:
        """The ORM booking and its organisation in an open session; VisitsError if unknown."""
        row = session.execute(
            select(Booking, Organisation)
            .join(Organisation, Booking.organisation_id == Organisation.id)
            .where(Booking.id == booking_id)
        ).one_or_none()
        if row is None:
            raise VisitsError(f"找不到预约 {booking_id}：请用 kiosk booking list 查看预约编号。")
        return row[0], row[1]
