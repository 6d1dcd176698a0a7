"""One step to put a hall on the hub: the district's hall record with its pass-signing key, and its
public booking rules and slots (``kiosk hub add-hall``), so a new hall is bookable at once.

Everything is checked before anything is written: the hub's hall id rule and the booking pages'
(lower case) rule, the name, the weekdays, the numbers and each slot. The two stores are separate
services with their own transactions, so the order is booking rules, slots, then the hall record;
a refusal at the first step writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.booking.schedule import CAPACITY_MAX, HallSchedules
from kiosk.clock import Clock
from kiosk.hub.district import HubError, add_hall
from kiosk.store.hub_models import Hall
from kiosk.store.db import Database
from kiosk.visits.bookings import parse_slot
from kiosk.visits.errors import VisitsError


class HallSetupError(ValueError):
    """The hall cannot be added as asked (message in Chinese; nothing was written)."""


def parse_weekdays(text: str) -> set[int]:
    try:
        days = {int(d) for d in text.split(",") if d.strip()}
    except ValueError:
        raise HallSetupError("开放日请写成逗号分隔的数字 0-6（周一为 0）。") from None
    if not days or not all(0 <= d <= 6 for d in days):
        raise HallSetupError("开放日请写成逗号分隔的数字 0-6（周一为 0）。")
    return days


def check_slots(slots: Sequence[str], people: int, groups: int) -> None:
    """Each slot parses, none overlaps another, the capacities are in range (before anything is written)."""
    if slots and not (1 <= people <= CAPACITY_MAX and 1 <= groups <= 100):
        raise HallSetupError(f"时段名额：人数应为 1 到 {CAPACITY_MAX}，批数应为 1 到 100。")
    spans = []
    for slot in slots:
        try:
            spans.append((*parse_slot(slot), slot))
        except VisitsError as exc:
            raise HallSetupError(f"时段“{slot}”：{exc}") from exc
    spans.sort()
    for (_, end, first), (start, _, second) in zip(spans, spans[1:]):
        if start < end:
            raise HallSetupError(f"时段 {first} 与 {second} 重叠。")


def add_hall_with_web(db: Database, clock: Clock, hall_id: str, name: str, *, web: bool = True,
                      weekdays: str = "0,1,2,3,4,5", approval: bool = False, max_headcount: int = 100,
                      horizon_days: int = 60, slots: Sequence[str] = (), slot_people: int = 60,
                      slot_groups: int = 3) -> list[str]:
    """Register ``hall_id``; with ``web`` also its booking rules and ``slots``. Returns what was done."""
    if web and hall_id != hall_id.strip().lower():
        raise HallSetupError(f"展馆编号“{hall_id}”要开放线上预约，只能用小写字母、数字和“-”。")
    days = parse_weekdays(weekdays) if web else set()
    if web:
        check_slots(slots, slot_people, slot_groups)
    with db.transaction() as session:
        if session.get(Hall, hall_id) is not None:
            raise HallSetupError(f"展馆 {hall_id} 已存在（修改预约规则请用 kiosk web hall-set）。")
    done: list[str] = []
    schedules = HallSchedules(db, clock)
    if web:
        try:
            info = schedules.set_hall(hall_id, name=name, open_weekdays=days, requires_approval=approval,
                                      max_headcount=max_headcount, horizon_days=horizon_days)
            done.append(f"线上预约：开放 {info.weekdays_text}，每批最多 {info.max_headcount} 人，"
                        f"{'需审核' if info.requires_approval else '无需审核'}。")
            for slot in slots:
                added = schedules.add_slot(hall_id, slot, people=slot_people, groups=slot_groups)
                done.append(f"时段 {added.label}：{added.capacity_people} 人，{added.capacity_groups} 批。")
        except VisitsError as exc:
            raise HallSetupError(str(exc)) from exc
    try:
        with db.transaction() as session:
            add_hall(session, hall_id, name, clock.now())
    except HubError as exc:
        raise HallSetupError(str(exc)) from exc
    if web and not slots:
        done.append(f"还没有预约时段：请用 kiosk web slot-add {hall_id} 09:00-10:30 --people 60 --groups 3 添加。")
    return [f"已登记展馆 {hall_id}（{name.strip()}）。", *done]
