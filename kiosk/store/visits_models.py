"""The tables of arrivals (issue 3): organisations, bookings, revoked passes, check-in facts."""

from __future__ import annotations
