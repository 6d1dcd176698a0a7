"""What every UI test needs to drive the real kiosk window: start the app, tap, wait, find, read facts.

Each test file builds its own config and services in ``setUp`` and then calls ``launch``; the
helpers here are the one copy of how a test touches the window and waits for it.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.tests.common import GraphicUnitTest, UnitTestTouch
from sqlalchemy import select

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.services import KioskServices, build_services
from kiosk.tasks import InlineRunner


class RecordingPlayer:
    """Stands in for the loudspeaker: remembers what was played and whether it was stopped."""

    def __init__(self) -> None:
        self.played: list[Path] = []
        self.stops = 0
        self.finish: Callable[[], None] | None = None

    def play(self, path: Path, on_finished: Callable[[], None]) -> None:
        self.played.append(path)
        self.finish = on_finished

    def stop(self) -> None:
        self.stops += 1


class KioskWindowTest(GraphicUnitTest):
    """A GraphicUnitTest that runs the kiosk app; database writes run inline (each assertion sees
    them) unless the test class sets ``threaded``."""

    window_size: tuple[int, int] | None = None
    threaded = False
    """Run background work on the app's real worker threads (``ThreadRunner``), as ``kiosk run``
    does, instead of inline; such a test waits for each result with ``wait_until``."""
    """Screens laid out for a kiosk panel need a 16:9 window; Kivy's test window is 320×240."""

    tmp: Path
    services: KioskServices
    clock: FakeClock

    def launch(self, player: RecordingPlayer | None = None) -> None:
        """Start the app on ``self.config`` and ``self.services`` and draw its first frame."""
        from kivy.core.window import Window

        from kiosk.ui.app import KioskApp

        self._saved_window_size = Window.size
        if self.window_size:
            Window.size = self.window_size
        self.player = player or RecordingPlayer()
        runners: tuple[Any, ...] = (InlineRunner(), InlineRunner())
        if self.threaded:
            from kiosk.ui.runner import ThreadRunner

            runners = (ThreadRunner("db"), ThreadRunner("speech"), ThreadRunner("images"))
        self.app = KioskApp(self.config, services=self.services, player=self.player, runners=runners)
        self.vm = self.app.vm
        self.root = self.app.build()
        self.render(self.root)

    def tearDown(self) -> None:
        from kivy.core.window import Window

        self.app.on_stop()
        Window.size = self._saved_window_size
        shutil.rmtree(self.tmp, ignore_errors=True)
        super().tearDown()

    def wait_until(self, condition: Callable[[], bool], seconds: float = 5.0) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError("the window did not reach the expected state in time")
            self.advance_frames(1)

    def type_like_a_scanner(self, text: str, *, seconds_between_keys: float = 0.0) -> None:
        """What a USB wedge scanner does: for each character a key down, its text, a key up; then Enter."""
        from kivy.core.window import Window

        for char in text:
            shifted = char.isupper() or char == ":"
            key = ord(char.lower()) if char.isalnum() else ord(";" if char == ":" else char)
            Window.dispatch("on_key_down", key, 0, char, ["shift"] if shifted else [])
            Window.dispatch("on_textinput", char)
            Window.dispatch("on_key_up", key, 0)
            self.clock.advance(seconds_between_keys)
        Window.dispatch("on_key_down", 13, 40, None, [])
        Window.dispatch("on_key_up", 13, 40)
        self.advance_frames(2)

    def tap(self, widget: Any) -> None:
        """A finger down and up on the widget's centre (a disabled widget is a test mistake)."""
        assert not widget.disabled, f"{type(widget).__name__} {getattr(widget, 'text', '')!r} is disabled"
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        self.advance_frames(1)
        touch.touch_up()
        self.advance_frames(2)

    def screen(self, name: str) -> Any:
        """The screen ``name`` once it is on show and drawn (laid out: its widgets are where a finger
        would find them; the screen changes within the call, before any frame)."""
        manager = self.root.ids.manager
        self.wait_until(lambda: manager.current == name and not manager.transition.is_active)
        self.advance_frames(1)
        return manager.get_screen(name)

    def find(self, parent: Any, cls_name: str, text: str | None = None, **attrs: Any) -> Any:
        for widget in parent.walk(restrict=True):
            if type(widget).__name__ != cls_name or (text is not None and getattr(widget, "text", None) != text):
                continue
            if all(getattr(widget, k, None) == v for k, v in attrs.items()):
                return widget
        raise AssertionError(f"no {cls_name} {text!r} {attrs or ''} on screen")

    def find_all(self, parent: Any, cls_name: str) -> list[Any]:
        return [w for w in parent.walk(restrict=True) if type(w).__name__ == cls_name]

    def facts(self, model: Any) -> list[Any]:
        """Every fact of ``model`` in the order it was recorded."""
        with self.services.db.transaction() as session:
            return list(session.scalars(select(model).order_by(model.recorded_at, model.id)))


DEMO_CONTENT = Path(__file__).resolve().parents[2] / "content"
"""The demo hall shipped in content/: real pictures, zones of five boards."""


class DemoHallWindowTest(KioskWindowTest):
    """The kiosk on the demo hall's own content and a fresh data dir, launched: for what depends on
    the real pictures and boards (their sizes, how many a zone has)."""

    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-ui-demo-"))
        (self.tmp / "data").mkdir()
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(DEMO_CONTENT), hall_id="demo-hall",
            device_id=type(self).__name__)
        self.clock = FakeClock()
        self.services = build_services(self.config, clock=self.clock)
        self.launch()
