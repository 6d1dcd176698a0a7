"""Snapshot steps for arrivals (check-in, walk-in, staff bookings): files numbered 20-39, after the exhibition's 01-19.

The snapshot runs on a throw-away data dir, so the first step makes what the pictures need with
``kiosk.demo.scenes.make_arrivals_demo`` (keys, organisations, today's bookings, passes).
"""

from __future__ import annotations

from typing import Any

from kiosk.clock import FakeClock
from kiosk.demo.scenes import ArrivalsDemo, make_arrivals_demo


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
