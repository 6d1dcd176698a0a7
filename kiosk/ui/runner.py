"""A :class:`kiosk.tasks.Runner` for the Kivy app: work on a worker thread, results on the main loop."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from kivy.clock import Clock

log = logging.getLogger(__name__)


class RunnerClosedError(RuntimeError):
    """Work was submitted after :meth:`ThreadRunner.shutdown`."""


class ThreadRunner:
    """One worker thread (so writes keep their order); callbacks run via ``Clock.schedule_once``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._lock = threading.Lock()
        self._closed = False
        self.pending = 0
        """Submitted and not yet called back (read on the UI thread)."""

    def submit(
        self, work: Callable[[], Any], on_success: Callable[[Any], None], on_failure: Callable[[BaseException], None]
    ) -> None:
        with self._lock:
            if self._closed:
                on_failure(RunnerClosedError(f"{self.name}: 已停止接收新任务"))
                return
            self.pending += 1

        def deliver(future: Future[Any]) -> None:
            if future.cancelled():  # dropped by shutdown: nobody waits on the UI thread any more
                return
            error = future.exception()
            if error is not None:
                Clock.schedule_once(lambda _dt: self._done(on_failure, error))
            else:
                result = future.result()
                Clock.schedule_once(lambda _dt: self._done(on_success, result))

        self._pool.submit(work).add_done_callback(deliver)

    def _done(self, callback: Callable[[Any], None], value: Any) -> None:
        self.pending -= 1
        callback(value)

    def shutdown(self, timeout_s: float = 5.0) -> bool:
        """Stop taking work, let queued work finish within ``timeout_s``, then drop what is left
        and join the thread. True when everything queued had finished (every acknowledged write
        landed); False when work was dropped or is still running past the deadline."""
        with self._lock:
            self._closed = True
        finisher = threading.Thread(target=self._pool.shutdown, kwargs={"wait": True}, daemon=True)
        finisher.start()
        finisher.join(timeout_s)
        if not finisher.is_alive():
            return True
        log.warning("%s: work still queued after %.1f s; dropping what has not started", self.name, timeout_s)
        self._pool.shutdown(wait=False, cancel_futures=True)
        finisher.join(1.0)
        return False
