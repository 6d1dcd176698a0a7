"""A :class:`kiosk.tasks.Runner` for the Kivy app: work on a worker thread, results on the main loop."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from kivy.clock import Clock

log = logging.getLogger(__name__)


class ThreadRunner:
    """One worker thread (so writes keep their order); callbacks run via ``Clock.schedule_once``."""

    def __init__(self, name: str) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self.pending = 0

    def submit(
        self, work: Callable[[], Any], on_success: Callable[[Any], None], on_failure: Callable[[BaseException], None]
    ) -> None:
        self.pending += 1

        def deliver(future: Future[Any]) -> None:
            error = future.exception()
            if error is not None:
                log.warning("background work failed: %s", error)
                Clock.schedule_once(lambda _dt: self._done(on_failure, error))
            else:
                result = future.result()
                Clock.schedule_once(lambda _dt: self._done(on_success, result))

        self._pool.submit(work).add_done_callback(deliver)

    def _done(self, callback: Callable[[Any], None], value: Any) -> None:
        self.pending -= 1
        callback(value)

    def shutdown(self) -> None:
        """Finish queued work (every acknowledged write lands) and stop the thread."""
        self._pool.shutdown(wait=True)
