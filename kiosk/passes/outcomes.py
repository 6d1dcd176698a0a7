"""The outcomes a scanned pass can end in, shared by the verifier and the check-in service.

Two enums, because two layers decide: ``VerifyOutcome`` is what the pass text
alone (signature, hall, revocation list, date) says, and ``CheckinOutcome`` is
what the kiosk finally shows, after the database has decided whether a VALID
pass is ACCEPTED or ALREADY_CHECKED_IN. Every refusal maps one-to-one, so
screens and logs only ever deal with ``CheckinOutcome``.
"""

from __future__ import annotations

from enum import StrEnum


class CheckinOutcome(StrEnum):
    """What a check-in attempt ended in; the values are stable strings for logs and the DB."""

    ACCEPTED = "accepted"
    ALREADY_CHECKED_IN = "already_checked_in"
    NOT_VALID_TODAY = "not_valid_today"
    WRONG_HALL = "wrong_hall"
    REVOKED = "revoked"
    FORGED = "forged"
    UNREADABLE = "unreadable"


class VerifyOutcome(StrEnum):
    """What the pass text alone says; VALID still needs the database to become ACCEPTED."""

    VALID = "valid"
    NOT_VALID_TODAY = "not_valid_today"
    WRONG_HALL = "wrong_hall"
    REVOKED = "revoked"
    FORGED = "forged"
    UNREADABLE = "unreadable"

    def as_checkin_outcome(self) -> CheckinOutcome | None:
        """The final outcome for a refusal; None for VALID, which only the database can settle."""
        if self is VerifyOutcome.VALID:
            return None
        return CheckinOutcome(self.value)
