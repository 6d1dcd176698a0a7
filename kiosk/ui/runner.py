"""A :class:`kiosk.tasks.Runner` for the Kivy app: work on a worker thread, results on the main loop."""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from kivy.clock import Clock

log = logging.getLogger(__name__)
_ALL: weakref.WeakSet[ThreadRunner] = weakref.WeakSet()


class ThreadRunner:
    """One worker thread (so writes keep their order); callbacks run via ``Clock.schedule_once``."""

    def __init__(self, name: str) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self.pending = 0
        self.name = name
        self._futures: set[Future[Any]] = set()
        self._stopped = False
        _ALL.add(self)

    def submit(
        self, work: Callable[[], Any], on_success: Callable[[Any], None], on_failure: Callable[[BaseException], None]
    ) -> None:
        if self._stopped:
            log.debug("runner %s is shut down: work dropped", self.name)
            return
        self.pending += 1

        def deliver(future: Future[Any]) -> None:
            if future.cancelled():  # dropped at shutdown: nobody waits for it any more
                return
            error = future.exception()
            if error is not None:
                log.warning("background work failed: %s", error)
                Clock.schedule_once(lambda _dt: self._done(on_failure, error))
            else:
                result = future.result()
                Clock.schedule_once(lambda _dt: self._done(on_success, result))

        try:
            future = self._pool.submit(work)
        except RuntimeError:  # shut down by another thread since the check above
            self.pending -= 1
            return
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)
        future.add_done_callback(deliver)

    def _done(self, callback: Callable[[Any], None], value: Any) -> None:
        self.pending -= 1
        callback(value)

    def shutdown(self, timeout_s: float = 2.0, *, cancel_pending: bool = False) -> bool:
        """Stop the thread within ``timeout_s``: queued work finishes (every acknowledged write
        lands) unless ``cancel_pending`` drops what has not started (speech nobody will hear).
        Returns False when work was still running at the deadline (the caller may exit anyway)."""
        self._stopped = True
        self._pool.shutdown(wait=False, cancel_futures=cancel_pending)
        _done, not_done = wait(set(self._futures), timeout=timeout_s)
        if not_done:
            log.warning("runner %s: %d task(s) still running after %.1f s", self.name, len(not_done), timeout_s)
        return not not_done


def shutdown_all(timeout_s: float, *, cancel: frozenset[str] = frozenset()) -> bool:
    """Shut every ThreadRunner of the process (the camera's too) within one shared deadline;
    runners named in ``cancel`` drop their queued work. False if any was still busy."""
    deadline = time.monotonic() + timeout_s
    finished = True
    for runner in list(_ALL):
        left = max(0.0, deadline - time.monotonic())
        finished &= runner.shutdown(left, cancel_pending=runner.name in cancel)
    return finished
