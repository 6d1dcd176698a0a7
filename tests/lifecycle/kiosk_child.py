"""A real ``kiosk run`` (``kiosk.ui.launch.launch``) with a visitor's first steps scripted, for the
signal tests: ``board`` opens the first zone's first board once the app runs; ``hang`` also makes
the clean stop hang (a stuck thread, a frozen loop) so the second SIGTERM and the grace timer show;
``early`` taps the first frame at once (before home is built) and says which screen it led to.

Usage: python -m tests.lifecycle.kiosk_child MODE  (config from KIOSK_CONFIG, display from DISPLAY)
"""

from __future__ import annotations

import sys
import time


def main() -> int:
    mode = sys.argv[1]
    from kiosk.config import load_config
    from kiosk.ui import launch as launch_module

    prepare = launch_module.prepare_kivy

    def prepare_then_script(*args, **kwargs):  # type: ignore[no-untyped-def]
        prepare(*args, **kwargs)  # Kivy may be imported only now, as in `kiosk run`
        _script(mode)

    launch_module.prepare_kivy = prepare_then_script
    return launch_module.launch(load_config())


def _script(mode: str) -> None:
    from kiosk.ui import app as app_module

    started = app_module.KioskApp.on_start
    stopping = app_module.KioskApp.on_stop

    def on_start(self) -> None:  # type: ignore[no-untyped-def]
        started(self)
        from kivy.clock import Clock

        def visit(_dt: float) -> bool:
            if not self.home_ready:  # `kiosk run` starts staged: home is built behind the first frame
                return True
            self.vm.start_visit()
            self.vm.exhibition.open_zone(self.vm.content.zones[0]["id"])
            Clock.schedule_interval(board_open, 0.1)
            return False

        def board_open(_dt: float) -> bool:
            if self.vm.screen != "board":  # the boards are prepared on a worker first
                return True
            print("BOARD-OPEN", flush=True)
            return False

        def answered(_dt: float) -> bool:
            if not self.home_ready:
                return True
            print(f"EARLY-TAP-SCREEN {self.vm.screen}", flush=True)
            return False

        if mode == "early":
            from kivy.tests.common import UnitTestTouch

            touch = UnitTestTouch(100, 100)  # on the staged first frame, before home is built
            touch.touch_down()
            touch.touch_up()
            print(f"TAPPED home_ready={self.home_ready}", flush=True)
            Clock.schedule_interval(answered, 0.05)
        else:
            Clock.schedule_interval(visit, 0.1)

    def on_stop(self) -> None:  # type: ignore[no-untyped-def]
        print("STOPPING", flush=True)
        if mode == "hang":
            time.sleep(60)
        stopping(self)

    app_module.KioskApp.on_start = on_start
    app_module.KioskApp.on_stop = on_stop


if __name__ == "__main__":
    sys.exit(main())
