"""Organisations and bookings (reference data): checks before any write, masking, privacy purge."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.clock import FakeClock
from kiosk.store.db import Database
from kiosk.store.visits_models import Booking, Organisation
from kiosk.visits.bookings import parse_slot
from kiosk.visits.errors import VisitsError
from kiosk.visits.masking import mask_contact, mask_name, mask_phone
from kiosk.visits.organisations import ORGANISATION_KINDS
from kiosk.visits.service import VisitsService
from tests.visits.helpers import ORG, TODAY, book


def _count(db: Database, model: type) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_organisations_have_a_kind_an_optional_parent_and_unique_names(visits: VisitsService,
                                                                      sqlite_db: Database) -> None:
    parent = visits.organisations.add("海淀区委组织部", "机关")
    child = visits.organisations.add("  中关村科技园区\n第一党支部 ", "机关", parent="海淀区委组织部")
    assert child.name == "中关村科技园区 第一党支部" and child.parent == parent.name and child.id.version == 7
    assert visits.organisations.add("某科技公司党支部", "“两新”组织").kind == '"两新"组织'
    assert [o.name for o in visits.organisations.list_all()][0] == "中关村科技园区 第一党支部"
    assert {o.kind for o in visits.organisations.list_all()} <= set(ORGANISATION_KINDS)
    for args, message in ((("海淀区委组织部", "机关"), "已存在"), (("新组织", "公司"), "组织类别“公司”无效"),
                          (("新组织", "机关", "没有的上级"), "找不到上级组织"), (("  ", "机关"), "不能为空"),
                          (("坏\x00名字", "机关"), "控制字符"), (("长" * 129, "机关"), "太长")):
        with pytest.raises(VisitsError, match=message):
            visits.organisations.add(*args)
    assert _count(sqlite_db, Organisation) == 3


def test_booking_fields_are_checked_before_anything_is_written(visits: VisitsService, sqlite_db: Database) -> None:
    visits.organisations.add(ORG, "机关")
    good = dict(organisation=ORG, visit_date="2026-11-21", slot="9:00-10:30", headcount=45, purpose="参观学习",
                contact="张三", phone="138 1234 5678")
    booking = visits.bookings.add(**good)  # type: ignore[arg-type]
    assert (booking.slot, booking.visit_date, booking.contact_phone) == ("09:00-10:30", TODAY, "13812345678")
    bad = {
        "organisation": ("没有这个组织", "找不到组织"),
        "visit_date": ("21/11/2026", "日期“21/11/2026”无效"),
        "slot": ("10:30-09:00", "结束时间应晚于开始时间"),
        "headcount": (0, "预约人数应为 1 到"),
        "purpose": ("吃饭", "参观目的“吃饭”无效"),
        "phone": ("call me", "电话“call me”无效"),
        "contact": ("王" * 40, "联系人姓名太长"),
    }
    for field_name, (value, message) in bad.items():
        with pytest.raises(VisitsError, match=message):
            visits.bookings.add(**{**good, field_name: value})  # type: ignore[arg-type]
    assert _count(sqlite_db, Booking) == 1
    with pytest.raises(VisitsError, match="预约编号“abc”无效"):
        visits.bookings.get("abc")


@pytest.mark.parametrize("text, expected", [("09:00-10:30", ("09:00", "10:30")), ("9:00～11:00", ("09:00", "11:00")),
                                            ("１４：００－１５：３０", ("14:00", "15:30"))])
def test_slots_in_the_forms_staff_type(text: str, expected: tuple[str, str]) -> None:
    assert parse_slot(text) == expected


@pytest.mark.parametrize("bad", ["", "9-10", "25:00-26:00", "09:00", "09:60-10:00"])
def test_bad_slots_are_refused(bad: str) -> None:
    with pytest.raises(VisitsError):
        parse_slot(bad)


def test_masking() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("010-62345678") == "010****5678"
    assert mask_phone("12345") == "*****" and mask_phone(None) == ""
    assert mask_name("张三丰") == "张**" and mask_name("李") == "李" and mask_name(None) == ""
    assert mask_contact("张三", "13812345678") == "张* 138****5678" and mask_contact(None, None) == ""


@pytest.mark.parametrize(("phone", "masked"), [
    ("6234567", "****567"),            # 7-digit local number: 3 shown, 4 hidden
    ("62345678", "****5678"),          # 8-digit local number (Beijing, Shanghai): the last 4 only
    ("13812345678", "138****5678"),    # 11-digit mobile: the usual 3 + 4
    ("010-62345678", "010****5678"),   # landline with a 3-digit area code: 11 digits
    ("0755-8123 4567", "075****4567"),  # landline with a 4-digit area code: 12 digits
    ("123456", "****56"),
    ("1234567890", "******7890"),
    ("1234", "****"),
])
def test_mask_phone_hides_at_least_half_and_at_least_four_digits(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked
    digits = "".join(ch for ch in phone if ch.isdigit())
    shown = sum(ch.isdigit() for ch in masked)
    hidden = len(digits) - shown
    assert hidden >= 4
    if len(digits) < 11:
        assert hidden * 2 >= len(digits) and shown <= 4


def test_lists_and_json_mask_the_phone_only_the_booking_view_shows_it(visits: VisitsService) -> None:
    booking, _ = book(visits)
    listed = visits.bookings.list_bookings(on=TODAY)[0]
    assert listed.to_json()["phone"] == "138****5678" and listed.to_json()["contact"] == "张**"
    assert "13812345678" not in str(listed.to_json())
    full = visits.bookings.get(booking.id).to_json(full_contact=True)
    assert (full["phone"], full["contact"]) == ("13812345678", "张三丰")


def test_privacy_purge_removes_old_contacts_and_keeps_counts(visits: VisitsService, clock: FakeClock,
                                                             sqlite_db: Database) -> None:
    old, old_text = book(visits, day=TODAY - timedelta(days=40))
    recent, _ = book(visits, day=TODAY - timedelta(days=5), org="王府井社区党委", kind="社区")
    anonymous, _ = book(visits, day=TODAY - timedelta(days=60), org="北京理工大学机关党委", kind="学校",
                        contact=None, phone=None)
    arrivals_today, arrivals_text = book(visits, org="王府井社区党委", kind="社区", headcount=12)
    # the old visit happened: its check-in (40 days ago) and a confirmed headcount must survive the purge
    clock.advance(-40 * 86400)
    checked_in = visits.scan(old_text)
    assert checked_in.checkin_id is not None
    visits.confirm_headcount(checked_in.checkin_id, 41)
    clock.advance(40 * 86400)
    visits.scan(arrivals_text)
    visits.walk_in(kind="member", count=3)
    year = (TODAY - timedelta(days=365), TODAY)
    before = visits.stats.arrivals(*year).to_json()
    assert (before["groups"], before["members"]) == (2, 41 + 12 + 3)

    with pytest.raises(VisitsError):
        visits.privacy.purge(-1)
    assert visits.privacy.purge(30) == 1
    assert visits.stats.arrivals(*year).to_json() == before
    assert visits.today_bookings()[0].booking_id == arrivals_today.id
    purged = visits.bookings.get(old.id)
    assert (purged.contact_name, purged.contact_phone) == (None, None) and purged.contact_purged_at == clock.now()
    assert (purged.expected, purged.visit_date, purged.purpose) == (45, old.visit_date, "参观学习")
    assert visits.bookings.get(recent.id).contact_phone == "13812345678"
    assert visits.bookings.get(anonymous.id).contact_purged_at is None
    assert visits.privacy.purge(30) == 0  # nothing left to purge
    assert visits.passes.text(old.id) == old_text  # the pass never held the contact
    assert _count(sqlite_db, Booking) == 4


def test_writing_a_pass_where_it_cannot_be_written_is_a_visits_error(visits: VisitsService, tmp_path: Path) -> None:
    booking, _ = book(visits)
    for name in ("x.png", "x.pdf"):
        with pytest.raises(VisitsError, match="无法写入"):
            visits.passes.write(booking.id, tmp_path / "missing" / name)
    with pytest.raises(VisitsError, match="无法写入"):
        visits.passes.write_day(TODAY, tmp_path / "missing" / "day.pdf")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(VisitsError, match="无法写入"):
        visits.passes.write(booking.id, blocker / "x.png")  # the "folder" is a file
