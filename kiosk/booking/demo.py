"""A small booking world (two halls, slots, a closed day, staff accounts) for page snapshots and trials."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from kiosk.booking.schedule import HallSchedules
from kiosk.booking.staff import StaffAccounts
from kiosk.clock import Clock, hall_date
from kiosk.passes.keys import init_keys
from kiosk.store.db import Database
from kiosk.visits.organisations import OrganisationBook

DEMO_HALL = "demo-hall"
DEMO_STAFF = ("staff", "staff-password-1")
DEMO_ADMIN = ("admin", "admin-password-1")
DEMO_ORGS = (("中关村街道党工委", "机关"), ("王府井社区党委", "社区"), ("海淀实验小学党支部", "学校"))


@dataclass(frozen=True)
class DemoWorld:
    hall_id: str
    second_hall_id: str
    keys_root: Path


def seed_demo(db: Database, clock: Clock, keys_root: Path) -> DemoWorld:
    """Two halls with keys (the second needs approval), two slots each, organisations, staff and an admin."""
    schedules = HallSchedules(db, clock)
    second = "east-hall"
    for hall_id, name, approval in ((DEMO_HALL, "区党员综合体验馆", False), (second, "东城党群服务中心展馆", True)):
        if not (keys_root / hall_id).exists():
            init_keys(keys_root / hall_id)
        schedules.set_hall(hall_id, name=name, requires_approval=approval, open_weekdays={0, 1, 2, 3, 4, 5})
        if not schedules.slots(hall_id):
            schedules.add_slot(hall_id, "09:00-10:30", people=60, groups=2)
            schedules.add_slot(hall_id, "14:00-15:30", people=40, groups=1)
    today = hall_date(clock.now())
    schedules.close_day(DEMO_HALL, today + timedelta(days=(4 - today.weekday()) % 7 + 7), "馆内布展")
    orgs = OrganisationBook(db, clock)
    known = {o.name for o in orgs.list_all()}
    for name, kind in DEMO_ORGS:
        if name not in known:
            orgs.add(name, kind)
    accounts = StaffAccounts(db, clock)
    for (user, password), hall in ((DEMO_STAFF, DEMO_HALL), (DEMO_ADMIN, None)):
        try:
            accounts.create(user, password, hall_id=hall)
        except ValueError:
            pass  # already there
    return DemoWorld(DEMO_HALL, second, keys_root)
