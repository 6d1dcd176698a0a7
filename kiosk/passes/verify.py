"""Verifying a scanned pass offline: whatever a scanner sends, an outcome comes back.

The checks run in a fixed order, each only on what passed the one before:

    unreadable -> forged -> wrong hall -> revoked -> not valid today -> VALID

Signature before everything else, so nothing an attacker wrote (hall, dates,
pass id) is acted on or shown until the hall's key vouches for it. Wrong hall
before revoked and date, because the other hall's revocation list and calendar
mean nothing here. The database-backed steps (already checked in?) come after,
in the check-in service, which turns VALID into ACCEPTED or ALREADY_CHECKED_IN.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Container
from dataclasses import dataclass
from datetime import date

from kiosk.passes.codec import MAX_PASS_CHARS, PassClaims, UnreadablePass, hall_code, parse_pass
from kiosk.passes.keys import Keyring
from kiosk.passes.outcomes import CheckinOutcome, VerifyOutcome

__all__ = ["MAX_SCAN_CHARS", "Verdict", "VerifyOutcome", "verify_pass"]

log = logging.getLogger(__name__)

MAX_SCAN_CHARS = MAX_PASS_CHARS
"""Input longer than the longest possible pass is refused before any parsing."""


@dataclass(frozen=True)
class Verdict:
    """The verifier's answer.

    ``claims`` is set once the signature has been checked (VALID, WRONG_HALL,
    REVOKED, NOT_VALID_TODAY), so a screen can say which day or hall the pass
    is for; it is None for FORGED and UNREADABLE, whose contents are not to be
    trusted or shown. ``detail`` is a short English reason for logs, not for
    visitors.
    """

    outcome: VerifyOutcome
    claims: PassClaims | None = None
    detail: str = ""

    @property
    def is_valid(self) -> bool:
        """Whether the pass may go on to the database check-in."""
        return self.outcome is VerifyOutcome.VALID

    @property
    def checkin_outcome(self) -> CheckinOutcome | None:
        """The final outcome of a refusal; None when VALID (the database decides)."""
        return self.outcome.as_checkin_outcome()


def verify_pass(
    text: object,
    *,
    keyring: Keyring,
    hall_id: str,
    today: date,
    revoked: Container[uuid.UUID] | Container[str] = frozenset(),
) -> Verdict:
    """Decide what a scanned text is worth at this hall today. Never raises on any input.

    ``hall_id`` is this kiosk's configured hall id, compared case-insensitively.

    ``text`` may be anything a scanner or camera produced (str or bytes; other
    types are unreadable). ``revoked`` holds revoked pass ids; both
    ``uuid.UUID`` values and their canonical ``str`` forms are honoured, so a
    set loaded from a database as strings cannot silently revoke nothing.
    """
    text = _as_text(text)
    if text is None:
        return Verdict(VerifyOutcome.UNREADABLE, detail="not text")
    if len(text) > MAX_SCAN_CHARS:
        return Verdict(VerifyOutcome.UNREADABLE, detail="too long")
    try:
        parsed = parse_pass(text)
    except UnreadablePass as exc:
        return Verdict(VerifyOutcome.UNREADABLE, detail=exc.reason)
    except Exception:  # a parser bug must not take the kiosk down
        log.exception("pass parser failed unexpectedly")
        return Verdict(VerifyOutcome.UNREADABLE, detail="parser error")

    claims = parsed.claims
    if claims.key_id not in keyring:
        return Verdict(VerifyOutcome.FORGED, detail=f"unknown key {claims.key_id}")
    if not keyring.verify(claims.key_id, parsed.signature, parsed.signed_bytes):
        return Verdict(VerifyOutcome.FORGED, detail="bad signature")
    if claims.hall_id != _hall_code_or_none(hall_id):
        return Verdict(VerifyOutcome.WRONG_HALL, claims, detail=f"pass is for hall {claims.hall_id}")
    if _is_revoked(claims.pass_id, revoked):
        return Verdict(VerifyOutcome.REVOKED, claims, detail="pass id revoked")
    if today < claims.valid_from:
        return Verdict(VerifyOutcome.NOT_VALID_TODAY, claims, detail="not yet valid")
    if today > claims.valid_to:
        return Verdict(VerifyOutcome.NOT_VALID_TODAY, claims, detail="expired")
    return Verdict(VerifyOutcome.VALID, claims)


def _as_text(value: object) -> str | None:
    """str as is; bytes only if they are ASCII (a pass is); anything else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value[: MAX_SCAN_CHARS + 1])
        try:
            return raw.decode("ascii")
        except UnicodeDecodeError:
            return None
    return None


def _hall_code_or_none(hall_id: str) -> str | None:
    """This kiosk's hall id as passes carry it; None (so every pass is WRONG_HALL) if it cannot be."""
    try:
        return hall_code(hall_id)
    except ValueError:
        log.error("hall id %r cannot appear in a pass; every pass will be refused as wrong hall", hall_id)
        return None


def _is_revoked(pass_id: uuid.UUID, revoked: Container[uuid.UUID] | Container[str]) -> bool:
    return pass_id in revoked or str(pass_id) in revoked
