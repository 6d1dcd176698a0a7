"""The Kivy application: wires services, view model and root; keeps visitors inside the app.

Everything that can fail at start (database, content, font) fails in ``__init__`` with a Chinese
sentence, before a window opens, so a broken install never shows a half-drawn screen.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder

from kiosk.config import KioskConfig
from kiosk.exhibits.library import NoGoodContentError
from kiosk.services import KioskServices, build_services
from kiosk.sync.identity import SyncError, check_hall
from kiosk.speech.narrator import Player
from kiosk.store.db import DatabaseError
from kiosk.tasks import Runner
from kiosk.ui.fonts import FontMissingError, font_cache_dir, register_default_font
from kiosk.ui.scan_input import WindowScanInput
from kiosk.ui.theme import DARK_RED, theme
from kiosk.ui.viewmodel import KioskViewModel

log = logging.getLogger(__name__)
UI_DIR = Path(__file__).resolve().parent
KV_FILES = ["widgets.kv", "root.kv", *sorted(str(p.relative_to(UI_DIR)) for p in (UI_DIR / "screens").glob("*.kv"))]
TICK_SECONDS = 0.5
SHUTDOWN_SECONDS = 5.0
"""How long each worker may take to finish its queue when the app stops (then it is dropped)."""


def _log_bank_problems(problems: list[str]) -> None:
    for problem in problems:
        log.warning("题库未导入：%s", problem)


class StartupError(RuntimeError):
    """The kiosk cannot start; the message says why and what to do, in Chinese."""


def load_kv_files() -> None:
    """Load every kv file once per process (Builder keeps rules globally)."""
    for name in KV_FILES:
        path = str(UI_DIR / name)
        if path not in Builder.files:
            Builder.load_file(path)


class KioskApp(App):
    """The kiosk. Tests pass their own services, player and runners; ``kiosk run`` passes none."""

    title = "党员综合体验馆"

    def __init__(
        self,
        config: KioskConfig,
        *,
        services: KioskServices | None = None,
        player: Player | None = None,
        runners: tuple[Runner, ...] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.kiosk_config = config
        try:
            self.services = services or build_services(config)
            check_hall(self.services.db, self.services.config.hall_id, config.content_path)  # issue 9
            register_default_font(font_cache_dir())
        except (DatabaseError, FontMissingError, SyncError) as exc:
            raise StartupError(str(exc)) from exc
        if runners is None:
            from kiosk.ui.runner import ThreadRunner

            # Image pre-scaling gets its own thread: on the database thread it made the first
            # check-in after a restart wait behind it.
            runners = (ThreadRunner("db"), ThreadRunner("speech"), ThreadRunner("images"), ThreadRunner("reports"))
        if player is None:
            from kiosk.ui.audio import KivyPlayer

            player = KivyPlayer(runners[1])  # sound files are read on the speech worker
        self.runners = runners
        # Content banks are imported at start (not in build_services), on the database worker and
        # first in its queue: the quiz home's first read waits behind it, the window does not.
        quiz, content_dir = self.services.quiz, config.content_path
        runners[0].submit(lambda: quiz.sync_content_banks(content_dir), _log_bank_problems,
                          lambda exc: log.error("题库同步失败：%s", exc))
        self.vm = KioskViewModel(self.services, player, runners[0], runners[1],
                                 runners[2] if len(runners) > 2 else runners[0],
                                 runners[3] if len(runners) > 3 else None)
        try:
            self.vm.load_content()
        except NoGoodContentError as exc:
            raise StartupError(str(exc)) from exc
        self.vm.bind(exit_requested=lambda _vm, flag: self.stop() if flag else None)
        self._tick: Any = None
        self.scan_input = WindowScanInput(self.vm.checkin.scan_arrived, self.services.clock.monotonic)

    def build(self) -> Any:
        from kiosk.ui.root import KioskRoot

        load_kv_files()
        Window.clearcolor = DARK_RED  # what shows where no screen draws (the attract loop's edges)
        theme.fit_window(Window, Window.size)
        Window.bind(size=theme.fit_window)
        Window.bind(on_request_close=self._on_request_close, on_keyboard=self._on_keyboard)
        root = KioskRoot(self.vm)
        self.scan_input.attach(Window)  # keyboard-wedge scanners: read at the window, any screen
        self._tick = Clock.schedule_interval(self.vm.tick, TICK_SECONDS)
        self.vm.warm_caches(self.runners[2] if len(self.runners) > 2 else self.runners[0])
        return root

    def _on_request_close(self, *_args: Any, **_kwargs: Any) -> bool:
        """The window's close button, Alt+F4: refused in kiosk mode (True means 'handled')."""
        return bool(self.kiosk_config.kiosk_mode) and not self.vm.exit_requested

    def _on_keyboard(self, _window: Any, key: int, *_args: Any) -> bool:
        """Escape and the like do nothing in kiosk mode; in windowed mode Escape quits."""
        return bool(self.kiosk_config.kiosk_mode) and key in (27, 1001)

    def on_stop(self) -> None:
        if self._tick is not None:
            self._tick.cancel()
        self.vm.exhibition.views.closed()  # the last board view of the session is a fact too
        self.vm.narration.stop()
        for runner in self.runners:
            shutdown = getattr(runner, "shutdown", None)
            if shutdown:
                shutdown(SHUTDOWN_SECONDS)
        Window.unbind(on_request_close=self._on_request_close, on_keyboard=self._on_keyboard)
        Window.unbind(size=theme.fit_window)
        self.scan_input.detach()
        self.services.close()
