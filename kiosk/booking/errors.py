"""The error of the booking services: a Chinese sentence, and the form field it belongs next to."""

from __future__ import annotations

from kiosk.visits.errors import VisitsError


class BookingError(VisitsError):
    """A request the booking services refuse; nothing was written.

    ``field`` names the form field the message belongs next to (``None``: the page as a whole).
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class SlotFull(BookingError):
    """The slot has no room left for this group (another booking took the last places)."""


class NotFound(BookingError):
    """No such hall, slot or booking (or a manage token that matches nothing)."""


class TooManyRequests(BookingError):
    """A client went over its rate limit; it may try again after ``retry_after`` seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
