"""verify_pass: every outcome, the order of checks, key rollover, and hostile scanner input."""

from __future__ import annotations

import base64
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from pass_helpers import HALL, TODAY, PassFactory, make_pass

from kiosk.passes.codec import PassKind
from kiosk.passes.keys import (
    Keyring,
    SigningKey,
    export_public,
    load_keyring,
    load_signing_key,
    retire_key,
    rotate_key,
)
from kiosk.passes.outcomes import CheckinOutcome, VerifyOutcome
from kiosk.passes.verify import MAX_SCAN_CHARS, Verdict, verify_pass


def check(text: object, keyring: Keyring, *, hall: str = HALL, today: date = TODAY, revoked=frozenset()) -> Verdict:  # type: ignore[no-untyped-def]
    return verify_pass(text, keyring=keyring, hall_id=hall, today=today, revoked=revoked)


def test_valid_pass_is_valid_with_its_claims(new_pass: PassFactory, keyring: Keyring) -> None:
    issued = new_pass()
    verdict = check(issued.text, keyring)
    assert verdict.outcome is VerifyOutcome.VALID
    assert verdict.is_valid
    assert verdict.claims == issued.claims
    assert verdict.checkin_outcome is None


def test_whole_validity_window_is_inclusive(new_pass: PassFactory, keyring: Keyring) -> None:
    issued = new_pass(valid_from=date(2025, 3, 5), valid_to=date(2025, 3, 7))
    for day in (date(2025, 3, 5), date(2025, 3, 6), date(2025, 3, 7)):
        assert check(issued.text, keyring, today=day).outcome is VerifyOutcome.VALID


@pytest.mark.parametrize(
    ("today", "detail"), [(TODAY - timedelta(days=1), "not yet valid"), (TODAY + timedelta(days=1), "expired")]
)
def test_outside_the_dates_is_not_valid_today(
    new_pass: PassFactory, keyring: Keyring, today: date, detail: str
) -> None:
    verdict = check(new_pass().text, keyring, today=today)
    assert verdict.outcome is VerifyOutcome.NOT_VALID_TODAY
    assert verdict.detail == detail
    assert verdict.claims is not None  # so the screen can say which day the pass is for
    assert verdict.checkin_outcome is CheckinOutcome.NOT_VALID_TODAY


def test_another_halls_pass_is_wrong_hall(new_pass: PassFactory, keyring: Keyring) -> None:
    verdict = check(new_pass(hall_id="SH-PD-02").text, keyring)
    assert verdict.outcome is VerifyOutcome.WRONG_HALL
    assert verdict.claims is not None and verdict.claims.hall_id == "SH-PD-02"


def test_hall_ids_compare_case_insensitively(new_pass: PassFactory, keyring: Keyring) -> None:
    text = new_pass(hall_id="demo-hall").text
    assert check(text, keyring, hall="demo-hall").outcome is VerifyOutcome.VALID
    assert check(text, keyring, hall="DEMO-HALL").outcome is VerifyOutcome.VALID
    assert check(text, keyring, hall="demo-hall-2").outcome is VerifyOutcome.WRONG_HALL
    assert check(text, keyring, hall="not a hall id").outcome is VerifyOutcome.WRONG_HALL


def test_revoked_pass_ids_as_uuids_or_strings(new_pass: PassFactory, keyring: Keyring) -> None:
    issued = new_pass()
    pid = issued.claims.pass_id
    assert check(issued.text, keyring, revoked={pid}).outcome is VerifyOutcome.REVOKED
    assert check(issued.text, keyring, revoked={str(pid)}).outcome is VerifyOutcome.REVOKED
    assert check(issued.text, keyring, revoked={uuid.uuid4()}).outcome is VerifyOutcome.VALID


def test_reissued_pass_for_the_same_booking_survives_revoking_the_old(new_pass: PassFactory, keyring: Keyring) -> None:
    old, new = new_pass(headcount=40), new_pass(headcount=45)
    assert old.claims.booking_id == new.claims.booking_id
    revoked = {old.claims.pass_id}
    assert check(old.text, keyring, revoked=revoked).outcome is VerifyOutcome.REVOKED
    assert check(new.text, keyring, revoked=revoked).outcome is VerifyOutcome.VALID


def test_signature_by_a_stranger_key_is_forged(keyring: Keyring) -> None:
    stranger = SigningKey.generate()
    verdict = check(make_pass(stranger).text, keyring)
    assert verdict.outcome is VerifyOutcome.FORGED
    assert verdict.claims is None
    assert "unknown key" in verdict.detail


def test_claims_tampered_after_signing_are_forged(new_pass: PassFactory, keyring: Keyring) -> None:
    text = new_pass(headcount=45).text
    tampered_texts = (
        text.replace(":45:G:", ":99:G:"),
        text.replace(":G:", ":I:"),
        text.replace(":20250305:20250305:", ":20250305:20250306:"),
    )
    for tampered in tampered_texts:
        verdict = check(tampered, keyring)
        assert verdict.outcome is VerifyOutcome.FORGED
        assert verdict.detail == "bad signature"


def test_key_id_swapped_to_another_trusted_key_is_forged(key_dir: Path, new_pass: PassFactory) -> None:
    text = new_pass().text
    old_id = load_signing_key(key_dir).key_id
    new_id = rotate_key(key_dir).key_id
    keyring = load_keyring(export_public(key_dir))
    assert check(text.replace(old_id, new_id), keyring).outcome is VerifyOutcome.FORGED


def test_signature_from_another_pass_is_forged(new_pass: PassFactory, keyring: Keyring) -> None:
    a, b = new_pass(), new_pass()
    spliced = a.text[: a.text.rindex(":")] + b.text[b.text.rindex(":") :]
    assert check(spliced, keyring).outcome is VerifyOutcome.FORGED


def test_all_zero_signature_is_forged(new_pass: PassFactory, keyring: Keyring) -> None:
    text = new_pass().text
    zero = base64.b32encode(bytes(64)).decode().rstrip("=")
    assert check(text[: text.rindex(":") + 1] + zero, keyring).outcome is VerifyOutcome.FORGED


def test_order_forged_before_wrong_hall_revoked_and_date(keyring: Keyring) -> None:
    stale = date(2020, 1, 1)
    forged = make_pass(SigningKey.generate(), hall_id="SH-PD-02", valid_from=stale, valid_to=stale)
    assert check(forged.text, keyring, revoked={forged.claims.pass_id}).outcome is VerifyOutcome.FORGED


def test_order_wrong_hall_before_revoked_and_date(new_pass: PassFactory, keyring: Keyring) -> None:
    issued = new_pass(hall_id="SH-PD-02", valid_from=date(2020, 1, 1), valid_to=date(2020, 1, 1))
    assert check(issued.text, keyring, revoked={issued.claims.pass_id}).outcome is VerifyOutcome.WRONG_HALL


def test_order_revoked_before_date(new_pass: PassFactory, keyring: Keyring) -> None:
    issued = new_pass(valid_from=date(2020, 1, 1), valid_to=date(2020, 1, 1))
    assert check(issued.text, keyring, revoked={issued.claims.pass_id}).outcome is VerifyOutcome.REVOKED


def test_rollover_old_passes_stay_valid_and_new_ones_verify(key_dir: Path) -> None:
    old_key = load_signing_key(key_dir)
    old_pass = make_pass(old_key)
    new_key = rotate_key(key_dir)
    new_pass = make_pass(new_key)
    kiosk_keyring = load_keyring(export_public(key_dir))  # what staff carry to the kiosk
    assert check(old_pass.text, kiosk_keyring).outcome is VerifyOutcome.VALID
    assert check(new_pass.text, kiosk_keyring).outcome is VerifyOutcome.VALID
    # A kiosk still on the old keyring refuses the new key's passes...
    assert check(new_pass.text, old_key.keyring()).outcome is VerifyOutcome.FORGED
    # ...and retiring the old key turns its passes into forgeries.
    retired = retire_key(key_dir, old_key.key_id)
    assert check(old_pass.text, retired).outcome is VerifyOutcome.FORGED
    assert check(new_pass.text, retired).outcome is VerifyOutcome.VALID


HOSTILE = [
    "",
    " ",
    "\n",
    "https://example.com/pass?id=1",
    "'; DROP TABLE bookings; --",
    "HK1:",
    "HK1:" + "A" * 300,
    "x" * 10_000,
    "HK1:\x00\x01\x02\x1b[2J",
    "🎉" * 50,
    "党员综合体验馆",
    "\ud800",  # a lone surrogate: not even encodable
    "HK1:\u200bAAAA",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_unreadable(text: str, keyring: Keyring) -> None:
    assert check(text, keyring).outcome is VerifyOutcome.UNREADABLE


@pytest.mark.parametrize("value", [None, 12345, 3.5, ["HK1:"], object(), b"\xff\xfe", bytearray(b"HK1:")])
def test_non_text_is_unreadable(value: object, keyring: Keyring) -> None:
    assert check(value, keyring).outcome is VerifyOutcome.UNREADABLE


def test_ascii_bytes_of_a_valid_pass_are_accepted(new_pass: PassFactory, keyring: Keyring) -> None:
    assert check(new_pass().text.encode("ascii"), keyring).outcome is VerifyOutcome.VALID


def test_truncated_passes_are_unreadable(new_pass: PassFactory, keyring: Keyring) -> None:
    text = new_pass().text
    for cut in range(len(text)):
        assert check(text[:cut], keyring).outcome is VerifyOutcome.UNREADABLE


def test_length_is_capped_before_parsing(new_pass: PassFactory, keyring: Keyring) -> None:
    text = new_pass().text
    padded = text + "A" * (MAX_SCAN_CHARS + 1 - len(text))
    verdict = check(padded, keyring)
    assert verdict.outcome is VerifyOutcome.UNREADABLE and verdict.detail == "too long"


def test_outcome_enums_share_values() -> None:
    assert {o.value for o in CheckinOutcome} == {
        "accepted",
        "already_checked_in",
        "not_valid_today",
        "wrong_hall",
        "revoked",
        "forged",
        "unreadable",
    }
    for outcome in VerifyOutcome:
        if outcome is not VerifyOutcome.VALID:
            assert outcome.as_checkin_outcome() == CheckinOutcome(outcome.value)


def test_individual_pass(new_pass: PassFactory, keyring: Keyring) -> None:
    verdict = check(new_pass(kind=PassKind.INDIVIDUAL, headcount=1).text, keyring)
    assert verdict.is_valid and verdict.claims is not None and verdict.claims.kind is PassKind.INDIVIDUAL
