"""The capacity race on SQLite: two connections book the last place at once; exactly one succeeds."""

from __future__ import annotations

from pathlib import Path

from kiosk.booking.schedule import HallSchedules
from kiosk.clock import FakeClock
from kiosk.passes.keys import init_keys
from kiosk.store.db import open_database
from tests.booking.conftest import MONDAY
from tests.booking.race import race_for_last_place


def test_two_connections_racing_for_the_last_place_give_one_booking(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    first, second = open_database(url), open_database(url)
    schedules = HallSchedules(first, FakeClock())
    schedules.set_hall("race-hall", name="并发测试馆")
    init_keys(tmp_path / "keys" / "race-hall")
    for round_no in range(5):
        slot = schedules.add_slot("race-hall", f"{8 + round_no:02d}:00-{8 + round_no:02d}:50", people=30, groups=3)
        outcomes = race_for_last_place((first, second), tmp_path / "keys", "race-hall", str(slot.id), MONDAY,
                                       (f"甲单位{round_no}", f"乙单位{round_no}"), 20)
        assert outcomes == ["booked", "full"], outcomes
    first.close()
    second.close()
