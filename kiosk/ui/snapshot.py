"""``kiosk snapshot``: the real app in a real window, walked through every main screen, one PNG each.

It runs on a throw-away data dir (its own SQLite, a known staff PIN) so it never touches the
hall's records, and on a fake clock so the idle warning can be shown without waiting 90 s.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.clock import FakeClock
from kiosk.config import KioskConfig
from kiosk.services import build_services
from kiosk.ui import screen_registry
from kiosk.ui.launch import prepare_kivy

SNAPSHOT_PIN = "246810"

Step = tuple[str, Callable[[Any], None], float]


def _steps(clock: FakeClock, out_dir: Path) -> list[Step]:
    """(file name, action on the view model, seconds to wait before the picture)."""
    roles: list[Any] = []  # the kiosk's own role while a step pretends to be another kiosk

    def first_board_with_image(vm: Any) -> None:
        vm.start_visit()
        vm.exhibition.open_zone(vm.content.zones[0]["id"])

    def open_image(vm: Any) -> None:
        exhibition = vm.exhibition
        for board in exhibition.boards:
            if board["images"]:
                exhibition.show_board(exhibition.boards.index(board))
                exhibition.open_image(board["images"][0]["full"], board["images"][0]["caption"])
                return

    def area_elsewhere(vm: Any) -> None:
        """An area this kiosk does not run (a check-in kiosk's map): where to find it in the hall."""
        from kiosk.visitor.roles import plan_for

        roles.append(vm.field.role)
        vm.field.role = plan_for("checkin")
        vm.open_area("exhibition")

    def zones_again(vm: Any) -> None:
        if roles:
            vm.field.role = roles.pop()
        vm.open_area("exhibition")

    def idle_warning(vm: Any) -> None:
        vm.exhibition.close_image()
        vm.narration.stop()
        clock.advance(vm.idle.timeout + 3)
        vm.tick()

    def pin(vm: Any) -> None:
        vm.reset_visit()
        vm.staff.open_pin_pad()
        vm.staff.pin_key("1")
        vm.staff.pin_key("2")

    def staff(vm: Any) -> None:
        vm.staff.pin_entry = SNAPSHOT_PIN
        vm.staff.submit_pin()

    exhibition: list[Step] = [
        ("01-attract.png", lambda vm: None, 2.5),
        ("02-home.png", lambda vm: vm.start_visit(), 1.0),
        ("03-area-theatre.png", lambda vm: vm.open_area("theatre"), 1.0),
        ("03b-area-elsewhere.png", area_elsewhere, 1.0),
        ("04-zones.png", zones_again, 1.5),
        ("05-board.png", first_board_with_image, 1.5),
        ("06-board-next.png", lambda vm: vm.exhibition.next_board(), 1.5),
        ("07-read-aloud.png", lambda vm: vm.exhibition.toggle_read_aloud(), 2.5),
        ("08-image-viewer.png", open_image, 1.5),
        ("09-idle-warning.png", idle_warning, 1.0),
        ("10-pin-pad.png", pin, 1.0),
        ("11-staff.png", staff, 1.0),
        ("12-staff-sync.png", lambda vm: vm.sync.open(), 1.5),  # issue 9: 数据同步
    ]
    def closed(vm: Any) -> None:
        from kiosk.visitor.hours import parse_opening_hours

        vm.reset_visit()
        vm.field.hours = parse_opening_hours({"tue": "09:00-17:00", "wed": "09:00-17:00", "thu": "09:00-17:00",
                                              "fri": "09:00-17:00", "sat": "09:00-12:00", "closed_dates": [
                                                  f"{clock.now():%Y-%m-%d}"]})
        vm.field.check_hours()

    def reopen(vm: Any) -> None:
        from kiosk.visitor.hours import OpeningHours

        vm.field.hours = OpeningHours()
        vm.screen = "attract"

    from kiosk.ui.snapshot_checkin import checkin_steps
    from kiosk.ui.snapshot_quiz import quiz_steps
    from kiosk.ui.snapshot_reports import report_steps
    from kiosk.ui.snapshot_theatre import theatre_steps

    closing: list[Step] = [("12c-closed.png", closed, 1.0), ("12d-open-again.png", reopen, 1.0)]
    return (exhibition + closing + checkin_steps(clock) + quiz_steps(clock) + report_steps(clock)
            + theatre_steps(clock, out_dir))


def export_png(root: Any, path: Path) -> None:
    """``root`` as a PNG on the window's clear colour, as the panel shows it (Kivy's
    ``export_to_png`` clears to transparent; screens drawn on the clear colour would lose their paper)."""
    from kivy.core.image import Image as CoreImage
    from kivy.core.window import Window
    from kivy.graphics import ClearBuffers, ClearColor, Fbo, Scale, Translate

    parent = root.parent.canvas if root.parent is not None else None
    index = parent.indexof(root.canvas) if parent is not None else -1
    if index > -1:
        parent.remove(root.canvas)
    fbo = Fbo(size=(root.width, root.height), with_stencilbuffer=True)
    with fbo:
        ClearColor(*Window.clearcolor)
        ClearBuffers()
        Scale(1, -1, 1)
        Translate(-root.x, -root.y - root.height, 0)
    fbo.add(root.canvas)
    fbo.draw()
    CoreImage(fbo.texture).save(str(path), flipped=False)
    fbo.remove(root.canvas)
    if index > -1:
        parent.insert(index, root.canvas)


def run_snapshot(config: KioskConfig, out_dir: Path, size: tuple[int, int], *, elder: bool = False) -> int:
    """Write the PNGs; returns 0 when every screen was written. ``elder``: every step in 长辈模式
    (large type, high contrast), files named ``elder-…``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    data_dir = Path(tempfile.mkdtemp(prefix="kiosk-snapshot-"))
    config = config.with_overrides(data_dir=str(data_dir), db_url="", fullscreen=False)
    prepare_kivy(config, size, fullscreen=False)
    from kivy.clock import Clock

    from kiosk.ui.app import KioskApp, StartupError

    clock = FakeClock(datetime.now(UTC))
    services = build_services(config, clock=clock)
    services.pins.set_pin(SNAPSHOT_PIN)
    try:
        app = KioskApp(config, services=services)
    except StartupError as exc:
        print(exc)
        return 1
    steps = _steps(clock, out_dir)
    only = os.environ.get("KIOSK_SNAPSHOT_ONLY")  # e.g. "0,7": the exhibition's 0x and the theatre's 7x
    if only:
        steps = [step for step in steps if step[0].startswith(tuple(only.split(",")))]
    written: list[Path] = []
    pictured: set[str] = set()

    def run_step(index: int) -> None:
        if index >= len(steps):
            app.stop()
            return
        name, action, wait = steps[index]
        action(app.vm)
        if elder:
            app.vm.field.elder = True  # again after each step: the idle reset clears it
            name = "elder-" + name

        def shoot(_dt: float, tries: int = 0, quiet: int = 0) -> None:
            manager = app.root.ids.manager
            busy = any(getattr(runner, "pending", 0) for runner in app.runners)
            at_rest = getattr(manager.current_screen, "at_rest", None)  # the board Carousel has stopped
            busy = busy or (at_rest is not None and not at_rest())
            busy = busy or manager.transition.is_active or manager.current != app.vm.screen
            if (busy or quiet < 2) and tries < 300:
                # On a loaded machine a fade, a Carousel move or a worker's answer can outlast the
                # step's wait: a picture taken now would show the screen before, two boards at once
                # or a list still empty. Two quiet checks in a row: the layout after a move has run.
                Clock.schedule_once(lambda dt: shoot(dt, tries + 1, 0 if busy else quiet + 1), 0.1)
                return
            path = out_dir / name
            export_png(app.root, path)
            written.append(path)
            pictured.add(manager.current)
            print(f"已写入 {path}")
            run_step(index + 1)

        Clock.schedule_once(shoot, wait)

    Clock.schedule_once(lambda _dt: run_step(0), 1.0)
    try:
        app.run()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    missing = [name for name in screen_registry.NAMES if name not in pictured]
    if missing:  # a screen declared in the registry but never pictured: add a step for it
        print("没有拍到的画面：" + "、".join(missing))
    return 0 if len(written) == len(steps) else 1
