"""The Kivy application: wires services, view model and root; keeps visitors inside the app.

Tests (and ``kiosk snapshot``) build it whole in ``__init__``: everything that can fail at start
(database, content, font) fails there with a Chinese sentence, before a window opens.
``kiosk run`` builds it *staged* (issue 13): ``__init__`` registers the font only, the first frame
is the attract loop's first cover (kiosk.ui.boot), and the database, the services and every other
screen are imported and built behind it, one slice per frame. A failure then closes the window
with the same sentence and exit code; a touch on the first frame is answered once home is ready.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder

from kiosk.config import KioskConfig
from kiosk.lifecycle import StopSignals
from kiosk.service.notify import Notifier
from kiosk.ui.fonts import FontMissingError, font_cache_dir, register_default_font
from kiosk.ui.label_memory import release_label_surfaces
from kiosk.ui.theme import DARK_RED, theme

if TYPE_CHECKING:
    from kiosk.services import KioskServices
    from kiosk.speech.narrator import Player
    from kiosk.tasks import Runner
    from kiosk.ui.scan_input import WindowScanInput
    from kiosk.ui.viewmodel import KioskViewModel

log = logging.getLogger(__name__)
UI_DIR = Path(__file__).resolve().parent
KV_FILES = ["widgets.kv", "root.kv", *sorted(str(p.relative_to(UI_DIR)) for p in (UI_DIR / "screens").glob("*.kv"))]
TICK_SECONDS = 0.5
STOP_DEADLINE_S = 2.0
"""Threads get this long to finish at a stop (systemd allows 10 s; the issue asks for 3 s in all)."""


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


class CrashGuard:
    """Kivy's exception handler: an error in a touch or a timer is logged with its traceback and
    the kiosk goes back to the attract loop instead of dying. More than ``limit`` errors within
    ``window_s`` seconds (a loop that fails every frame) end the process: systemd restarts it."""

    def __init__(self, app: KioskApp, *, limit: int = 5, window_s: float = 60.0) -> None:
        from kivy.base import ExceptionManager

        self._app = app
        self._limit = limit
        self._window_s = window_s
        self._times: list[float] = []
        self._manager = ExceptionManager
        self.caught = 0

    def handle_exception(self, exc: BaseException) -> int:
        from kiosk.runstate import record_crash

        app = self._app
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            return self._manager.RAISE
        log.error("error in the UI, back to the attract loop: %s", exc, exc_info=exc)
        record_crash(app.kiosk_config.data_path, app.services.clock, f"{type(exc).__name__}: {exc}")
        now = app.services.clock.monotonic()
        self._times = [t for t in self._times if now - t < self._window_s] + [now]
        if len(self._times) > self._limit:
            log.critical("%d UI errors in %.0f s: giving up (systemd restarts the kiosk)", len(self._times),
                         self._window_s)
            return self._manager.RAISE
        self.caught += 1
        try:
            app.vm.reset_visit()
        except Exception as again:  # noqa: BLE001 - the reset itself failed: let the process end
            log.critical("the reset after an error failed too: %s", again, exc_info=again)
            return self._manager.RAISE
        return self._manager.PASS


class KioskApp(App):
    """The kiosk. Tests pass their own services, player and runners; ``kiosk run`` passes none and
    ``staged=True`` (first frame before the heavy work; see the module doc)."""

    title = "党员综合体验馆"

    def __init__(
        self,
        config: KioskConfig,
        *,
        services: KioskServices | None = None,
        player: Player | None = None,
        runners: tuple[Runner, ...] | None = None,
        staged: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.kiosk_config = config
        self.staged = staged
        self._tick: Any = None
        self.stop_signals = StopSignals(self._signal_stop)
        self.stopped_cleanly = True
        """False when a thread was still busy at the stop deadline (``launch`` then exits hard)."""
        self.startup_error: StartupError | None = None
        """Set when a staged start failed behind the first frame (``launch`` prints it, exits 1)."""
        self.home_ready = not staged
        """The real screens are in the window (at once unless staged)."""
        release_label_surfaces()  # before the boot card's labels: none keeps its pixels twice
        try:
            register_default_font(font_cache_dir())
        except FontMissingError as exc:
            raise StartupError(str(exc)) from exc
        if not staged:
            self._wire(services, player, runners)

    def _wire(self, services: KioskServices | None, player: Player | None,
              runners: tuple[Runner, ...] | None) -> None:
        """Database, services, workers, view model and content (before the window, or behind the
        staged first frame). Raises StartupError."""
        config = self.kiosk_config
        from kiosk.exhibits.library import NoGoodContentError
        from kiosk.services import build_services
        from kiosk.store.db import DatabaseError
        from kiosk.sync.identity import SyncError, check_hall
        from kiosk.ui.scan_input import WindowScanInput
        from kiosk.ui.viewmodel import KioskViewModel

        try:
            self.services = services or build_services(config)
        except DatabaseError as exc:
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
        self.player = player
        # Content banks are imported at start (not in build_services), on the database worker and
        # first in its queue: the quiz home's first read waits behind it, the window does not.
        quiz, content_dir = self.services.quiz, config.content_path
        runners[0].submit(lambda: quiz.sync_content_banks(content_dir), _log_bank_problems,
                          lambda exc: log.error("题库同步失败：%s", exc))
        from kiosk.display_power import display_power

        self.vm: KioskViewModel = KioskViewModel(
            self.services, player, runners[0], runners[1], runners[2] if len(runners) > 2 else runners[0],
            runners[3] if len(runners) > 3 else None,
            display=display_power(bool(config.dim_when_closed) and services is None))
        try:
            self.vm.load_content()
            # Issue 9: refuse to start when hall.yaml or the enrolled hall names another hall
            # (after the content check, so broken content is reported first).
            check_hall(self.services.db, self.services.config.hall_id, config.content_path)
        except (NoGoodContentError, SyncError) as exc:
            raise StartupError(str(exc)) from exc
        self.vm.bind(exit_requested=lambda _vm, flag: self.stop() if flag else None)
        self.crash_guard = CrashGuard(self)
        self.notifier = Notifier(monotonic=self.services.clock.monotonic)
        self.scan_input: WindowScanInput = WindowScanInput(self.vm.checkin.scan_arrived,
                                                           self.services.clock.monotonic)

    def build(self) -> Any:
        if not self.staged:
            return self._build_root()
        from kiosk.ui.boot import BootRoot
        from kiosk.ui.boot_card import read_card

        Window.clearcolor = DARK_RED
        theme.fit_window(Window, Window.size)
        self._guard_window()
        self._boot = BootRoot(read_card(self.kiosk_config.data_path))
        steps: list[Callable[[], None]] = [self._import_heavy, lambda: self._wire(None, None, None),
                                           self._show_home]

        def after_first_frame(*_args: Any) -> None:
            # on_flip handlers run just before the swap: the first slice starts on the next tick,
            # so the frame is on screen before the heavy imports (a slice at build time ran first).
            Window.unbind(on_flip=after_first_frame)
            self._boot_event = Clock.schedule_once(lambda _dt: self._boot_step(steps), 0)

        Window.bind(on_flip=after_first_frame)
        return self._boot

    @staticmethod
    def _import_heavy() -> None:
        """Database, services and the screens' modules: imported behind the first frame."""
        import kiosk.services  # noqa: F401 - sqlalchemy, alembic, the areas' services
        import kiosk.ui.root  # noqa: F401 - every screen class and its libraries
        import kiosk.ui.viewmodel  # noqa: F401

    def _boot_step(self, steps: list[Callable[[], None]]) -> None:
        """One slice of the staged start per frame; a refusal ends the app with its sentence."""
        if getattr(self, "_stopping", False):
            return
        try:
            steps.pop(0)()
        except StartupError as exc:
            self.startup_error = exc
            self.stop()
            return
        # What a slice imported and built lives as long as the app: frozen, it is never scanned
        # again. Unfrozen, the collector's automatic full collections in these first frames scanned
        # the whole growing heap: 100-300 ms each, three or four times during the start.
        gc.freeze()
        if steps:
            self._boot_event = Clock.schedule_once(lambda _dt: self._boot_step(steps), 0)

    def _show_home(self) -> None:
        """The real root replaces the boot frame; a touch it kept starts the visit now."""
        root = self._build_root()
        boot = self._boot
        Window.remove_widget(boot)
        self.root = root
        Window.add_widget(root)
        self.home_ready = True
        self._after_ready()
        if boot.touches and self.vm.screen == "attract":
            self.vm.start_visit()

    def _after_ready(self) -> None:
        from kivy.base import ExceptionManager

        from kiosk.ui.boot_card import BootCard, write_card

        ExceptionManager.add_handler(self.crash_guard)
        content = self.vm.content
        write_card(self.kiosk_config.data_path,
                   BootCard(content.hall_name, content.hall_subtitle, content.welcome,
                            str(Path(content.covers[0]).resolve()) if content.covers else "", self.vm.screen))
        if self.staged:
            self.services.start_background_sync()  # issue 9: its own thread; never blocks the screen
        Clock.schedule_once(lambda _dt: self.notifier.ready("展馆终端已启动"), 0)

    def _build_root(self) -> Any:
        from kiosk.ui.image_cache import bound_image_caches
        from kiosk.ui.root import KioskRoot
        from kiosk.ui.theatre_keys import WindowRemoteInput

        bound_image_caches()
        load_kv_files()
        Window.clearcolor = DARK_RED  # what shows where no screen draws (the attract loop's edges)
        theme.fit_window(Window, Window.size)
        Window.bind(size=theme.fit_window)
        self._guard_window()
        root = KioskRoot(self.vm)
        self.scan_input.attach(Window)  # keyboard-wedge scanners: read at the window, any screen
        self.remote_input = WindowRemoteInput(self.vm)  # the theatre's presenter remote
        self.remote_input.attach(Window)
        self._tick = Clock.schedule_interval(self._tick_all, TICK_SECONDS)
        self.vm.warm_caches(self.runners[2] if len(self.runners) > 2 else self.runners[0])
        return root

    def _guard_window(self) -> None:
        """Close button and Escape refused in kiosk mode (from the first frame on)."""
        Window.unbind(on_request_close=self._on_request_close, on_keyboard=self._on_keyboard)
        Window.bind(on_request_close=self._on_request_close, on_keyboard=self._on_keyboard)

    def on_start(self) -> None:
        # Only when the app really runs (not in tests that call build()), and after the window
        # exists: SDL's own SIGTERM handler (SIGTERM → SDL_QUIT → a refused close) is replaced.
        self.stop_signals.install()
        if self.home_ready:
            self._after_ready()

    def _signal_stop(self, name: str) -> None:
        # In a signal handler: only schedule (the handler may interrupt any line of the loop).
        Clock.schedule_once(lambda _dt: self.stop(), 0)

    def _tick_all(self, dt: float) -> None:
        self.notifier.watchdog()  # from the main loop: a frozen UI stops the pings
        self.vm.tick(dt)

    def _on_request_close(self, *_args: Any, **_kwargs: Any) -> bool:
        """The window's close button, Alt+F4: refused in kiosk mode (True means 'handled')."""
        vm = getattr(self, "vm", None)
        return bool(self.kiosk_config.kiosk_mode) and not (vm is not None and vm.exit_requested)

    def _on_keyboard(self, _window: Any, key: int, *_args: Any) -> bool:
        """Escape and the like do nothing in kiosk mode; in windowed mode Escape quits."""
        return bool(self.kiosk_config.kiosk_mode) and key in (27, 1001)

    def on_stop(self) -> None:
        from kivy.base import ExceptionManager

        self._stopping = True  # a stop during the staged start: the slices left are not run
        boot = getattr(self, "_boot_event", None)
        if boot is not None:
            boot.cancel()
        guard = getattr(self, "crash_guard", None)
        if guard in ExceptionManager.handlers:
            ExceptionManager.remove_handler(guard)
        notifier = getattr(self, "notifier", None)
        if notifier is not None:
            notifier.stopping(self.stop_signals.reason or "管理员退出")
        if self._tick is not None:
            self._tick.cancel()
        if hasattr(self, "vm"):
            self._stop_wired()
        self.stop_signals.uninstall()
        if notifier is not None:
            notifier.close()
        Window.unbind(on_request_close=self._on_request_close, on_keyboard=self._on_keyboard)
        if self.home_ready:
            Window.unbind(size=theme.fit_window)
            self.scan_input.detach()
        remote = getattr(self, "remote_input", None)
        if remote is not None:
            remote.detach()
        if hasattr(self, "services"):
            self.services.close()

    def _stop_wired(self) -> None:
        """The views, sounds, camera and workers of a wired app, within one deadline."""
        self.vm.exhibition.views.closed()  # the last board view of the session is a fact too
        self.vm.narration.stop()
        self.player.stop()  # an outcome sound still playing (narration or check-in)
        root = self.root if self.home_ready else None
        camera = getattr(root.ids.manager.get_screen("checkin"), "camera", None) \
            if root is not None and root.ids.manager.has_screen("checkin") else None
        if camera is not None:
            camera.stop()
        # One deadline for every worker: the database worker's queued writes land first (it is
        # first), the others get what is left; work past the deadline is dropped.
        deadline = time.monotonic() + STOP_DEADLINE_S
        workers = [*self.runners, *([camera.runner] if camera is not None and camera.runner is not None else [])]
        for runner in workers:
            shutdown = getattr(runner, "shutdown", None)
            if shutdown:
                finished = shutdown(max(0.2, deadline - time.monotonic()))
                self.stopped_cleanly &= finished is not False
