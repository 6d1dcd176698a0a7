"""The signed result card a visitor takes away (printed or as a QR code).

Text form, colon-separated so it stays compact and QR-friendly::

    HK1:<score>:<total>:<mode code>:<YYYYMMDD>:<hall id>:<signature, base64url without padding>

The signature covers everything before the last colon and is made by an injected
``sign(bytes) -> bytes`` (the lead supplies Ed25519); ``decode_card`` checks it with the
injected ``verify(bytes, signature) -> bool``, so any edit to the text is detected.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from quiz.session.records import Mode, ResultSummary

VERSION = "HK1"
MODE_CODES: dict[Mode, str] = {Mode.PRACTICE: "P", Mode.CHALLENGE: "C", Mode.DAILY: "D", Mode.CONTEST: "G"}
_CODE_MODES = {code: mode for mode, code in MODE_CODES.items()}
_HALL_ID = re.compile(r"^[a-z0-9-]{1,64}$")
_NUMBER = re.compile(r"^(0|[1-9][0-9]{0,6})$")

Signer = Callable[[bytes], bytes]
Verifier = Callable[[bytes, bytes], bool]


class CardError(ValueError):
    """A card that is malformed or whose signature does not match (message in Chinese)."""


@dataclass(frozen=True, slots=True)
class ResultCard:
    score: int
    total: int
    mode: Mode
    day: dt.date
    hall_id: str

    def __post_init__(self) -> None:
        if not _HALL_ID.match(self.hall_id):
            raise ValueError("展馆 id 只能包含小写字母、数字和 -")
        if self.score < 0 or self.total < 0 or self.score > 9_999_999 or self.total > 9_999_999:
            raise ValueError("分数超出范围")

    def payload(self) -> bytes:
        """The signed bytes."""
        return (f"{VERSION}:{self.score}:{self.total}:{MODE_CODES[self.mode]}:"
                f"{self.day:%Y%m%d}:{self.hall_id}").encode("ascii")


def card_from_summary(summary: ResultSummary, day: dt.date, hall_id: str) -> ResultCard:
    return ResultCard(summary.score, summary.total, summary.mode, day, hall_id)


def encode_card(card: ResultCard, sign: Signer) -> str:
    signature = base64.urlsafe_b64encode(sign(card.payload())).rstrip(b"=").decode("ascii")
    return f"{card.payload().decode('ascii')}:{signature}"


def decode_card(text: str, verify: Verifier) -> ResultCard:
    """Parse and check a card; raises CardError if it is malformed or was tampered with."""
    payload_text, sep, signature_text = text.strip().rpartition(":")
    if not sep or not text.isascii():
        raise CardError("不是答题结果卡")
    try:
        signature = base64.urlsafe_b64decode(signature_text + "=" * (-len(signature_text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise CardError("签名格式不正确") from exc
    parts = payload_text.split(":")
    if len(parts) != 6 or parts[0] != VERSION:
        raise CardError("不是本系统的答题结果卡（或版本不支持）")
    _, score, total, code, day, hall = parts
    if not (_NUMBER.match(score) and _NUMBER.match(total)) or code not in _CODE_MODES or not _HALL_ID.match(hall):
        raise CardError("答题结果卡内容格式不正确")
    try:
        date = dt.datetime.strptime(day, "%Y%m%d").date()
    except ValueError as exc:
        raise CardError("答题结果卡的日期不正确") from exc
    if not verify(payload_text.encode("ascii"), signature):
        raise CardError("签名不符：答题结果卡已被改动")
    card = ResultCard(int(score), int(total), _CODE_MODES[code], date, hall)
    if card.payload().decode("ascii") != payload_text:
        raise CardError("答题结果卡内容格式不正确")
    return card
