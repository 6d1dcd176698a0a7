"""Online booking services on SQLite: availability, booking, capacity, manage token, approval, cancel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from kiosk.booking.errors import BookingError, NotFound, SlotFull
from kiosk.booking.models import OnlineBooking
from kiosk.booking.service import CANCELLED, CONFIRMED, PENDING, FormErrors, KeysRoot, OnlineBookings
from kiosk.clock import FakeClock
from kiosk.passes.keys import load_keyring_dir
from kiosk.passes.outcomes import VerifyOutcome
from kiosk.passes.verify import verify_pass
from kiosk.store.db import Database
from kiosk.store.visits_models import Booking, Organisation
from kiosk.visits.errors import VisitsError
from kiosk.visits.revocation import RevokedLookup
from tests.booking.conftest import MONDAY, request


def _verdict(db: Database, keys, text: str, day=MONDAY):
    with db.transaction() as session:
        return verify_pass(text, keyring=load_keyring_dir(keys), hall_id="demo-hall", today=day,
                           revoked=RevokedLookup(session))


def test_calendar_shows_open_days_and_places_left(bookings: OnlineBookings) -> None:
    days = {d.day: d for d in bookings.schedules.availability(
        "demo-hall", MONDAY - timedelta(days=2), MONDAY + timedelta(days=12))}
    assert days[MONDAY - timedelta(days=2)].closed_reason == "不可预约"  # today
    assert days[MONDAY - timedelta(days=1)].closed_reason == "不开放"  # Sunday
    assert days[MONDAY + timedelta(days=11)].closed_reason == "馆内布展"  # the seeded closed Friday
    monday = days[MONDAY]
    assert monday.is_open and [(s.slot.label, s.people_left, s.groups_left) for s in monday.slots] == [
        ("09:00-10:30", 60, 2), ("14:00-15:30", 40, 1)]
    bookings.book(request(bookings, headcount="25"))
    [morning, _] = bookings.schedules.availability("demo-hall", MONDAY, MONDAY)[0].slots
    assert (morning.people_left, morning.groups_left) == (35, 1)


def test_booking_makes_a_signed_pass_and_a_private_manage_token(bookings: OnlineBookings, sqlite_db: Database,
                                                                 world) -> None:
    receipt = bookings.book(request(bookings, org="新成立的两新党支部", kind='"两新"组织'))
    assert receipt.status == CONFIRMED and len(receipt.token) >= 40
    with sqlite_db.transaction() as session:
        stored = session.get(OnlineBooking, receipt.booking_id)
        assert stored.manage_token_hash != receipt.token and receipt.token not in stored.manage_token_hash
        assert session.scalars(select(Organisation.kind).where(Organisation.name == "新成立的两新党支部")).one() == '"两新"组织'
    issued, view = bookings.pass_for_token(receipt.token)
    assert view.booking.expected == 30 and view.contact_masked == "张* 138****5678"
    assert _verdict(sqlite_db, world.keys_root / "demo-hall", issued.text).outcome is VerifyOutcome.VALID
    assert bookings.pass_png(receipt.token)[:8] == b"\x89PNG\r\n\x1a\n"
    assert bookings.pass_pdf(receipt.token)[:5] == b"%PDF-"
    with pytest.raises(NotFound):
        bookings.by_token(receipt.token[:-1] + ("A" if receipt.token[-1] != "A" else "B"))


def test_every_bad_field_is_named_and_nothing_is_written(bookings: OnlineBookings, sqlite_db: Database) -> None:
    bad = request(bookings, org="  ", headcount="0", phone="12345", name="", consent=False)
    with pytest.raises(FormErrors) as caught:
        bookings.book(bad)
    assert set(caught.value.errors) == {"organisation", "headcount", "contact_phone", "contact_name", "consent"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in caught.value.errors.values())
    with pytest.raises(FormErrors) as caught:
        bookings.book(request(bookings, org="没有类别的新组织", kind=""))
    assert set(caught.value.errors) == {"kind"}
    with pytest.raises(BookingError, match="不开放"):
        bookings.book(request(bookings, day=MONDAY - timedelta(days=1)))
    with sqlite_db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Booking)) == 0
        assert session.scalar(select(func.count()).select_from(Organisation).where(
            Organisation.name == "没有类别的新组织")) == 0


def test_capacity_in_people_and_groups_is_enforced(bookings: OnlineBookings) -> None:
    bookings.book(request(bookings, slot=1, headcount="40"))  # the afternoon: 40 people, one group
    with pytest.raises(SlotFull):
        bookings.book(request(bookings, slot=1, headcount="1", org="王府井社区党委"))
    bookings.book(request(bookings, headcount="50"))
    with pytest.raises(SlotFull, match="只剩 10 个名额"):
        bookings.book(request(bookings, headcount="11", org="王府井社区党委"))


def test_headcount_change_within_limits_reissues_the_pass(bookings: OnlineBookings, sqlite_db: Database,
                                                          world) -> None:
    first = bookings.book(request(bookings, headcount="30"))
    bookings.book(request(bookings, headcount="20", org="王府井社区党委"))
    old_pass, _ = bookings.pass_for_token(first.token)
    with pytest.raises(SlotFull):
        bookings.change_headcount(first.token, "41")
    view = bookings.change_headcount(first.token, "40")
    assert view.booking.expected == 40
    new_pass, _ = bookings.pass_for_token(first.token)
    assert new_pass.claims.headcount == 40 and new_pass.claims.pass_id != old_pass.claims.pass_id
    keys = world.keys_root / "demo-hall"
    assert _verdict(sqlite_db, keys, old_pass.text).outcome is VerifyOutcome.REVOKED
    assert _verdict(sqlite_db, keys, new_pass.text).outcome is VerifyOutcome.VALID
    with pytest.raises(BookingError, match="1 到 100"):
        bookings.change_headcount(first.token, "0")


def test_cancel_frees_the_place_and_revokes_the_pass(bookings: OnlineBookings, sqlite_db: Database, world) -> None:
    receipt = bookings.book(request(bookings, slot=1, headcount="40"))
    issued, _ = bookings.pass_for_token(receipt.token)
    assert bookings.cancel_by_token(receipt.token).status == CANCELLED
    assert _verdict(sqlite_db, world.keys_root / "demo-hall", issued.text).outcome is VerifyOutcome.REVOKED
    with pytest.raises(BookingError, match="已取消"):
        bookings.cancel_by_token(receipt.token)
    bookings.book(request(bookings, slot=1, headcount="40", org="王府井社区党委"))  # the place is free again


def test_approval_holds_the_place_and_issues_the_pass_only_when_approved(bookings: OnlineBookings) -> None:
    first = bookings.book(request(bookings, hall="east-hall", headcount="40", slot=1))
    assert first.status == PENDING and not bookings.by_token(first.token).has_pass
    with pytest.raises(BookingError, match="还没有通行证"):
        bookings.pass_for_token(first.token)
    with pytest.raises(SlotFull):
        bookings.book(request(bookings, hall="east-hall", headcount="1", slot=1, org="王府井社区党委"))
    with pytest.raises(NotFound):
        bookings.approve(first.booking_id, halls={"demo-hall"}, by="staff")  # another hall's staff
    assert bookings.approve(first.booking_id, halls={"east-hall"}, by="east").status == CONFIRMED
    assert bookings.pass_for_token(first.token)[0].claims.headcount == 40
    second = bookings.book(request(bookings, hall="east-hall", headcount="5"))
    assert bookings.decline(second.booking_id, halls=None, by="admin").status == "declined"
    day = bookings.day("east-hall", MONDAY)
    assert [(v.status, v.booking.organisation) for v in day] == [("declined", "中关村街道党工委"),
                                                                 ("confirmed", "中关村街道党工委")]
    assert bookings.day_sheet_pdf("east-hall", MONDAY)[:5] == b"%PDF-"


def test_headcount_cannot_change_on_the_visit_day(bookings: OnlineBookings, clock: FakeClock) -> None:
    receipt = bookings.book(request(bookings))
    clock.advance(2 * 86400)
    with pytest.raises(BookingError, match="参观当天"):
        bookings.change_headcount(receipt.token, "31")


def test_a_missing_signing_key_books_nothing(sqlite_db: Database, clock: FakeClock, world, tmp_path) -> None:
    service = OnlineBookings(sqlite_db, clock, KeysRoot(tmp_path / "no-keys"))
    with pytest.raises(VisitsError, match="签名私钥"):
        service.book(request(service))
    [morning, _] = service.schedules.availability("demo-hall", MONDAY, MONDAY)[0].slots
    assert morning.people_left == 60
