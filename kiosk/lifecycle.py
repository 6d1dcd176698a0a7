"""Stopping on a signal: the first SIGTERM/SIGINT asks for a clean stop, a second one exits at once.

SDL turns SIGTERM into SDL_QUIT, which Kivy hands to ``on_request_close`` — and the kiosk refuses
every close request in kiosk mode, so a shutdown, ``systemctl stop`` or an update could only end
it with SIGKILL. Python's own handlers replace SDL's (install them after the window exists); a
Python handler runs on the main thread between bytecodes, which in Kivy's loop is at most a
frame away. ``request_stop`` must only schedule work (the app schedules ``App.stop`` on its
clock), since the handler can interrupt any line of the main loop.

If the clean stop has not finished ``grace_s`` seconds after the first signal (a frozen main
loop, a thread that will not end), a timer thread ends the process anyway, so a stop never
waits for systemd's SIGKILL.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from types import FrameType

log = logging.getLogger(__name__)
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopSignals:
    """Installs the handlers; ``stopping`` says whether a stop was asked for."""

    def __init__(
        self,
        request_stop: Callable[[str], None],
        *,
        grace_s: float = 5.0,
        hard_exit: Callable[[int], None] = os._exit,
    ) -> None:
        self._request_stop = request_stop
        self._grace_s = grace_s
        self._hard_exit = hard_exit
        self._previous: dict[int, object] = {}
        self.stopping = False
        self.reason = ""
        self._timer: threading.Timer | None = None

    def install(self) -> None:
        """Take SIGTERM and SIGINT (main thread only, as Python requires)."""
        for sig in STOP_SIGNALS:
            self._previous[sig] = signal.signal(sig, self._handle)

    def uninstall(self) -> None:
        """Give the signals back (the stop is done; a late signal now gets the default)."""
        for sig, previous in self._previous.items():
            signal.signal(sig, previous if previous is not None else signal.SIG_DFL)  # type: ignore[arg-type]
        self._previous.clear()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        if self.stopping:
            log.warning("second %s during the stop: exiting at once", name)
            self._flush_logs()
            self._hard_exit(128 + signum)
            return
        self.stopping = True
        self.reason = name
        log.info("%s received: stopping cleanly", name)
        self._timer = threading.Timer(self._grace_s, self._overdue, args=(name,))
        self._timer.daemon = True
        self._timer.start()
        self._request_stop(name)

    def _overdue(self, name: str) -> None:
        log.error("clean stop after %s took over %.0f s: exiting anyway", name, self._grace_s)
        self._flush_logs()
        self._hard_exit(128 + signal.Signals[name].value)

    @staticmethod
    def _flush_logs() -> None:
        for handler in logging.getLogger().handlers:
            try:
                handler.flush()
            except Exception:  # noqa: BLE001 - a broken handler must not stop the exit
                pass
