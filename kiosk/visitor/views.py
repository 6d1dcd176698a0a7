"""Board views as facts: opened at, seconds on screen, whether read aloud.

The tracker holds at most one open view; opening another board, leaving, or the idle reset closes
it and hands the finished :class:`BoardView` to ``save`` (the app saves off the UI thread).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import Clock
from kiosk.store.models import BoardView


@dataclass
class _OpenView:
    zone_id: str
    board_id: str
    opened_at: datetime
    opened_mono: float
    read_aloud: bool = False


class BoardViewTracker:
    """Turns "board shown" / "board left" into one BoardView fact per look."""

    def __init__(self, clock: Clock, save: Callable[[BoardView], None]) -> None:
        self.clock = clock
        self.save = save
        self._open: _OpenView | None = None

    @property
    def current_board(self) -> str | None:
        return self._open.board_id if self._open else None

    def opened(self, zone_id: str, board_id: str) -> None:
        """A board came on screen (closes the previous one)."""
        if self._open and self._open.board_id == board_id:
            return
        self.closed()
        self._open = _OpenView(zone_id, board_id, self.clock.now(), self.clock.monotonic())

    def read_aloud(self) -> None:
        """The visitor asked for the open board to be read."""
        if self._open:
            self._open.read_aloud = True

    def closed(self) -> None:
        """The open board left the screen (or the visit ended)."""
        view, self._open = self._open, None
        if view is None:
            return
        dwell = max(0.0, self.clock.monotonic() - view.opened_mono)
        self.save(
            BoardView(
                zone_id=view.zone_id,
                board_id=view.board_id,
                opened_at=view.opened_at,
                dwell_seconds=round(dwell, 3),
                read_aloud=view.read_aloud,
            )
        )
