"""Organisations and bookings (reference data): checks before any write, masking, privacy purge."""

from __future__ import annotations

from datetime import timedelta

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
    assert mask_phone("12345") == "***45" and mask_phone(None) == ""
    assert mask_name("张三丰") == "张**" and mask_name("李") == "李" and mask_name(None) == ""
    assert mask_contact("张三", "13812345678") == "张* 138****5678" and mask_contact(None, None) == ""


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
    with pytest.raises(VisitsError):
        visits.privacy.purge(-1)
    assert visits.privacy.purge(30) == 1
    purged = visits.bookings.get(old.id)
    assert (purged.contact_name, purged.contact_phone) == (None, None) and purged.contact_purged_at == clock.now()
    assert (purged.expected, purged.visit_date, purged.purpose) == (45, old.visit_date, "参观学习")
    assert visits.bookings.get(recent.id).contact_phone == "13812345678"
    assert visits.bookings.get(anonymous.id).contact_purged_at is None
    assert visits.privacy.purge(30) == 0  # nothing left to purge
    assert visits.passes.text(old.id) == old_text  # the pass never held the contact
    assert _count(sqlite_db, Booking) == 3
