"""The pass text inside the QR code: encoding, signing, and strict parsing.

Format (every character in QR alphanumeric mode, so a pass fits a small,
easily scanned code)::

    HK1:<pass id>:<booking id>:<hall id>:<from>:<to>:<headcount>:<kind>:<key id>:<signature>

    pass id, booking id  UUID, 16 bytes as 26 chars of RFC 4648 base32, no padding
    hall id              the hall's configured id, upper-cased: 1-32 chars of
                         A-Z 0-9 '-', not starting or ending with '-'
    from, to             YYYYMMDD, inclusive, from <= to, years 2000-2099
    headcount            1-9999, no leading zeros: most people this pass admits
    kind                 G (group) or I (individual)
    key id               8 uppercase hex digits naming the signing key
    signature            Ed25519 over the ASCII bytes of everything before the
                         last ':' (prefix included), 64 bytes as 103 base32 chars

Hall ids are compared case-insensitively (the kiosk config says "demo-hall",
the pass carries DEMO-HALL): QR alphanumeric mode has no lowercase letters.

Why two ids: the booking is what gets checked in; the pass id is what gets
revoked, so a re-issued pass (new headcount, new date) can kill the old paper
without touching the booking. No names or phone numbers ever go in the code:
a pass photographed in a queue leaks nothing personal.

Parsing is strict because a lenient parser makes forgeries cheap to probe:
the text must re-encode to exactly itself (no lowercase, no padding, no stray
base32 bits, no leading zeros, no trailing newline), else it is unreadable.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Final

from kiosk.passes.keys import KEY_ID_CHARS, SigningKey, is_key_id

PREFIX: Final = "HK1:"
SEPARATOR: Final = ":"
HALL_ID_MAX_CHARS: Final = 32
HEADCOUNT_MAX: Final = 9999
EARLIEST_DATE: Final = date(2000, 1, 1)
LATEST_DATE: Final = date(2099, 12, 31)

_UUID_CHARS = 26  # ceil(128 / 5)
_SIGNATURE_BYTES = 64
_SIGNATURE_CHARS = 103  # ceil(512 / 5)
_DATE_CHARS = 8

MAX_PASS_CHARS: Final = (
    len(PREFIX)
    + 2 * (_UUID_CHARS + 1)
    + HALL_ID_MAX_CHARS
    + 1
    + 2 * (_DATE_CHARS + 1)
    + len(str(HEADCOUNT_MAX))
    + 1
    + 1
    + 1
    + KEY_ID_CHARS
    + 1
    + _SIGNATURE_CHARS
)
"""The longest text a valid pass can be; anything longer is refused before parsing."""

_B32 = "[A-Z2-7]"
_HALL_ID_RE = re.compile(rf"[A-Z0-9](?:[A-Z0-9-]{{0,{HALL_ID_MAX_CHARS - 2}}}[A-Z0-9])?")
_PASS_RE = re.compile(
    re.escape(PREFIX)
    + rf"(?P<pass_id>{_B32}{{{_UUID_CHARS}}}):"
    + rf"(?P<booking_id>{_B32}{{{_UUID_CHARS}}}):"
    + rf"(?P<hall_id>{_HALL_ID_RE.pattern}):"
    + r"(?P<valid_from>[0-9]{8}):"
    + r"(?P<valid_to>[0-9]{8}):"
    + r"(?P<headcount>[1-9][0-9]{0,3}):"
    + r"(?P<kind>[GI]):"
    + rf"(?P<key_id>[0-9A-F]{{{KEY_ID_CHARS}}}):"
    + rf"(?P<signature>{_B32}{{{_SIGNATURE_CHARS}}})",
    re.ASCII,
)


class PassKind(StrEnum):
    """Who a pass is for; the letter is what the QR code carries."""

    GROUP = "group"
    INDIVIDUAL = "individual"

    @property
    def letter(self) -> str:
        """The one-letter code used in the pass text."""
        return "G" if self is PassKind.GROUP else "I"

    @classmethod
    def from_letter(cls, letter: str) -> PassKind:
        """The kind for a pass-text letter (ValueError for anything but G or I)."""
        if letter == "G":
            return cls.GROUP
        if letter == "I":
            return cls.INDIVIDUAL
        raise ValueError(f"unknown pass kind letter {letter!r}")


def hall_code(hall_id: str) -> str:
    """The form a hall id takes in a pass: upper-cased; ValueError if it cannot be carried.

    Use it to check a configured hall id once at start-up; ``issue_pass`` and
    ``verify_pass`` apply it themselves.
    """
    code = hall_id.strip().upper() if isinstance(hall_id, str) and hall_id.isascii() else ""
    if not _HALL_ID_RE.fullmatch(code):
        raise ValueError(
            f"hall id {hall_id!r} cannot go in a pass: it must be 1-{HALL_ID_MAX_CHARS} letters, "
            "digits or '-', not starting or ending with '-'"
        )
    return code


class UnreadablePass(ValueError):
    """Text that is not exactly a well-formed pass; ``reason`` says what was wrong (for logs)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PassClaims:
    """What a pass asserts; validated on construction so an invalid pass cannot be signed.

    ``hall_id`` is upper-cased on construction (see ``hall_code``).
    """

    pass_id: uuid.UUID
    booking_id: uuid.UUID
    hall_id: str
    valid_from: date
    valid_to: date
    headcount: int
    kind: PassKind
    key_id: str

    def __post_init__(self) -> None:
        for name in ("pass_id", "booking_id"):
            if not isinstance(getattr(self, name), uuid.UUID):
                raise ValueError(f"{name} must be a uuid.UUID")
        object.__setattr__(self, "hall_id", hall_code(self.hall_id))
        for name in ("valid_from", "valid_to"):
            value = getattr(self, name)
            if type(value) is not date:  # a datetime is a date subclass; refuse it
                raise ValueError(f"{name} must be a datetime.date")
            if not EARLIEST_DATE <= value <= LATEST_DATE:
                raise ValueError(f"{name} {value} is outside {EARLIEST_DATE}..{LATEST_DATE}")
        if self.valid_from > self.valid_to:
            raise ValueError(f"valid_from {self.valid_from} is after valid_to {self.valid_to}")
        if type(self.headcount) is not int or not 1 <= self.headcount <= HEADCOUNT_MAX:
            raise ValueError(f"headcount must be an int in 1..{HEADCOUNT_MAX}")
        if not isinstance(self.kind, PassKind):
            raise ValueError("kind must be a PassKind")
        if not isinstance(self.key_id, str) or not is_key_id(self.key_id):
            raise ValueError(f"key_id {self.key_id!r} must be {KEY_ID_CHARS} uppercase hex digits")

    def is_valid_on(self, day: date) -> bool:
        """Whether day falls in the pass's inclusive validity window."""
        return self.valid_from <= day <= self.valid_to


@dataclass(frozen=True)
class ParsedPass:
    """A syntactically perfect pass whose signature has not been checked yet."""

    claims: PassClaims
    signed_bytes: bytes = field(repr=False)
    signature: bytes = field(repr=False)


@dataclass(frozen=True)
class IssuedPass:
    """A freshly signed pass: its claims and the exact text to put in the QR code."""

    claims: PassClaims
    text: str


def _b32encode(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _b32decode(text: str, nbytes: int) -> bytes:
    """Decode unpadded base32, refusing any text that is not the canonical encoding."""
    try:
        data = base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError) as exc:
        raise UnreadablePass("bad base32") from exc
    if len(data) != nbytes or _b32encode(data) != text:
        raise UnreadablePass("non-canonical base32")
    return data


def _encode_date(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _decode_date(text: str) -> date:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError as exc:
        raise UnreadablePass("bad date") from exc


def encode_claims(claims: PassClaims) -> str:
    """The signed part of the pass text: everything before the final ':'."""
    return SEPARATOR.join(
        (
            PREFIX[:-1],
            _b32encode(claims.pass_id.bytes),
            _b32encode(claims.booking_id.bytes),
            claims.hall_id,
            _encode_date(claims.valid_from),
            _encode_date(claims.valid_to),
            str(claims.headcount),
            claims.kind.letter,
            claims.key_id,
        )
    )


def sign_pass(claims: PassClaims, signing_key: SigningKey) -> str:
    """The full pass text: encoded claims, ':', base32 signature over the claims bytes."""
    if claims.key_id != signing_key.key_id:
        raise ValueError(f"claims name key {claims.key_id} but the signing key is {signing_key.key_id}")
    signed = encode_claims(claims)
    signature = signing_key.sign(signed.encode("ascii"))
    return signed + SEPARATOR + _b32encode(signature)


def issue_pass(
    *,
    booking_id: uuid.UUID,
    hall_id: str,
    valid_from: date,
    valid_to: date,
    headcount: int,
    kind: PassKind,
    signing_key: SigningKey,
    pass_id: uuid.UUID | None = None,
) -> IssuedPass:
    """Build, validate and sign a pass; a fresh random pass id unless one is given."""
    claims = PassClaims(
        pass_id=pass_id if pass_id is not None else uuid.uuid4(),
        booking_id=booking_id,
        hall_id=hall_id,
        valid_from=valid_from,
        valid_to=valid_to,
        headcount=headcount,
        kind=kind,
        key_id=signing_key.key_id,
    )
    return IssuedPass(claims=claims, text=sign_pass(claims, signing_key))


def parse_pass(text: str) -> ParsedPass:
    """Parse pass text exactly, without checking the signature.

    Raises ``UnreadablePass`` for anything that is not byte-for-byte the
    canonical encoding of some valid claims and a 64-byte signature. Never
    raises anything else, whatever the input.
    """
    if not isinstance(text, str):
        raise UnreadablePass("not text")
    if len(text) > MAX_PASS_CHARS:
        raise UnreadablePass("too long")
    if not text.startswith(PREFIX):
        raise UnreadablePass("no HK1 prefix")
    match = _PASS_RE.fullmatch(text)
    if match is None:
        raise UnreadablePass("malformed")
    fields = match.groupdict()
    try:
        claims = PassClaims(
            pass_id=uuid.UUID(bytes=_b32decode(fields["pass_id"], 16)),
            booking_id=uuid.UUID(bytes=_b32decode(fields["booking_id"], 16)),
            hall_id=fields["hall_id"],
            valid_from=_decode_date(fields["valid_from"]),
            valid_to=_decode_date(fields["valid_to"]),
            headcount=int(fields["headcount"]),
            kind=PassKind.from_letter(fields["kind"]),
            key_id=fields["key_id"],
        )
    except UnreadablePass:
        raise
    except ValueError as exc:
        raise UnreadablePass(f"invalid claims: {exc}") from exc
    signature = _b32decode(fields["signature"], _SIGNATURE_BYTES)
    signed = encode_claims(claims)
    if signed + SEPARATOR + fields["signature"] != text:
        raise UnreadablePass("non-canonical encoding")
    return ParsedPass(claims=claims, signed_bytes=signed.encode("ascii"), signature=signature)
