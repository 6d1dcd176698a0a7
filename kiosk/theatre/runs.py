"""What every running item shares: when it started and how it ended (to the end, or stopped)."""

from __future__ import annotations

from datetime import datetime

from kiosk.clock import Clock
from kiosk.theatre.remote import Action


class ItemRun:
    """Base of the film, lecture and ceremony state machines.

    ``press(action)`` returns True when the action changed something. ``finished`` turns True once,
    with ``completed`` telling whether the item ran to its end; ``ended_at`` is then set.
    """

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.started_at: datetime = clock.now()
        self.ended_at: datetime | None = None
        self.completed = False
        self.failed_message = ""

    @property
    def finished(self) -> bool:
        return self.ended_at is not None

    def _finish(self, completed: bool) -> None:
        if self.ended_at is None:
            self.ended_at = self.clock.now()
            self.completed = completed

    def stop(self) -> None:
        """The host ends the item now."""
        self._finish(completed=False)

    def press(self, action: Action) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def tick(self) -> None:
        """Called on the UI's frame clock: timeouts and guided timing happen here."""
