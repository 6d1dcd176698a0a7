"""The pass text: round trip, size in a QR code, and strict refusal of anything non-canonical."""

from __future__ import annotations

import base64
import re
import uuid
from datetime import date, datetime

import pytest
import qrcode
import qrcode.constants
import qrcode.util
from pass_helpers import HALL, TODAY, make_pass

from kiosk.passes.codec import (
    HALL_ID_MAX_CHARS,
    HEADCOUNT_MAX,
    MAX_PASS_CHARS,
    PREFIX,
    PassClaims,
    PassKind,
    UnreadablePass,
    encode_claims,
    hall_code,
    parse_pass,
    sign_pass,
)
from kiosk.passes.keys import SigningKey
from kiosk.passes.render import qr_code

KEY = SigningKey.generate()
QR_ALPHANUMERIC = re.compile(r"[0-9A-Z $%*+\-./:]*")


def _claims(**overrides: object) -> PassClaims:
    fields: dict[str, object] = dict(
        pass_id=uuid.UUID(int=1),
        booking_id=uuid.UUID(int=2),
        hall_id=HALL,
        valid_from=TODAY,
        valid_to=TODAY,
        headcount=45,
        kind=PassKind.GROUP,
        key_id=KEY.key_id,
    )
    fields.update(overrides)
    return PassClaims(**fields)  # type: ignore[arg-type]


def _longest_pass() -> str:
    claims = _claims(
        pass_id=uuid.UUID(int=2**128 - 1),
        booking_id=uuid.UUID(int=2**128 - 1),
        hall_id="H" * HALL_ID_MAX_CHARS,
        valid_to=date(2099, 12, 31),
        headcount=HEADCOUNT_MAX,
        kind=PassKind.INDIVIDUAL,
    )
    return sign_pass(claims, KEY)


def test_round_trip_preserves_every_claim() -> None:
    issued = make_pass(KEY, valid_to=date(2025, 3, 7), headcount=1, kind=PassKind.INDIVIDUAL)
    parsed = parse_pass(issued.text)
    assert parsed.claims == issued.claims
    assert parsed.signed_bytes == encode_claims(issued.claims).encode("ascii")
    assert KEY.keyring().verify(KEY.key_id, parsed.signature, parsed.signed_bytes)


def test_layout_is_readable_and_carries_no_personal_data() -> None:
    issued = make_pass(KEY)
    fields = issued.text.split(":")
    assert fields[0] == "HK1"
    assert fields[3:9] == [HALL, "20250305", "20250305", "45", "G", KEY.key_id]
    assert len(fields[1]) == len(fields[2]) == 26
    assert len(fields[9]) == 103


def test_longest_pass_is_alphanumeric_and_fits_qr_version_10_at_m() -> None:
    text = _longest_pass()
    assert len(text) == MAX_PASS_CHARS == 228
    assert QR_ALPHANUMERIC.fullmatch(text)
    code = qr_code(text)  # exactly how render.py builds the printed code
    assert code.error_correction == qrcode.constants.ERROR_CORRECT_M
    assert [segment.mode for segment in code.data_list] == [qrcode.util.MODE_ALPHA_NUM]
    assert code.version <= 10
    assert code.version == 9  # 53x53 modules; measured, pinned so a format change is noticed
    default = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    default.add_data(text)  # qrcode's own segment optimiser, should anyone use it
    default.make(fit=True)
    assert default.version <= 10


def test_typical_pass_is_202_chars_in_qr_version_8() -> None:
    text = make_pass(KEY).text  # 8-char hall id, 2-digit headcount
    assert len(text) == 202
    assert qr_code(text).version == 8  # 49x49 modules


def test_hall_ids_are_carried_upper_case() -> None:
    assert hall_code("demo-hall") == "DEMO-HALL"
    assert _claims(hall_id="bj-hd-01").hall_id == "BJ-HD-01"
    assert ":DEMO-HALL:" in make_pass(KEY, hall_id="demo-hall").text
    for bad in ("demo_hall", "展馆", "-x", "x-", "", " ", "ﬁ", "H" * (HALL_ID_MAX_CHARS + 1)):
        with pytest.raises(ValueError):
            hall_code(bad)


def test_claims_refuse_invalid_values() -> None:
    for bad in [
        dict(hall_id="bj_hd_01"),
        dict(hall_id="-BJ"),
        dict(hall_id="BJ-"),
        dict(hall_id="H" * (HALL_ID_MAX_CHARS + 1)),
        dict(hall_id=""),
        dict(headcount=0),
        dict(headcount=HEADCOUNT_MAX + 1),
        dict(headcount=True),
        dict(valid_from=date(2025, 3, 6), valid_to=date(2025, 3, 5)),
        dict(valid_from=datetime(2025, 3, 5, 9, 0)),
        dict(valid_to=date(2100, 1, 1)),
        dict(valid_from=date(1999, 12, 31)),
        dict(key_id="abcdef12"),
        dict(pass_id="not-a-uuid"),
        dict(kind="group"),
    ]:
        with pytest.raises(ValueError):
            _claims(**bad)


def test_signing_with_a_key_other_than_the_one_named_is_refused() -> None:
    with pytest.raises(ValueError):
        sign_pass(_claims(), SigningKey.generate())


def _next_b32(char: str) -> str:
    """The base32 digit one above char: same data bits, a padding bit set (for a final digit)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return alphabet[alphabet.index(char) + 1]


def _resign(text: str, replace: tuple[str, str]) -> str:
    """text with a change made to its claims and a fresh valid signature over them."""
    claims_part = text[: text.rindex(":")].replace(*replace)
    signature = base64.b32encode(KEY.sign(claims_part.encode())).decode().rstrip("=")
    return claims_part + ":" + signature


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(lambda t: "", id="empty"),
        pytest.param(lambda t: t.lower(), id="lowercase"),
        pytest.param(lambda t: "HK2" + t[3:], id="other-version"),
        pytest.param(lambda t: " " + t, id="leading-space"),
        pytest.param(lambda t: t + "\n", id="trailing-newline"),
        pytest.param(lambda t: t + "A", id="trailing-char"),
        pytest.param(lambda t: t + "=", id="padding"),
        pytest.param(lambda t: t[:-1], id="truncated"),
        pytest.param(lambda t: t.replace(":", ";", 1), id="separator"),
        pytest.param(lambda t: t[:-1] + _next_b32(t[-1]), id="stray-signature-bits"),
        pytest.param(lambda t: _resign(t, (":20250305:20250305:", ":20250230:20250305:")), id="bad-date"),
        pytest.param(lambda t: _resign(t, (":20250305:20250305:", ":20250306:20250305:")), id="from-after-to"),
        pytest.param(lambda t: _resign(t, (":45:G:", ":045:G:")), id="leading-zero"),
        pytest.param(lambda t: _resign(t, (":45:G:", ":0:G:")), id="zero-headcount"),
        pytest.param(lambda t: _resign(t, (":G:", ":X:")), id="unknown-kind"),
        pytest.param(lambda t: _resign(t, (":BJ-HD-01:", "::")), id="empty-hall"),
        pytest.param(lambda t: "x" * 10_000, id="huge"),
        pytest.param(lambda t: t.replace("2025", "２０２５"), id="full-width-digits"),
    ],
)
def test_non_canonical_text_is_unreadable(mutate) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnreadablePass):
        parse_pass(mutate(make_pass(KEY).text))


def test_stray_base32_bits_in_a_uuid_are_unreadable() -> None:
    text = make_pass(KEY, pass_id=uuid.UUID(int=0)).text
    # 26 base32 chars carry 130 bits; the last 2 must be zero. "B" sets one of them.
    pass_field = text.split(":")[1]
    assert pass_field.endswith("A")
    with pytest.raises(UnreadablePass, match="base32"):
        parse_pass(_resign(text, (pass_field, pass_field[:-1] + "B")))


def test_parse_refuses_non_text() -> None:
    with pytest.raises(UnreadablePass):
        parse_pass(b"HK1:" + b"A" * 100)  # type: ignore[arg-type]


def test_prefix_constant() -> None:
    assert PREFIX == "HK1:"
    assert make_pass(KEY).text.startswith(PREFIX)
