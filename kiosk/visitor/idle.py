"""Idle detection as a small state machine the UI ticks: active → warning → reset.

After ``timeout`` seconds without a touch the kiosk asks "还在参观吗？" and counts down ``warning``
seconds; a touch returns to active, the end of the countdown resets to the attract loop. While
something is playing (speech, a video) the clock is held: no reset cuts a narration.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from kiosk.clock import Clock


class IdlePhase(enum.Enum):
    ACTIVE = "active"
    WARNING = "warning"
    ATTRACT = "attract"


class IdleMonitor:
    """Decides when to warn and when to reset; knows nothing of screens."""

    def __init__(
        self, clock: Clock, timeout: float, warning: float, busy: Callable[[], bool] = lambda: False
    ) -> None:
        self.clock = clock
        self.timeout = timeout
        self.warning = warning
        self.busy = busy
        self.phase = IdlePhase.ATTRACT
        self._last_touch = clock.monotonic()

    def start_visit(self) -> None:
        """A visitor touched the attract loop: the visit begins."""
        self.phase = IdlePhase.ACTIVE
        self._last_touch = self.clock.monotonic()

    def end_visit(self) -> None:
        """The visit is over (reset or staff left): back to the attract loop until the next touch."""
        self.phase = IdlePhase.ATTRACT

    def touched(self) -> None:
        """Any touch: the visitor is still here."""
        if self.phase is not IdlePhase.ATTRACT:
            self.phase = IdlePhase.ACTIVE
        self._last_touch = self.clock.monotonic()

    @property
    def seconds_left(self) -> int:
        """Whole seconds of the warning countdown left (for the dialog)."""
        idle = self.clock.monotonic() - self._last_touch
        return max(0, int(self.timeout + self.warning - idle + 0.999))

    def tick(self) -> IdlePhase:
        """Advance by the clock; returns the phase (ATTRACT once means: reset now)."""
        if self.phase is IdlePhase.ATTRACT:
            return self.phase
        if self.busy():
            self._last_touch = self.clock.monotonic()
            self.phase = IdlePhase.ACTIVE
            return self.phase
        idle = self.clock.monotonic() - self._last_touch
        if idle >= self.timeout + self.warning:
            self.phase = IdlePhase.ATTRACT
        elif idle >= self.timeout:
            self.phase = IdlePhase.WARNING
        return self.phase
