"""Snapshot steps for arrivals (check-in, walk-in, staff bookings): files numbered 20-39, after the exhibition's 01-19."""

from __future__ import annotations

from typing import Any

from kiosk.clock import FakeClock


def checkin_steps(clock: FakeClock) -> list[tuple[str, Any, float]]:
    """(file name, action on the view model, seconds to wait before the picture)."""
    return []
