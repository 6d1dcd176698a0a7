"""Result cards: compact signed text; any tampering is detected."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from quiz.card import CardError, ResultCard, card_from_summary, decode_card, encode_card
from quiz.session import Mode, ResultSummary

KEY = b"test-key"
CARD = ResultCard(7, 10, Mode.DAILY, dt.date(2024, 7, 1), "demo-hall")


def hmac_sign(data: bytes) -> bytes:
    return hmac.new(KEY, data, hashlib.sha256).digest()


def hmac_verify(data: bytes, signature: bytes) -> bool:
    return hmac.compare_digest(hmac_sign(data), signature)


def test_text_form() -> None:
    text = encode_card(CARD, hmac_sign)
    assert text.startswith("HK1:7:10:D:20240701:demo-hall:")
    assert decode_card(text, hmac_verify) == CARD


def test_ed25519_as_the_lead_supplies_it() -> None:
    key = Ed25519PrivateKey.generate()
    public = key.public_key()

    def verify(data: bytes, signature: bytes) -> bool:
        try:
            public.verify(signature, data)
            return True
        except InvalidSignature:
            return False

    text = encode_card(CARD, key.sign)
    assert len(text) < 140
    assert decode_card(text, verify) == CARD
    with pytest.raises(CardError):
        decode_card(text.replace(":7:10:", ":9:10:"), verify)


@pytest.mark.parametrize("edit", [
    lambda t: t.replace(":7:10:", ":10:10:"),
    lambda t: t.replace(":D:", ":C:"),
    lambda t: t.replace("20240701", "20240702"),
    lambda t: t.replace("demo-hall", "demo-halm"),
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
])
def test_tampering_is_detected(edit: object) -> None:
    text = encode_card(CARD, hmac_sign)
    assert callable(edit)
    with pytest.raises(CardError, match="签名不符"):
        decode_card(edit(text), hmac_verify)


@pytest.mark.parametrize("text", ["", "hello", "HK2:7:10:D:20240701:demo-hall:AAAA", "HK1:7:10:X:20240701:h:AAAA",
                                  "HK1:-1:10:D:20240701:h:AAAA", "HK1:7:10:D:20241301:h:AAAA", "HK1:07:10:D:20240701:h:AAAA",
                                  "HK1:７:10:D:20240701:h:AAAA", "HK1:7:10:D:20240701:Demo Hall:AAAA"])
def test_malformed_cards(text: str) -> None:
    with pytest.raises(CardError):
        decode_card(text, hmac_verify)


def test_from_summary_and_validation() -> None:
    summary = ResultSummary(Mode.CHALLENGE, 5, 5, 5, 6, (), ())
    card = card_from_summary(summary, dt.date(2024, 1, 2), "hall-1")
    assert (card.score, card.total, card.mode) == (5, 6, Mode.CHALLENGE)
    with pytest.raises(ValueError):
        ResultCard(1, 1, Mode.DAILY, dt.date(2024, 1, 1), "Bad Hall")
