"""Secrets of the hub: device tokens, admin tokens, enrolment codes — generated here, stored hashed."""

from __future__ import annotations

import hashlib
import secrets

ENROLMENT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: typed by hand from a screen


def new_token() -> str:
    """A 256-bit random bearer token (URL-safe text)."""
    return secrets.token_urlsafe(32)


def new_enrolment_code() -> str:
    """A one-time code staff type on the kiosk: 12 characters (60 bits), grouped XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(ENROLMENT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(code: str) -> str:
    return code.strip().upper().replace(" ", "")


def token_hash(token: str) -> str:
    """SHA-256 of a token or code (hex): what the database keeps instead of the secret."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
