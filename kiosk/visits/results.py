"""What the arrivals service hands its two faces (kiosk UI and CLI): display-ready, frozen values.

These are the contract with the check-in screens: screens show
``message`` and the other fields as they are; they never see an ORM object or a Session.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kiosk.passes.outcomes import CheckinOutcome


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class CheckinResult:
    """The one answer to one scan (or to a headcount confirmation)."""

    outcome: CheckinOutcome
    message: str
    """One Chinese sentence for the visitor, e.g. "欢迎！已为 XX 支部登记。"."""
    booking_id: uuid.UUID | None = None
    organisation: str | None = None
    """The organisation's name, when the pass is trusted and the booking is known here."""
    headcount: int | None = None
    """The headcount cap the pass carries."""
    arrived: int | None = None
    """How many are counted as arrived (accepted: the cap until the leader confirms)."""
    checked_in_at: datetime | None = None
    """Accepted: now; already checked in: the first check-in's time (UTC)."""
    checked_in_device: str | None = None
    """Already checked in: the device id of the kiosk that did the first check-in."""
    checkin_id: uuid.UUID | None = None
    """The check-in fact (accepted, and headcount confirmations)."""
    valid_from: date | None = None
    valid_to: date | None = None

    @property
    def accepted(self) -> bool:
        """Whether this scan let the group in (the CLI's exit code 0)."""
        return self.outcome is CheckinOutcome.ACCEPTED

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``--json`` object: outcome, booking, organisation, headcount, checked_in_at, ..."""
        return {
            "outcome": self.outcome.value,
            "booking": str(self.booking_id) if self.booking_id else None,
            "organisation": self.organisation,
            "headcount": self.headcount,
            "checked_in_at": _iso(self.checked_in_at),
            "arrived": self.arrived,
            "checked_in_device": self.checked_in_device,
            "checkin_id": str(self.checkin_id) if self.checkin_id else None,
            "valid_from": _iso(self.valid_from),
            "valid_to": _iso(self.valid_to),
            "message": self.message,
        }


@dataclass(frozen=True)
class BookingStatus:
    """One row of "today's bookings" on the staff screen."""

    booking_id: uuid.UUID
    organisation: str
    slot: str
    """"09:00-10:30", hall-local."""
    purpose: str
    expected: int
    arrived: int
    status: str
    """"arrived" | "not_yet" | "cancelled"."""
    contact_masked: str
    """"张** 138****5678" style, never the full phone; "" once purged."""


@dataclass(frozen=True)
class OrganisationRef:
    """An organisation as a pick list shows it."""

    id: uuid.UUID
    name: str
    kind: str


@dataclass(frozen=True)
class WalkInResult:
    """The answer to a walk-in registered by touch."""

    checkin_id: uuid.UUID
    kind: str
    """"member" (党员) or "public" (群众)."""
    count: int
    organisation: str | None
    message: str
