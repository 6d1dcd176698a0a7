"""Online bookings: make one with its place held in the database, manage it by its private token,
approve, decline or cancel it as staff, and hand out its signed pass.

The capacity rule lives in the database: a booking takes its place with one conditional UPDATE on
the slot's usage row (``people + n <= capacity AND groups + 1 <= groups capacity``). On PostgreSQL
the UPDATE waits on the row lock of a concurrent booking and re-checks its condition after that one
commits, so of two bookings for the last place exactly one finds a row to update; on SQLite the
transaction begins with ``BEGIN IMMEDIATE``, which serialises writers. The organisation, the
booking (``kiosk.visits.BookingBook``), its pass id (``PassIssuer``) and the manage token are
written in that same transaction: nothing is half-written when any step refuses.

The manage token is the only key to a booking: 32 random bytes, shown once in the leader's link,
stored as its SHA-256. No page built from these results shows the contact unmasked.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import tempfile
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kiosk.booking.errors import BookingError, NotFound, SlotFull
from kiosk.booking.joined import JoinedDatabase
from kiosk.booking.models import BookingSlotUsage, OnlineBooking
from kiosk.booking.schedule import HallInfo, HallSchedules, SlotInfo, _hall_info, _slot_info
from kiosk.clock import Clock, hall_date
from kiosk.passes.codec import IssuedPass
from kiosk.store.db import Database
from kiosk.store.visits_models import Booking, Organisation, RevokedPass
from kiosk.visits.bookings import CONTACT_NAME_MAX, PURPOSES, BookingBook, BookingInfo, booking_info
from kiosk.visits.errors import VisitsError
from kiosk.visits.issuing import PassIssuer
from kiosk.visits.masking import mask_name, mask_phone
from kiosk.visits.organisations import ORGANISATION_KINDS, OrganisationBook, clean_name, normalise_kind
from kiosk.visits.revocation import RevocationList
from kiosk.visits.stats import arrived_by_booking

PENDING, CONFIRMED, DECLINED, CANCELLED = "pending", "confirmed", "declined", "cancelled"
STATUS_TEXT = {PENDING: "待审核", CONFIRMED: "已确认", DECLINED: "未通过", CANCELLED: "已取消"}
HOLDS_PLACE = (PENDING, CONFIRMED)
_MOBILE_RE = re.compile(r"1[3-9]\d{9}")
TOKEN_BYTES = 32


class HallKeys(Protocol):
    """Where each hall's pass-signing key directory is (the hub keeps one per hall)."""

    def keys_dir(self, hall_id: str) -> Path: ...


@dataclass(frozen=True)
class KeysRoot:
    """Each hall's keys in ``root/<hall_id>/`` (as ``kiosk keys init`` writes them)."""

    root: Path

    def keys_dir(self, hall_id: str) -> Path:
        return self.root / hall_id


def hash_token(token: str) -> str:
    """The stored form of a manage token (SHA-256 hex): a leaked database opens no booking."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def booking_reference(booking_id: uuid.UUID) -> str:
    """A short reference to read over the phone: the random tail of the UUIDv7, e.g. ``7F3A-91C2``."""
    tail = booking_id.hex[-8:].upper()
    return f"{tail[:4]}-{tail[4:]}"


class FormErrors(BookingError):
    """Several fields are wrong at once; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()), field=next(iter(errors), None))
        self.errors = errors


@dataclass(frozen=True)
class BookingRequest:
    """What the public form sends (raw strings: every field is checked here, not in the page)."""

    hall_id: str
    day: str
    slot_id: str
    organisation: str
    kind: str
    purpose: str
    headcount: str
    contact_name: str
    contact_phone: str
    consent: bool


@dataclass(frozen=True)
class Receipt:
    """A booking just made: its token is shown once, in the manage link."""

    booking_id: uuid.UUID
    reference: str
    token: str
    status: str


@dataclass(frozen=True)
class OnlineView:
    """A booking as its leader (by token) or staff see it; contact masked."""

    booking: BookingInfo
    status: str
    hall: HallInfo
    slot: SlotInfo
    arrived: int | None = None

    @property
    def reference(self) -> str:
        return booking_reference(self.booking.id)

    @property
    def status_text(self) -> str:
        return STATUS_TEXT.get(self.status, self.status)

    @property
    def contact_masked(self) -> str:
        return f"{mask_name(self.booking.contact_name)} {mask_phone(self.booking.contact_phone)}".strip()

    @property
    def has_pass(self) -> bool:
        return self.status == CONFIRMED


def _insert_for(session: Session):  # type: ignore[no-untyped-def]
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def _parse_int(text: str, field: str, message: str) -> int:
    value = unicodedata.normalize("NFKC", str(text)).strip()
    if not value.isdigit() or len(value) > 6:
        raise BookingError(message, field=field)
    return int(value)


class OnlineBookings:
    """The booking pages' and staff pages' one service for bookings."""

    def __init__(self, db: Database, clock: Clock, keys: HallKeys) -> None:
        self.db = db
        self.clock = clock
        self.keys = keys
        self.schedules = HallSchedules(db, clock)

    # ------------------------------------------------------------------ the public side

    def book(self, request: BookingRequest) -> Receipt:
        """Make a booking; FormErrors (every bad field), SlotFull or NotFound otherwise, nothing written."""
        errors: dict[str, str] = {}
        hall = self.schedules.hall(request.hall_id)
        day: date | None = None
        try:
            day = date.fromisoformat(unicodedata.normalize("NFKC", request.day).strip())
        except ValueError:
            errors["day"] = "请选择参观日期。"
        try:
            organisation = clean_name(request.organisation, what="组织名称")
        except VisitsError as exc:
            errors["organisation"] = str(exc)
        purpose = unicodedata.normalize("NFKC", request.purpose).strip()
        if purpose not in PURPOSES:
            errors["purpose"] = "请选择参观目的。"
        try:
            headcount = _parse_int(request.headcount, "headcount", f"请填写预计人数（1 到 {hall.max_headcount} 之间的整数）。")
            if not 1 <= headcount <= hall.max_headcount:
                raise BookingError(f"预计人数应为 1 到 {hall.max_headcount} 之间的整数。", field="headcount")
        except BookingError as exc:
            errors["headcount"] = str(exc)
        try:
            contact = clean_name(request.contact_name, what="联系人姓名")
            if len(contact) > CONTACT_NAME_MAX:
                raise VisitsError(f"联系人姓名太长（最多 {CONTACT_NAME_MAX} 个字）。")
        except VisitsError as exc:
            errors["contact_name"] = str(exc)
        phone = unicodedata.normalize("NFKC", request.contact_phone).replace(" ", "").replace("-", "").strip()
        if not _MOBILE_RE.fullmatch(phone):
            errors["contact_phone"] = "请填写 11 位手机号码，例如 13812345678。"
        if not request.consent:
            errors["consent"] = "请阅读个人信息说明并勾选同意，才能提交预约。"
        kind = unicodedata.normalize("NFKC", request.kind or "").strip()
        if errors or day is None:
            raise FormErrors(errors or {"day": "请选择参观日期。"})
        with self.db.transaction(immediate=True) as session:
            org = OrganisationBook.find(session, organisation)
            joined = JoinedDatabase(session)
            if org is None:
                try:
                    normalise_kind(kind)
                except VisitsError:
                    raise FormErrors({"kind": f"新组织请选择组织类别：{'、'.join(ORGANISATION_KINDS)}。"}) from None
                OrganisationBook(joined, self.clock).add(organisation, kind)  # type: ignore[arg-type]
                _own(session, OrganisationBook.find(session, organisation), hall.hall_id)
            slot = self._bookable_slot(session, hall, request.slot_id, day)
            self._take_place(session, slot, day, headcount)
            info = BookingBook(joined, self.clock).add(  # type: ignore[arg-type]
                organisation=organisation, visit_date=day, slot=slot.label, headcount=headcount,
                purpose=purpose, contact=contact, phone=phone)
            _own(session, session.get(Booking, info.id), hall.hall_id)
            token = secrets.token_urlsafe(TOKEN_BYTES)
            status = PENDING if hall.requires_approval else CONFIRMED
            session.add(OnlineBooking(booking_id=info.id, hall_id=hall.hall_id, slot_id=slot.id, status=status,
                                      manage_token_hash=hash_token(token), created_at=self.clock.now()))
            session.flush()
            if status == CONFIRMED:
                self._issuer(session, hall.hall_id).issue(info.id)  # gives the booking its pass id now
            return Receipt(info.id, booking_reference(info.id), token, status)

    def by_token(self, token: str) -> OnlineView:
        """The booking a manage token opens; NotFound for any other text (no hint which part was wrong)."""
        with self.db.transaction() as session:
            return self._view(session, self._online_by_token(session, token))

    def change_headcount(self, token: str, headcount: str | int) -> OnlineView:
        """Change the expected headcount before the visit day, within the slot's places and the hall's limit.

        The old pass is revoked and a new pass id is issued (the headcount is signed into the pass).
        """
        with self.db.transaction(immediate=True) as session:
            online = self._online_by_token(session, token, lock=True)
            booking = session.get(Booking, online.booking_id)
            assert booking is not None
            hall = _hall_info(HallSchedules.load_hall(session, online.hall_id))
            if online.status not in HOLDS_PLACE:
                raise BookingError("这个预约已取消，不能修改人数。", field="headcount")
            if hall_date(self.clock.now()) >= booking.visit_date:
                raise BookingError("参观当天及之后不能在线修改人数，请联系场馆。", field="headcount")
            count = _parse_int(str(headcount), "headcount", f"人数应为 1 到 {hall.max_headcount} 之间的整数。")
            if not 1 <= count <= hall.max_headcount:
                raise BookingError(f"人数应为 1 到 {hall.max_headcount} 之间的整数。", field="headcount")
            delta = count - booking.expected_headcount
            if delta == 0:
                return self._view(session, online)
            slot = _slot_info(HallSchedules.load_slot(session, online.slot_id))
            self._adjust_people(session, slot, booking.visit_date, delta)
            booking.expected_headcount = count
            if booking.pass_id is not None:
                RevocationList.revoke(session, pass_id=booking.pass_id, booking_id=booking.id,
                                      at=self.clock.now(), reason="headcount_changed")
                session.flush()
                _own(session, session.get(RevokedPass, booking.pass_id), online.hall_id)
                booking.pass_id = None
            session.flush()
            if online.status == CONFIRMED:
                self._issuer(session, online.hall_id).issue(booking.id)
            return self._view(session, online)

    def cancel_by_token(self, token: str) -> OnlineView:
        """The leader cancels: the place is freed and the pass revoked (kiosks refuse it after their pull)."""
        with self.db.transaction(immediate=True) as session:
            online = self._online_by_token(session, token, lock=True)
            self._end(session, online, CANCELLED, by="leader")
            return self._view(session, online)

    def pass_for_token(self, token: str) -> tuple[IssuedPass, OnlineView]:
        """The signed pass of a confirmed booking (byte-identical each time: one pass id per booking)."""
        view = self.by_token(token)
        if not view.has_pass:
            raise BookingError("这个预约还没有通行证（待审核或已取消）。")
        issued, _ = PassIssuer(self.db, self.clock, hall_id=view.hall.hall_id,
                               keys_dir=self.keys.keys_dir(view.hall.hall_id)).issue(view.booking.id)
        return issued, view

    def pass_png(self, token: str) -> bytes:
        """The pass as a PNG (QR code, organisation, date, slot, headcount)."""
        import io

        from kiosk.passes.render import render_pass_image

        issued, view = self.pass_for_token(token)
        buffer = io.BytesIO()
        render_pass_image(issued.claims, issued.text, view.booking.organisation, view.booking.slot).save(buffer, "PNG")
        return buffer.getvalue()

    def pass_pdf(self, token: str) -> bytes:
        """The pass as a one-page PDF to print."""
        from kiosk.passes.render import PassPrint

        issued, view = self.pass_for_token(token)
        return _pdf_bytes([PassPrint(issued.claims, issued.text, view.booking.organisation, view.booking.slot)])

    # ------------------------------------------------------------------ the staff side

    def day(self, hall_id: str, day: date) -> list[OnlineView]:
        """A hall's online bookings of one day, by slot, with how many arrived (synced check-ins)."""
        with self.db.transaction() as session:
            rows = session.scalars(select(OnlineBooking).join(Booking, Booking.id == OnlineBooking.booking_id)
                                   .where(OnlineBooking.hall_id == hall_id, Booking.visit_date == day)
                                   .order_by(Booking.slot_start, OnlineBooking.created_at)).all()
            arrived = arrived_by_booking(session, day)
            return [self._view(session, row, arrived=arrived.get(row.booking_id)) for row in rows]

    def staff_view(self, booking_id: uuid.UUID | str, *, halls: set[str] | None) -> OnlineView:
        with self.db.transaction() as session:
            return self._view(session, self._online_for_staff(session, booking_id, halls))

    def approve(self, booking_id: uuid.UUID | str, *, halls: set[str] | None, by: str) -> OnlineView:
        """Confirm a pending booking and issue its pass."""
        with self.db.transaction(immediate=True) as session:
            online = self._online_for_staff(session, booking_id, halls, lock=True)
            if online.status != PENDING:
                raise BookingError(f"这个预约{STATUS_TEXT[online.status]}，不需要审核。")
            online.status, online.decided_at, online.decided_by = CONFIRMED, self.clock.now(), by
            session.flush()
            self._issuer(session, online.hall_id).issue(online.booking_id)
            return self._view(session, online)

    def decline(self, booking_id: uuid.UUID | str, *, halls: set[str] | None, by: str) -> OnlineView:
        """Refuse a pending booking: its place is freed."""
        with self.db.transaction(immediate=True) as session:
            online = self._online_for_staff(session, booking_id, halls, lock=True)
            if online.status != PENDING:
                raise BookingError(f"这个预约{STATUS_TEXT[online.status]}，不能再审核。")
            self._end(session, online, DECLINED, by=by)
            return self._view(session, online)

    def cancel_by_staff(self, booking_id: uuid.UUID | str, *, halls: set[str] | None, by: str) -> OnlineView:
        with self.db.transaction(immediate=True) as session:
            online = self._online_for_staff(session, booking_id, halls, lock=True)
            self._end(session, online, CANCELLED, by=by)
            return self._view(session, online)

    def day_sheet_pdf(self, hall_id: str, day: date) -> bytes:
        """Every confirmed booking's pass of a hall's day, one A4 page each."""
        from kiosk.passes.render import PassPrint

        views = [v for v in self.day(hall_id, day) if v.status == CONFIRMED]
        if not views:
            raise BookingError(f"{day.isoformat()} 没有已确认的预约。")
        issuer = PassIssuer(self.db, self.clock, hall_id=hall_id, keys_dir=self.keys.keys_dir(hall_id))
        prints = []
        for view in views:
            issued, _ = issuer.issue(view.booking.id)
            prints.append(PassPrint(issued.claims, issued.text, view.booking.organisation, view.booking.slot))
        return _pdf_bytes(prints)

    # ------------------------------------------------------------------ inside a transaction

    def _issuer(self, session: Session, hall_id: str) -> PassIssuer:
        return PassIssuer(JoinedDatabase(session), self.clock, hall_id=hall_id,  # type: ignore[arg-type]
                          keys_dir=self.keys.keys_dir(hall_id))

    def _bookable_slot(self, session: Session, hall: HallInfo, slot_id: str, day: date) -> SlotInfo:
        slot = _slot_info(HallSchedules.load_slot(session, slot_id))
        if slot.hall_id != hall.hall_id or not slot.active:
            raise NotFound("这个时段不可预约，请重新选择。", field="slot")
        reason = self.schedules.closed_reason_in(session, hall, day)
        if reason is not None:
            raise BookingError(f"{day.isoformat()} {reason}，请选择其他日期。", field="day")
        return slot

    @staticmethod
    def _take_place(session: Session, slot: SlotInfo, day: date, people: int) -> None:
        insert = _insert_for(session)
        session.execute(insert(BookingSlotUsage).values(slot_id=slot.id, visit_date=day, people=0, groups=0)
                        .on_conflict_do_nothing(index_elements=["slot_id", "visit_date"]))
        taken = _rowcount(session.execute(
            update(BookingSlotUsage)
            .where(BookingSlotUsage.slot_id == slot.id, BookingSlotUsage.visit_date == day,
                   BookingSlotUsage.people + people <= slot.capacity_people,
                   BookingSlotUsage.groups + 1 <= slot.capacity_groups)
            .values(people=BookingSlotUsage.people + people, groups=BookingSlotUsage.groups + 1)
            .execution_options(synchronize_session=False)
        ))
        if taken != 1:
            usage = session.get(BookingSlotUsage, (slot.id, day), populate_existing=True)
            left = max(0, slot.capacity_people - usage.people) if usage else slot.capacity_people
            groups_left = max(0, slot.capacity_groups - usage.groups) if usage else slot.capacity_groups
            if groups_left == 0 or left == 0:
                raise SlotFull("这个时段已约满，请选择其他时段或日期。", field="slot")
            raise SlotFull(f"这个时段只剩 {left} 个名额，请减少人数或选择其他时段。", field="headcount")

    @staticmethod
    def _adjust_people(session: Session, slot: SlotInfo, day: date, delta: int) -> None:
        query = update(BookingSlotUsage).where(BookingSlotUsage.slot_id == slot.id, BookingSlotUsage.visit_date == day)
        if delta > 0:
            query = query.where(BookingSlotUsage.people + delta <= slot.capacity_people)
        changed = _rowcount(session.execute(query.values(people=BookingSlotUsage.people + delta)
                                            .execution_options(synchronize_session=False)))
        if changed != 1:
            raise SlotFull("这个时段的名额不够增加这么多人，请联系场馆或另约时段。", field="headcount")

    def _end(self, session: Session, online: OnlineBooking, status: str, *, by: str) -> None:
        if online.status not in HOLDS_PLACE:
            raise BookingError(f"这个预约{STATUS_TEXT[online.status]}，未做任何改动。")
        booking = session.get(Booking, online.booking_id)
        assert booking is not None
        BookingBook(JoinedDatabase(session), self.clock).cancel(booking.id)  # type: ignore[arg-type]  # revokes the pass
        if booking.pass_id is not None:
            _own(session, session.get(RevokedPass, booking.pass_id), online.hall_id)
        session.execute(update(BookingSlotUsage)
                        .where(BookingSlotUsage.slot_id == online.slot_id,
                               BookingSlotUsage.visit_date == booking.visit_date)
                        .values(people=BookingSlotUsage.people - booking.expected_headcount,
                                groups=BookingSlotUsage.groups - 1)
                        .execution_options(synchronize_session=False))
        online.status, online.decided_at, online.decided_by = status, self.clock.now(), by[:64]
        session.flush()

    @staticmethod
    def _online_by_token(session: Session, token: str, *, lock: bool = False) -> OnlineBooking:
        if not isinstance(token, str) or not 20 <= len(token) <= 100:
            raise NotFound("预约链接无效：请使用预约成功时保存的完整链接。")
        query = select(OnlineBooking).where(OnlineBooking.manage_token_hash == hash_token(token))
        online = session.scalars(query.with_for_update() if lock else query).one_or_none()
        if online is None:
            raise NotFound("预约链接无效：请使用预约成功时保存的完整链接。")
        return online

    @staticmethod
    def _online_for_staff(session: Session, booking_id: uuid.UUID | str, halls: set[str] | None,
                          *, lock: bool = False) -> OnlineBooking:
        try:
            key = booking_id if isinstance(booking_id, uuid.UUID) else uuid.UUID(str(booking_id))
        except ValueError:
            raise NotFound("找不到这个预约。") from None
        query = select(OnlineBooking).where(OnlineBooking.booking_id == key)
        online = session.scalars(query.with_for_update() if lock else query).one_or_none()
        if online is None or (halls is not None and online.hall_id not in halls):
            raise NotFound("找不到这个预约（或它不属于您管理的场馆）。")
        return online

    @staticmethod
    def _view(session: Session, online: OnlineBooking, arrived: int | None = None) -> OnlineView:
        booking = session.get(Booking, online.booking_id)
        assert booking is not None
        org = session.get(Organisation, booking.organisation_id)
        assert org is not None
        return OnlineView(booking_info(booking, org), online.status,
                          _hall_info(HallSchedules.load_hall(session, online.hall_id)),
                          _slot_info(HallSchedules.load_slot(session, online.slot_id)), arrived)


def _rowcount(result: object) -> int:
    """Rows an UPDATE matched (``Session.execute`` is typed as returning a plain Result)."""
    return int(getattr(result, "rowcount"))


def _own(session: Session, row: object, hall_id: str) -> None:
    """Give a reference row this hall as its owner (issue 9: kiosks pull their hall's rows by hub sequence)."""
    if row is not None and hasattr(row, "hall_id") and not getattr(row, "hall_id", None):
        row.hall_id = hall_id


def _pdf_bytes(prints: list) -> bytes:  # type: ignore[type-arg]
    from kiosk.passes.render import render_passes_pdf

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "passes.pdf"
        render_passes_pdf(prints, path)
        return path.read_bytes()
