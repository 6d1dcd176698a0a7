"""Snapshot steps for the quiz zone: files numbered 40-59, after the exhibition's 01-19."""

from __future__ import annotations

from typing import Any

from kiosk.clock import FakeClock


def quiz_steps(clock: FakeClock) -> list[tuple[str, Any, float]]:
    """(file name, action on the view model, seconds to wait before the picture)."""
    return []
