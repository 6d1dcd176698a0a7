"""Running blocking work off the UI thread, with results delivered back where the caller lives.

Two layers:

- A :class:`Runner` runs ``work`` somewhere and hands its result (or error) to a callback on the
  caller's side. The Kivy app's runner (``kiosk.ui.runner.ThreadRunner``) runs work on its own
  worker thread and calls back on Kivy's main loop (``Clock.schedule_once``); tests and tools pass
  :class:`InlineRunner`, which runs the work at once. The CLI calls services directly: services
  are plain blocking code and take no runner.
- :class:`Operations` is the one shape every view model uses for background work (Anki's
  ``CollectionOp`` idea): ``ops.run(work, on_success, on_failure, screen=...)``. Success and failure
  arrive on the UI thread; a result that arrives after its screen was left, or after the visit was
  reset (:meth:`Operations.cancel_all`), is dropped, so the next visitor never sees the last one's
  answers. The work itself still runs: a write that was asked for always lands.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class Runner(Protocol):
    """Runs ``work`` somewhere, then calls ``on_success(result)`` or ``on_failure(error)``."""

    def submit(self, work: Callable[[], Any], on_success: Success, on_failure: Failure) -> None: ...


class InlineRunner:
    """Runs work at once on the calling thread (tests, tools)."""

    def submit(self, work: Callable[[], Any], on_success: Success, on_failure: Failure) -> None:
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001 - handed to the caller's failure callback
            on_failure(exc)
            return
        on_success(result)

    def shutdown(self, timeout_s: float = 5.0) -> bool:
        """Nothing is ever queued: always finished."""
        return True


class Operations:
    """Background work for one face (the kiosk's view models), cancelled with its screen or visit.

    ``where`` tells the screen on show; the host calls :meth:`left` when a screen is left and
    :meth:`cancel_all` when the visit is reset.
    """

    def __init__(self, runner: Runner, where: Callable[[], str] = lambda: "") -> None:
        self.runner = runner
        self._where = where
        self._visit = 0
        self._screen_visits: dict[str, int] = {}
        self._latest: dict[str, int] = {}

    def run(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Failure | None = None,
        *,
        screen: str | None = None,
        latest: str | None = None,
        on: Runner | None = None,
        always: bool = False,
    ) -> None:
        """Run ``work`` on the runner; deliver its result on the UI thread unless dropped.

        Args:
            screen: the result is for this screen: dropped if it is not on show when the result
                arrives, or was left and opened again meanwhile.
            latest: a key; only the newest operation with this key delivers (an older search's
                slower answer never replaces a newer one's).
            on: another runner than the default (the image worker), cancelled the same way.
            always: delivered even after the visit was reset (new content must reach the screen).
        """
        visit = self._visit
        opened = self._screen_visits.get(screen, 0) if screen is not None else 0
        seq = 0
        if latest is not None:
            seq = self._latest[latest] = self._latest.get(latest, 0) + 1

        def current() -> bool:
            if always:
                return True
            if visit != self._visit:
                return False
            if screen is not None and (self._where() != screen or self._screen_visits.get(screen, 0) != opened):
                return False
            return latest is None or self._latest.get(latest) == seq

        def succeeded(result: Any) -> None:
            if current():
                on_success(result)

        def failed(error: BaseException) -> None:
            log.warning("background work failed: %s", error, exc_info=error)
            if on_failure is not None and current():
                on_failure(error)

        (on or self.runner).submit(work, succeeded, failed)

    def left(self, screen: str) -> None:
        """``screen`` was left: results still on their way to it are dropped."""
        self._screen_visits[screen] = self._screen_visits.get(screen, 0) + 1

    def cancel_all(self) -> None:
        """The visit ended: every result still on its way is dropped."""
        self._visit += 1
