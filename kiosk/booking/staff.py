"""Staff accounts of the hub's pages: one hall's staff or a district admin; argon2 hashes, sessions, lockout.

Passwords are hashed with argon2id (argon2-cffi, the reference implementation's binding, with its
RFC 9106 low-memory defaults). A session is a random cookie token stored only as its SHA-256, with
its own CSRF token; it ends after ``SESSION_HOURS``. After ``MAX_FAILURES`` wrong passwords in a
row an account is locked for ``LOCK_MINUTES`` (the right password does not open it meanwhile).
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from kiosk.booking.errors import BookingError
from kiosk.booking.models import StaffAccount, StaffWebSession
from kiosk.clock import Clock
from kiosk.ids import new_fact_id
from kiosk.store.db import Database

MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 12
PASSWORD_MIN = 10
_USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
_HASHER = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against for unknown users, so they cost the same time as known ones.

    Made on first use, not at import: hashing is slow by design (≈0.3 s here) and every ``kiosk``
    command, ``kiosk run`` included, imports this module through the CLI (issue 13)."""
    return _HASHER.hash("not-a-password-of-anyone")


class LoginRefused(BookingError):
    """Wrong name or password, or a locked account (the message never says which name exists)."""


@dataclass(frozen=True)
class StaffUser:
    """A signed-in staff member: ``hall_id`` None is the district admin (every hall)."""

    id: uuid.UUID
    username: str
    hall_id: str | None
    csrf_token: str

    @property
    def is_admin(self) -> bool:
        return self.hall_id is None

    def halls(self) -> set[str] | None:
        """The halls this user manages (None: all)."""
        return None if self.hall_id is None else {self.hall_id}


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class StaffAccounts:
    """Creates accounts, signs staff in and out, and resolves a session cookie to its user."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def create(self, username: str, password: str, *, hall_id: str | None) -> uuid.UUID:
        """A new account (``hall_id`` None: district admin); BookingError for a taken name or a short password."""
        name = unicodedata.normalize("NFKC", username).strip().lower()
        if not _USERNAME_RE.fullmatch(name):
            raise BookingError("用户名只能用小写字母、数字和 . _ -，2 到 64 个字符。", field="username")
        if len(password) < PASSWORD_MIN:
            raise BookingError(f"密码至少 {PASSWORD_MIN} 个字符。", field="password")
        with self.db.transaction() as session:
            if session.scalars(select(StaffAccount).where(StaffAccount.username == name)).first() is not None:
                raise BookingError(f"用户名“{name}”已被使用。", field="username")
            account = StaffAccount(id=new_fact_id(), username=name, hall_id=hall_id,
                                   password_hash=_HASHER.hash(password), failed_logins=0,
                                   created_at=self.clock.now())
            session.add(account)
            return account.id

    def login(self, username: str, password: str) -> tuple[str, StaffUser]:
        """A new session token and its user; LoginRefused otherwise (a failure is counted first)."""
        name = unicodedata.normalize("NFKC", username or "").strip().lower()[:64]
        now = self.clock.now()
        refused = "用户名或密码不正确。"
        with self.db.transaction(immediate=True) as session:
            account = session.scalars(select(StaffAccount).where(StaffAccount.username == name)
                                      .with_for_update()).one_or_none()
            if account is None:
                try:
                    _HASHER.verify(_dummy_hash(), password or "")
                except VerificationError:
                    pass
                raise LoginRefused(refused, field="password")
            if account.locked_until is not None and account.locked_until > now:
                minutes = max(1, int((account.locked_until - now).total_seconds() // 60) + 1)
                raise LoginRefused(f"密码错误次数过多，账号已锁定，请 {minutes} 分钟后再试。", field="password")
            failure: str | None = None
            try:
                _HASHER.verify(account.password_hash, password or "")
            except (VerificationError, InvalidHashError):
                account.failed_logins += 1
                failure = refused
                if account.failed_logins >= MAX_FAILURES:
                    account.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                    account.failed_logins = 0
                    failure = f"密码错误次数过多，账号已锁定 {LOCK_MINUTES} 分钟。"
        if failure is not None:  # raised after the commit: the count and the lock must stay
            raise LoginRefused(failure, field="password")
        with self.db.transaction() as session:
            account = session.get(StaffAccount, account.id)
            assert account is not None
            account.failed_logins, account.locked_until = 0, None
            if _HASHER.check_needs_rehash(account.password_hash):
                account.password_hash = _HASHER.hash(password)
            token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            session.add(StaffWebSession(token_hash=_token_hash(token), account_id=account.id, csrf_token=csrf,
                                        created_at=now, expires_at=now + timedelta(hours=SESSION_HOURS)))
            return token, StaffUser(account.id, account.username, account.hall_id, csrf)

    def user_for(self, token: str | None) -> StaffUser | None:
        """The user of a live session cookie, or None."""
        if not token or len(token) > 100:
            return None
        with self.db.transaction() as session:
            row = session.execute(
                select(StaffWebSession, StaffAccount).join(StaffAccount, StaffAccount.id == StaffWebSession.account_id)
                .where(StaffWebSession.token_hash == _token_hash(token))
            ).one_or_none()
            if row is None or row[0].expires_at <= self.clock.now():
                return None
            web, account = row
            return StaffUser(account.id, account.username, account.hall_id, web.csrf_token)

    def logout(self, token: str | None) -> None:
        if token:
            with self.db.transaction() as session:
                session.execute(delete(StaffWebSession).where(StaffWebSession.token_hash == _token_hash(token)))
