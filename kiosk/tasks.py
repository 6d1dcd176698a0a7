"""Running blocking work off the UI thread, with results delivered back where the caller lives.

Services take a :class:`Runner`. The Kivy app passes one that runs work on a worker thread and
hands results to the main loop (``kiosk.ui.runner``); tests and the CLI pass :class:`InlineRunner`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class Runner(Protocol):
    """Runs ``work`` somewhere, then calls ``on_success(result)`` or ``on_failure(error)``."""

    def submit(self, work: Callable[[], Any], on_success: Success, on_failure: Failure) -> None: ...


class InlineRunner:
    """Runs work at once on the calling thread (CLI, tests)."""

    def submit(self, work: Callable[[], Any], on_success: Success, on_failure: Failure) -> None:
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001 - handed to the caller's failure callback
            on_failure(exc)
            return
        on_success(result)
