"""Constants and builders shared by the signed-pass tests (imported by name: tests/passes is on sys.path)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from kiosk.passes.codec import IssuedPass, PassKind, issue_pass
from kiosk.passes.keys import SigningKey

HALL = "BJ-HD-01"
TODAY = date(2025, 3, 5)
BOOKING = uuid.UUID("5d709a81-d61a-48e8-a900-765d25f05959")

PassFactory = Callable[..., IssuedPass]
"""The ``new_pass`` fixture: ``new_pass(**overrides) -> IssuedPass``."""


def make_pass(signing_key: SigningKey, **overrides: Any) -> IssuedPass:
    """A valid group pass for HALL on TODAY, with any field overridden."""
    fields: dict[str, Any] = dict(
        booking_id=BOOKING,
        hall_id=HALL,
        valid_from=TODAY,
        valid_to=TODAY,
        headcount=45,
        kind=PassKind.GROUP,
        signing_key=signing_key,
    )
    fields.update(overrides)
    return issue_pass(**fields)
