"""Snapshot steps for arrivals (check-in, walk-in, staff bookings): files numbered 20-39, after the exhibition's 01-19.

The snapshot runs on a throw-away data dir, so the first step makes what the pictures need through
the same services staff use (keys, organisations, today's bookings, passes); nothing here writes
SQL. The other hall's pass and the altered signature are made with the pass core, exactly as a
visitor from elsewhere or a forger would present them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from kiosk.clock import FakeClock, hall_date
from kiosk.passes.codec import PassKind, issue_pass
from kiosk.passes.keys import init_keys, load_signing_key

ORGANISATIONS = [
    ("中关村街道第一党支部", "社区"),
    ("中关村科技园区党委", "机关"),
    ("海淀区教育系统党总支", "学校"),
    ("北京市第三建筑公司党支部", "国有企业"),
    ("中共关山村支部委员会", "农村"),
    ("星火软件有限公司党支部", '"两新"组织'),
]


@dataclass
class ArrivalsDemo:
    """Pass texts for each outcome, made once by ``make_arrivals_demo``."""

    passes: dict[str, str] = field(default_factory=dict)


def make_arrivals_demo(services: Any) -> ArrivalsDemo:
    """Keys (if absent), organisations, today's bookings and one pass text per outcome."""
    config, visits = services.config, services.visits
    keys = config.keys_path
    if not (keys / "signing_key.pem").exists():
        init_keys(keys)
    for name, kind in ORGANISATIONS:
        visits.organisations.add(name, kind)
    today = hall_date(services.clock.now())
    plans = [
        ("accepted", ORGANISATIONS[0][0], today, "09:00-10:30", 32, "参观学习", "张建国", "13812345678"),
        ("revoked", ORGANISATIONS[1][0], today, "10:30-12:00", 20, "重温入党誓词", "李华", "13900001111"),
        ("not_valid_today", ORGANISATIONS[2][0], today + timedelta(days=2), "14:00-15:30", 45, "专题培训",
         "王芳", "13700002222"),
        ("waiting", ORGANISATIONS[3][0], today, "14:00-15:30", 28, "观看红色影片", "赵强", "13600003333"),
        ("later", ORGANISATIONS[5][0], today, "15:30-17:00", 15, "知识竞赛", "陈静", "13500004444"),
    ]
    demo = ArrivalsDemo()
    for label, org, day, slot, headcount, purpose, contact, phone in plans:
        booking = visits.bookings.add(organisation=org, visit_date=day, slot=slot, headcount=headcount,
                                      purpose=purpose, contact=contact, phone=phone)
        demo.passes[label] = visits.passes.text(booking.id)
    visits.bookings.cancel(_booking_of(visits, ORGANISATIONS[1][0]))
    key = load_signing_key(keys)
    other = issue_pass(booking_id=uuid.uuid4(), hall_id="OTHER-HALL", valid_from=today, valid_to=today,
                       headcount=30, kind=PassKind.GROUP, signing_key=key)
    demo.passes["wrong_hall"] = other.text
    good = demo.passes["accepted"]
    flipped = "A" if good[-5] != "A" else "B"
    demo.passes["forged"] = good[:-5] + flipped + good[-4:]
    demo.passes["unreadable"] = "https://example.com/?q=hello"
    return demo


def _booking_of(visits: Any, organisation: str) -> uuid.UUID:
    return next(b.id for b in visits.bookings.list_bookings() if b.organisation == organisation)


def checkin_steps(clock: FakeClock) -> list[tuple[str, Any, float]]:
    """(file name, action on the view model, seconds to wait before the picture)."""
    demo = ArrivalsDemo()

    def scan(label: str) -> Any:
        def action(vm: Any) -> None:
            clock.advance(5)  # past the 3-second double-read window of the last scan
            vm.checkin.scan_arrived(demo.passes[label if label != "already" else "accepted"])

        return action

    def checkin(vm: Any) -> None:
        demo.passes.update(make_arrivals_demo(vm.services).passes)
        vm.reset_visit()
        vm.start_visit()
        vm.checkin.open_checkin()

    def adjust_and_confirm(vm: Any) -> None:
        for _ in range(3):
            vm.checkin.change_arrived(-1)
        vm.checkin.confirm_headcount()

    def walkin_search(vm: Any) -> None:
        vm.checkin.open_walkin()
        vm.checkin.choose_kind("member")
        vm.checkin.change_count(10)
        vm.checkin.change_count(2)
        for letter in "ZGB":
            vm.checkin.type_letter(letter)

    def walkin_chosen(vm: Any) -> None:
        first = vm.checkin.walkin_results[0]
        vm.checkin.choose_organisation(first["id"], first["name"])

    def staff_bookings(vm: Any) -> None:
        vm.reset_visit()
        vm.open_staff()
        vm.checkin.open_bookings()

    return [
        ("20-checkin.png", checkin, 2.0),
        ("21-outcome-accepted.png", scan("accepted"), 2.0),
        ("22-headcount-confirmed.png", adjust_and_confirm, 2.0),
        ("23-outcome-already-checked-in.png", scan("already"), 2.0),
        ("24-outcome-not-valid-today.png", scan("not_valid_today"), 2.0),
        ("25-outcome-wrong-hall.png", scan("wrong_hall"), 2.0),
        ("26-outcome-revoked.png", scan("revoked"), 2.0),
        ("27-outcome-forged.png", scan("forged"), 2.0),
        ("28-outcome-unreadable.png", scan("unreadable"), 2.0),
        ("29-walkin-pinyin-search.png", walkin_search, 2.0),
        ("30-walkin-organisation-chosen.png", walkin_chosen, 2.0),
        ("31-walkin-done.png", lambda vm: vm.checkin.submit_walkin(), 2.0),
        ("32-staff-bookings.png", staff_bookings, 2.0),
    ]
