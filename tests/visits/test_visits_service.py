"""The check-in service: every outcome of a scan, what it writes (one fact or nothing), and after."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from kiosk.clock import FakeClock
from kiosk.passes.codec import PassKind, issue_pass, parse_pass
from kiosk.passes.decode import ZxingDecoder
from kiosk.passes.keys import KEYRING_FILE, SigningKey, init_keys, load_signing_key, rotate_key
from kiosk.passes.outcomes import CheckinOutcome
from kiosk.store.db import Database, open_database
from kiosk.store.visits_models import Checkin, HeadcountConfirmation
from kiosk.visits import messages
from kiosk.visits.errors import VisitsError
from kiosk.visits.service import VisitsService
from tests.visits.helpers import HALL, ORG, TODAY, book, make_service


def facts_written(db: Database) -> tuple[int, int]:
    with db.transaction() as session:
        return (session.scalar(select(func.count()).select_from(Checkin)) or 0,
                session.scalar(select(func.count()).select_from(HeadcountConfirmation)) or 0)


def test_a_valid_pass_is_accepted_and_written_once_with_its_stamp(visits: VisitsService, sqlite_db: Database,
                                                                  clock: FakeClock) -> None:
    booking, text = book(visits)
    result = visits.scan(text)
    assert result.outcome is CheckinOutcome.ACCEPTED and result.accepted
    assert (result.booking_id, result.organisation, result.headcount, result.arrived) == (booking.id, ORG, 45, 45)
    assert result.checked_in_at == clock.now() and result.valid_from == result.valid_to == TODAY
    assert ORG in result.message and "45" in result.message
    with sqlite_db.transaction() as session:
        row = session.scalars(select(Checkin)).one()
        assert row.id == result.checkin_id and row.id.version == 7
        assert (row.hall_id, row.device_id, row.kind, row.visitor_kind) == (HALL, "kiosk-1", "pass", "group")
        assert (row.booking_id, row.organisation_id, row.count, row.local_date) == (
            booking.id, booking.organisation_id, 45, TODAY)
        assert row.pass_id == parse_pass(text).claims.pass_id
    assert result.to_json()["outcome"] == "accepted" and result.to_json()["booking"] == str(booking.id)


def test_second_scan_is_already_checked_in_with_first_time_and_device(visits: VisitsService, sqlite_db: Database,
                                                                     clock: FakeClock, keys_dir: Path) -> None:
    _, text = book(visits)
    first = visits.scan(text)
    clock.advance(600)
    again = visits.scan(text)
    assert again.outcome is CheckinOutcome.ALREADY_CHECKED_IN
    assert again.checked_in_at == first.checked_in_at and again.checked_in_device == "kiosk-1"
    assert again.checkin_id is None and again.arrived == 45
    assert "17:00" in again.message and "kiosk-1" in again.message  # the hall's local time of the first scan
    # a second kiosk on the same database sees the first kiosk's check-in
    other = make_service(sqlite_db, clock, keys_dir, device="kiosk-2").scan(text)
    assert other.outcome is CheckinOutcome.ALREADY_CHECKED_IN and other.checked_in_device == "kiosk-1"
    assert facts_written(sqlite_db) == (1, 0)


def test_a_pass_for_another_day_is_not_valid_today(visits: VisitsService, sqlite_db: Database,
                                                   clock: FakeClock) -> None:
    booking, text = book(visits, day=TODAY + timedelta(days=1))
    early = visits.scan(text)
    assert early.outcome is CheckinOutcome.NOT_VALID_TODAY and "尚未到使用日期" in early.message
    assert early.booking_id == booking.id and early.organisation == ORG and early.valid_from == TODAY + timedelta(days=1)
    clock.advance(2 * 86400)
    late = visits.scan(text)
    assert late.outcome is CheckinOutcome.NOT_VALID_TODAY and "已过期" in late.message
    assert facts_written(sqlite_db) == (0, 0)


def test_hall_local_midnight_decides_today_not_utc(visits: VisitsService, sqlite_db: Database) -> None:
    clock = FakeClock(datetime(2026, 11, 21, 16, 30, tzinfo=UTC))  # 00:30 on the 22nd in the hall
    service = make_service(sqlite_db, clock, visits.passes.keys_dir)
    _, text = book(service, day=date(2026, 11, 22))
    assert service.scan(text).outcome is CheckinOutcome.ACCEPTED


def test_a_pass_of_another_hall_is_wrong_hall(visits: VisitsService, sqlite_db: Database, keys_dir: Path) -> None:
    booking, _ = book(visits)
    other = issue_pass(booking_id=booking.id, hall_id="other-hall", valid_from=TODAY, valid_to=TODAY, headcount=45,
                       kind=PassKind.GROUP, signing_key=load_signing_key(keys_dir))
    result = visits.scan(other.text)
    assert result.outcome is CheckinOutcome.WRONG_HALL and result.message == messages.WRONG_HALL
    assert result.organisation is None and result.booking_id is None  # another hall's booking means nothing here
    assert facts_written(sqlite_db) == (0, 0)


def test_cancelling_a_booking_revokes_its_pass(visits: VisitsService, sqlite_db: Database) -> None:
    booking, text = book(visits)
    cancelled = visits.bookings.cancel(booking.id)
    assert cancelled.cancelled and cancelled.pass_id in visits.revocations.pass_ids()
    result = visits.scan(text)
    assert result.outcome is CheckinOutcome.REVOKED and ORG in result.message and result.booking_id == booking.id
    assert facts_written(sqlite_db) == (0, 0)
    with pytest.raises(VisitsError, match="已经取消"):
        visits.bookings.cancel(booking.id)
    with pytest.raises(VisitsError, match="已取消，不能出具"):
        visits.passes.text(booking.id)


def test_a_pass_signed_by_a_stranger_is_forged(visits: VisitsService, sqlite_db: Database) -> None:
    booking, _ = book(visits)
    forged = issue_pass(booking_id=booking.id, hall_id=HALL, valid_from=TODAY, valid_to=TODAY, headcount=45,
                        kind=PassKind.GROUP, signing_key=SigningKey.generate())
    result = visits.scan(forged.text)
    assert result.outcome is CheckinOutcome.FORGED and result.message == messages.FORGED
    assert result.booking_id is None and result.organisation is None  # nothing of a forgery is shown
    assert facts_written(sqlite_db) == (0, 0)


def test_random_text_is_unreadable(visits: VisitsService) -> None:
    result = visits.scan("hello")
    assert result.outcome is CheckinOutcome.UNREADABLE and result.message == messages.UNREADABLE


def test_without_a_keyring_a_pass_is_forged_with_a_staff_message(visits: VisitsService, keys_dir: Path,
                                                                sqlite_db: Database) -> None:
    _, text = book(visits)
    (keys_dir / KEYRING_FILE).unlink()
    result = visits.scan(text)
    assert result.outcome is CheckinOutcome.FORGED and result.message == "本机尚未安装本馆公钥，请联系工作人员"
    assert visits.scan("not a pass").outcome is CheckinOutcome.UNREADABLE
    (keys_dir / KEYRING_FILE).write_text("damaged", encoding="utf-8")
    assert visits.scan(text).message == messages.NO_KEYRING
    assert facts_written(sqlite_db) == (0, 0)


def test_a_kiosk_without_keys_builds_and_answers(sqlite_db: Database, clock: FakeClock, tmp_path: Path) -> None:
    service = make_service(sqlite_db, clock, tmp_path / "no-keys-here")
    assert service.scan("HK1:anything").outcome is CheckinOutcome.UNREADABLE
    service.organisations.add(ORG, "机关")
    booking = service.bookings.add(organisation=ORG, visit_date=TODAY, slot="09:00-10:00", headcount=5,
                                   purpose="参观学习")
    with pytest.raises(VisitsError, match="kiosk keys init"):
        service.passes.text(booking.id)


def test_a_rolled_keyring_is_picked_up_without_restart(visits: VisitsService, keys_dir: Path) -> None:
    _, old_text = book(visits)
    rotate_key(keys_dir)
    _, new_text = book(visits, org="海淀区学院路街道社区党委", kind="社区")
    assert parse_pass(new_text).claims.key_id != parse_pass(old_text).claims.key_id
    assert visits.scan(new_text).outcome is CheckinOutcome.ACCEPTED
    assert visits.scan(old_text).outcome is CheckinOutcome.ACCEPTED  # old passes stay valid


def test_a_pass_whose_booking_is_not_here_yet_is_still_accepted(visits: VisitsService, clock: FakeClock,
                                                               keys_dir: Path, tmp_path: Path) -> None:
    office = open_database(f"sqlite:///{tmp_path / 'office.sqlite3'}")
    _, text = book(make_service(office, clock, keys_dir))
    result = visits.scan(text)
    assert result.outcome is CheckinOutcome.ACCEPTED and result.organisation is None
    assert "45" in result.message
    office.close()


def test_reissuing_gives_the_same_text_and_an_individual_pass_for_one(visits: VisitsService) -> None:
    booking, text = book(visits)
    assert visits.passes.text(booking.id) == text
    single, single_text = book(visits, org="王府井社区党委", kind="社区", headcount=1)
    assert parse_pass(single_text).claims.kind is PassKind.INDIVIDUAL
    assert visits.scan(single_text).outcome is CheckinOutcome.ACCEPTED


def test_confirm_headcount_is_a_correction_fact_and_checks_its_range(visits: VisitsService,
                                                                    sqlite_db: Database) -> None:
    _, text = book(visits)
    accepted = visits.scan(text)
    assert accepted.checkin_id is not None
    for bad in (0, 91, -3):
        with pytest.raises(ValueError, match="实到人数应在 1 到 90 之间"):
            visits.confirm_headcount(accepted.checkin_id, bad)
    with pytest.raises(ValueError, match="找不到这次签到记录"):
        visits.confirm_headcount(uuid.uuid4(), 10)
    assert facts_written(sqlite_db) == (1, 0)
    confirmed = visits.confirm_headcount(accepted.checkin_id, 38)
    assert confirmed.outcome is CheckinOutcome.ACCEPTED and confirmed.arrived == 38 and "38" in confirmed.message
    visits.confirm_headcount(accepted.checkin_id, 40)
    with sqlite_db.transaction() as session:
        corrections = session.scalars(select(HeadcountConfirmation)).all()
        assert {c.corrects_id for c in corrections} == {accepted.checkin_id}
        original = session.get(Checkin, accepted.checkin_id)
        assert original is not None and original.count == 45  # the original fact is untouched
    assert visits.today_bookings()[0].arrived == 40  # the newest confirmation wins
    assert visits.scan(text).arrived == 40


def test_walk_ins_are_facts_and_bad_choices_write_nothing(visits: VisitsService, sqlite_db: Database) -> None:
    org = visits.organisations.add(ORG, "机关")
    member = visits.walk_in(kind="member", count=3, organisation_id=org.id)
    assert (member.kind, member.count, member.organisation) == ("member", 3, ORG) and "3 名党员" in member.message
    public = visits.walk_in(kind="public", count=2)
    assert public.organisation is None and "2 位群众" in public.message
    for kwargs in ({"kind": "vip", "count": 1}, {"kind": "member", "count": 0}, {"kind": "public", "count": 201},
                   {"kind": "member", "count": 1, "organisation_id": uuid.uuid4()}):
        with pytest.raises(ValueError):
            visits.walk_in(**kwargs)  # type: ignore[arg-type]
    with sqlite_db.transaction() as session:
        rows = session.scalars(select(Checkin).order_by(Checkin.recorded_at)).all()
        assert [(r.kind, r.visitor_kind, r.count, r.organisation_id) for r in rows] == [
            ("walk_in", "member", 3, org.id), ("walk_in", "public", 2, None)]


def test_search_organisations_by_pinyin_initials_and_chinese(visits: VisitsService) -> None:
    for name, kind in ((ORG, "机关"), ("海淀区学院路街道社区党委", "社区"), ("北京理工大学机关党委", "学校")):
        visits.organisations.add(name, kind)
    assert [o.name for o in visits.search_organisations("ZGC")][:1] == [ORG]
    assert visits.search_organisations("ZGB")[0].name == ORG  # 中关…支部, initials in order
    assert [o.name for o in visits.search_organisations("学院路")] == ["海淀区学院路街道社区党委"]
    assert [o.name for o in visits.search_organisations("  ")] == [ORG, "北京理工大学机关党委", "海淀区学院路街道社区党委"]
    assert len(visits.search_organisations("", limit=2)) == 2
    assert visits.search_organisations("xyzxyz") == []
    visits.organisations.add("中关村街道党工委", "机关")  # the index follows new names
    assert "中关村街道党工委" in [o.name for o in visits.search_organisations("zgcjd")]


def test_today_bookings_show_arrived_not_yet_and_cancelled_masked(visits: VisitsService) -> None:
    late, late_text = book(visits, slot="14:00-15:30", headcount=30)
    early, _ = book(visits, org="海淀区学院路街道社区党委", kind="社区", slot="09:00-10:00", contact="欧阳娜娜",
                    phone="010-62345678")
    gone, _ = book(visits, org="北京理工大学机关党委", kind="学校", slot="10:00-11:00")
    book(visits, day=TODAY + timedelta(days=1))  # not today
    visits.bookings.cancel(gone.id)
    visits.scan(late_text)
    rows = visits.today_bookings()
    assert [r.booking_id for r in rows] == [early.id, gone.id, late.id]
    assert [(r.status, r.arrived, r.expected) for r in rows] == [("not_yet", 0, 45), ("cancelled", 0, 45),
                                                                  ("arrived", 30, 30)]
    assert rows[0].contact_masked == "欧*** 010****5678" and rows[2].contact_masked == "张** 138****5678"
    assert rows[0].slot == "09:00-10:00" and rows[0].purpose == "参观学习"


def test_scan_image_reads_a_rendered_pass(sqlite_db: Database, clock: FakeClock, keys_dir: Path,
                                          tmp_path: Path) -> None:
    service = make_service(sqlite_db, clock, keys_dir, decoder=ZxingDecoder())
    booking, _ = book(service)
    png = service.passes.write(booking.id, tmp_path / "pass.png")
    assert service.scan_image(png).outcome is CheckinOutcome.ACCEPTED
    assert service.scan_image(Image.open(png)).outcome is CheckinOutcome.ALREADY_CHECKED_IN
    assert service.scan_image(Image.new("RGB", (400, 300), "white")).outcome is CheckinOutcome.UNREADABLE
    not_an_image = tmp_path / "notes.png"
    not_an_image.write_text("not an image", encoding="utf-8")
    result = service.scan_image(not_an_image)
    assert result.outcome is CheckinOutcome.UNREADABLE and result.message == messages.UNREADABLE_IMAGE
    assert facts_written(sqlite_db) == (1, 0)


def test_pass_files_png_pdf_and_a_day_sheet(visits: VisitsService, tmp_path: Path) -> None:
    first, _ = book(visits)
    second, _ = book(visits, org="王府井社区党委", kind="社区", slot="13:00-14:00")
    gone, _ = book(visits, org="北京理工大学机关党委", kind="学校")
    visits.bookings.cancel(gone.id)
    assert visits.passes.write(first.id, tmp_path / "a.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert visits.passes.write(first.id, tmp_path / "a.pdf").read_bytes()[:5] == b"%PDF-"
    assert visits.passes.write_day(TODAY, tmp_path / "day.pdf") == 2
    assert (tmp_path / "day.pdf").read_bytes().count(b"/Type /Page\n") + (tmp_path / "day.pdf").read_bytes().count(
        b"/Type /Page ") >= 2
    with pytest.raises(VisitsError, match="扩展名"):
        visits.passes.write(first.id, tmp_path / "a.jpg")
    with pytest.raises(VisitsError, match="没有有效的预约"):
        visits.passes.write_day(TODAY + timedelta(days=30), tmp_path / "empty.pdf")


def test_a_signing_key_others_can_read_is_refused(visits: VisitsService, keys_dir: Path) -> None:
    booking, _ = book(visits)
    (keys_dir / "signing_key.pem").chmod(0o644)
    with pytest.raises(VisitsError, match="无法读取本馆签名私钥"):
        visits.passes.text(booking.id)
