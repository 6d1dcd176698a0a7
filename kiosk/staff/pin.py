"""The staff PIN: stored as a scrypt hash, 5 wrong tries lock the gate for 5 minutes.

The hash and the lockout deadline live in ``local_settings`` so a restart does not reset a lockout;
every try is also a fact (``staff_events``) for the hall's audit.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.clock import Clock
from kiosk.store.db import Database
from kiosk.store.facts import FactWriter
from kiosk.store.models import LocalSetting, StaffEvent

MAX_TRIES = 5
LOCKOUT = timedelta(minutes=5)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_HASH_KEY, _FAILS_KEY, _LOCKED_KEY = "staff_pin_hash", "staff_pin_failures", "staff_pin_locked_until"


class PinError(ValueError):
    """A PIN that cannot be set (too short, not digits); message in Chinese."""


class PinOutcome(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_SET = "not_set"


@dataclass(frozen=True)
class PinResult:
    outcome: PinOutcome
    tries_left: int = MAX_TRIES
    locked_until: datetime | None = None

    @property
    def message(self) -> str:
        if self.outcome is PinOutcome.WRONG:
            return f"密码错误，还可以尝试 {self.tries_left} 次"
        if self.outcome is PinOutcome.LOCKED:
            return "密码错误次数过多，请 5 分钟后再试"
        if self.outcome is PinOutcome.NOT_SET:
            return "尚未设置管理员密码：请在本机运行 kiosk staff set-pin"
        return ""


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, dklen=32, **_SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def _matches(pin: str, stored: str) -> bool:
    try:
        scheme, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = base64.b64decode(digest_b64)
    actual = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt_b64), dklen=32, **_SCRYPT)
    return hmac.compare_digest(expected, actual)


class PinGate:
    """Checks PINs against the stored hash and enforces the lockout."""

    def __init__(self, db: Database, facts: FactWriter, clock: Clock) -> None:
        self.db = db
        self.facts = facts
        self.clock = clock

    def _get(self, key: str) -> str | None:
        with self.db.transaction() as session:
            row = session.get(LocalSetting, key)
            return row.value if row else None

    def _put(self, **values: str) -> None:
        with self.db.transaction() as session:
            for key, value in values.items():
                session.merge(LocalSetting(key=key, value=value))

    @property
    def is_set(self) -> bool:
        return self._get(_HASH_KEY) is not None

    def set_pin(self, pin: str) -> None:
        """Store a new PIN (4–12 digits) and clear any lockout."""
        if not pin.isdigit() or not 4 <= len(pin) <= 12 or not pin.isascii():
            raise PinError("管理员密码应为 4 到 12 位数字")
        self._put(**{_HASH_KEY: hash_pin(pin), _FAILS_KEY: "0", _LOCKED_KEY: ""})
        self.facts.add(StaffEvent(kind="pin_set", detail=""))

    def locked_until(self) -> datetime | None:
        raw = self._get(_LOCKED_KEY)
        if not raw:
            return None
        until = datetime.fromisoformat(raw)
        return until if until > self.clock.now() else None

    def check(self, pin: str) -> PinResult:
        """Try ``pin``; wrong tries count down to a 5-minute lockout.

        The count is read and written in one write-locked transaction (``BEGIN IMMEDIATE`` on
        SQLite, ``FOR UPDATE`` on PostgreSQL): two processes guessing at once share exactly
        MAX_TRIES tries; a read-then-write in two transactions let both read the same count.
        The slow scrypt comparison runs before the lock is taken, so a guess never holds it long.
        """
        stored = self._get(_HASH_KEY)
        if stored is None:
            return PinResult(PinOutcome.NOT_SET)
        if self.locked_until() is not None:  # cheap refusal without the hash work
            return PinResult(PinOutcome.LOCKED, 0, self.locked_until())
        matches = _matches(pin, stored)
        now = self.clock.now()
        with self.db.transaction(immediate=True) as session:
            locked = session.get(LocalSetting, _LOCKED_KEY, with_for_update=True)
            if locked is not None and locked.value and datetime.fromisoformat(locked.value) > now:
                return PinResult(PinOutcome.LOCKED, 0, datetime.fromisoformat(locked.value))
            row = session.get(LocalSetting, _FAILS_KEY, with_for_update=True)
            if matches:
                session.merge(LocalSetting(key=_FAILS_KEY, value="0"))
                session.merge(LocalSetting(key=_LOCKED_KEY, value=""))
                result = PinResult(PinOutcome.OK)
                failures = 0
            else:
                failures = int(row.value if row is not None and row.value.isdigit() else "0") + 1
                if failures >= MAX_TRIES:
                    until = now + LOCKOUT
                    session.merge(LocalSetting(key=_FAILS_KEY, value="0"))
                    session.merge(LocalSetting(key=_LOCKED_KEY, value=until.isoformat()))
                    result = PinResult(PinOutcome.LOCKED, 0, until)
                else:
                    session.merge(LocalSetting(key=_FAILS_KEY, value=str(failures)))
                    result = PinResult(PinOutcome.WRONG, MAX_TRIES - failures)
        self.facts.add(StaffEvent(kind="pin_ok" if matches else "pin_wrong", detail="" if matches else str(failures)))
        return result
