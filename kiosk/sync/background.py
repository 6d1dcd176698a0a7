"""Background sync in the kiosk app: a thread of its own (never the UI's), every ``interval``
seconds and right after a check-in, with exponential backoff and jitter while the hub fails.

Nothing here blocks a visitor: the UI only calls :meth:`nudge` / :meth:`sync_now` (they set an
event) and reads :meth:`status`. Randomness (the jitter) is injected.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, event

from kiosk.sync.failures import SyncFailure
from kiosk.sync.service import SyncService

log = logging.getLogger(__name__)

BASE_BACKOFF = 5.0
MAX_BACKOFF = 900.0


def backoff_delay(failures: int, rng: random.Random, *, base: float = BASE_BACKOFF, cap: float = MAX_BACKOFF) -> float:
    """Seconds to wait after ``failures`` failures in a row: doubling, capped, with "equal jitter"
    (half fixed, half random) so many kiosks coming back after an outage do not hit the hub at once."""
    delay = min(cap, base * 2 ** max(0, failures - 1))
    return float(delay / 2 + rng.uniform(0, delay / 2))


class BackgroundSync:
    """Runs ``sync.sync_once`` on its own daemon thread."""

    def __init__(self, sync: SyncService, *, interval: float, rng: random.Random | None = None,
                 base_backoff: float = BASE_BACKOFF, max_backoff: float = MAX_BACKOFF) -> None:
        self.sync = sync
        self.interval = interval
        self.rng = rng or random.Random()
        self.base_backoff = base_backoff
        self.max_backoff = max_backoff
        self.failures = 0
        self.rounds = 0
        self.next_delay: float | None = None
        self.listeners: list[Callable[[dict[str, Any]], None]] = []
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="kiosk-sync", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def nudge(self) -> None:
        """Sync soon (after a check-in, or 立即同步): wakes the thread, resets the backoff wait."""
        self._wake.set()

    sync_now = nudge

    def watch_checkins(self, engine: Engine) -> None:
        """Nudge after every committed transaction that inserted a check-in (any code path)."""
        def after_execute(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if statement.startswith("INSERT INTO checkins"):  # pulled ones are INSERT OR IGNORE: no loop
                conn.info["kiosk_sync_nudge"] = True

        def after_commit(conn: Any) -> None:
            if conn.info.pop("kiosk_sync_nudge", False):
                self.nudge()

        event.listen(engine, "after_cursor_execute", after_execute)
        event.listen(engine, "commit", after_commit)

    def _delay(self) -> float | None:
        if self.failures:
            return backoff_delay(self.failures, self.rng, base=self.base_backoff, cap=self.max_backoff)
        return self.interval if self.interval > 0 else None  # 0: only when nudged

    def _run(self) -> None:
        while not self._stop.is_set():
            self.next_delay = self._delay()
            self._wake.wait(self.next_delay)
            self._wake.clear()
            if self._stop.is_set():
                break
            self.run_once()

    def run_once(self) -> bool:
        """One round (push, then pull); True when it went through. Never raises."""
        self.rounds += 1
        ok = False
        try:
            if not self.sync.status()["enrolled"]:
                return False
            self.sync.sync_once()
            self.failures = 0
            ok = True
        except SyncFailure:
            self.failures += 1  # already recorded as last_error by the service
        except Exception:  # noqa: BLE001 - the sync thread must survive anything and say so
            self.failures += 1
            log.exception("sync round failed")
            self.sync._record_error("同步出错：请把此信息告诉技术人员（详见日志）。")
        finally:
            status = self.status()
            for listener in list(self.listeners):
                listener(status)
        return ok

    def status(self) -> dict[str, Any]:
        return {**self.sync.status(), "failures": self.failures, "next_attempt_in": self.next_delay}
