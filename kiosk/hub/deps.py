"""FastAPI dependencies: one SQLAlchemy session per request, device and admin authentication.

Every kiosk route declares ``Security(require_device)``; every district route
``Security(require_admin)``. A missing, unknown or revoked token is 401 before the route runs,
so nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clock import Clock
from kiosk.hub.settings import HubSettings
from kiosk.hub.tokens import token_hash
from kiosk.store.db import Database
from kiosk.store.hub_models import HubAdmin, HubDevice

# The three getters below are ``async``: they only read app.state, and FastAPI runs a plain
# ``def`` dependency in the thread pool (a thread hop per getter per request, measured in
# bench/bench_sync.py's hub profile).

bearer = HTTPBearer(auto_error=False, description="设备令牌或管理员令牌")


async def get_database(request: Request) -> Database:
    return cast(Database, request.app.state.db)


async def get_settings(request: Request) -> HubSettings:
    return cast(HubSettings, request.app.state.settings)


async def get_clock(request: Request) -> Clock:
    return cast(Clock, request.app.state.clock)


def get_session(db: Database = Depends(get_database)) -> Iterator[Session]:
    """One session per request: committed when the route returns, rolled back when it raises."""
    with db.sessions.begin() as session:
        yield session


SESSION: Any = Depends(get_session, scope="function")
"""The request's session, committed *before* the response is sent (``scope="function"``).

FastAPI's default runs a yield dependency's exit after the response has gone out: a kiosk would
then record an acknowledgement for facts whose commit could still fail or be cut off by a crash
(a lost fact). Every route and auth dependency takes its session through this one object."""


@dataclass(frozen=True)
class DeviceAuth:
    """The enrolled kiosk a request comes from."""

    device_id: str
    hall_id: str
    fact_device_ids: frozenset[str] = field(default_factory=frozenset)
    """Device ids this kiosk's facts may carry: its UUID and the ids of facts made before it had one."""


@dataclass(frozen=True)
class AdminAuth:
    name: str


def _unauthorised(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def require_device(
    credentials: HTTPAuthorizationCredentials | None = Security(bearer),
    session: Session = SESSION,
) -> DeviceAuth:
    if credentials is None:
        raise _unauthorised("缺少设备令牌")
    device = session.scalars(select(HubDevice).where(HubDevice.token_hash == token_hash(credentials.credentials))).one_or_none()
    if device is None or device.revoked_at is not None:
        raise _unauthorised("设备令牌无效或已吊销")
    aliases = frozenset(json.loads(device.aliases or "[]"))
    return DeviceAuth(device.device_id, device.hall_id, aliases | {device.device_id})


def require_admin(
    credentials: HTTPAuthorizationCredentials | None = Security(bearer),
    session: Session = SESSION,
) -> AdminAuth:
    if credentials is None:
        raise _unauthorised("缺少管理员令牌")
    admin = session.scalars(select(HubAdmin).where(HubAdmin.token_hash == token_hash(credentials.credentials))).one_or_none()
    if admin is None:
        raise _unauthorised("管理员令牌无效")
    return AdminAuth(admin.name)
