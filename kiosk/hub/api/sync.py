"""The kiosks' API: enrol (code → token), push facts, pull reference data. Device token required
(except enrol, which the one-time code authorises)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Security
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kiosk.clock import Clock
from kiosk.hub.deps import DeviceAuth, get_clock, get_database, SESSION, get_settings, require_device
from kiosk.hub.district import HubError, enrol
from kiosk.hub.ingest import check_batch, check_owner, insert_facts
from kiosk.hub.push_decode import decode_push
from kiosk.hub.pull import changes_since
from kiosk.hub.settings import HubSettings
from kiosk.store.db import Database

router = APIRouter(prefix="/api/sync", tags=["sync"])


class EnrolRequest(BaseModel):
    code: str = Field(min_length=4, max_length=64)
    device_id: str = Field(min_length=1, max_length=64)
    label: str = Field(default="", max_length=128)
    aliases: list[str] = Field(default_factory=list, max_length=64)
    public_key: str = Field(default="", max_length=200)


class EnrolReply(BaseModel):
    device_id: str
    hall_id: str
    hall_name: str
    token: str


PUSH_BODY = {"content": {"application/json": {"schema": {
    "type": "object", "required": ["facts"],
    "properties": {"facts": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "object"}}}},
}}}, "required": True}
"""The push body's schema for the OpenAPI page (the body is read by :func:`push`, not by pydantic)."""


async def push_body(request: Request) -> bytes:
    """The push body's bytes (read here, decoded and checked by :func:`push`)."""
    return await request.body()


def _slow_facts(body: bytes) -> Any:
    """The body through the stdlib JSON parser, for a body msgspec refused (422 when it is not
    JSON or has no ``facts``)."""
    try:
        parsed = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise HubError("请求体不是有效的 JSON", 422) from exc
    if not isinstance(parsed, dict) or "facts" not in parsed:
        raise HubError("请求体应为 {\"facts\": {表名: [记录, …]}}", 422)
    return parsed["facts"]


class PushReply(BaseModel):
    received: int
    inserted: int


def _refuse(exc: HubError) -> HTTPException:
    return HTTPException(exc.status, detail=str(exc))


@router.post("/enrol", response_model=EnrolReply)
def enrol_device(body: EnrolRequest, session: Session = SESSION, clock: Clock = Depends(get_clock)) -> Any:
    try:
        done = enrol(session, code=body.code, device_id=body.device_id, label=body.label, aliases=body.aliases,
                     public_key=body.public_key, now=clock.now())
    except HubError as exc:
        raise _refuse(exc) from exc
    return EnrolReply(device_id=done.device_id, hall_id=done.hall_id, hall_name=done.hall_name, token=done.token)


@router.get("/whoami")
def whoami(device: DeviceAuth = Security(require_device)) -> dict[str, str]:
    return {"device_id": device.device_id, "hall_id": device.hall_id}


@router.post("/push", response_model=PushReply, openapi_extra={"requestBody": PUSH_BODY})
def push(
    device: DeviceAuth = Security(require_device),  # first: a request with no valid token is 401 unread
    body: bytes = Depends(push_body),
    session: Session = SESSION,
    settings: HubSettings = Depends(get_settings),
) -> Any:
    """Insert a batch of this device's facts (idempotent by fact id); all or nothing.

    msgspec decodes and checks the body in one pass (:mod:`kiosk.hub.push_decode`); a body it
    refuses is read again by the stdlib parser and :func:`check_batch`, which word the refusal.
    """
    hall, devices, most = device.hall_id, device.fact_device_ids, settings.max_batch_rows
    try:
        batch = decode_push(body)
        if batch is None:
            batch = check_batch(_slow_facts(body), hall_id=hall, device_ids=devices, max_rows=most)
        else:
            check_owner(batch, hall_id=hall, device_ids=devices, max_rows=most)
        done = insert_facts(session, batch)
    except HubError as exc:
        raise _refuse(exc) from exc
    return PushReply(received=done.received, inserted=done.inserted)


@router.get("/pull")
def pull(
    request: Request,
    since: int = Query(0, ge=0),
    device: DeviceAuth = Security(require_device),
    db: Database = Depends(get_database),
    clock: Clock = Depends(get_clock),
) -> dict[str, Any]:
    """The hall's reference data changed after ``since`` (one snapshot) and today's check-ins."""
    with db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
        with Session(connection) as session, session.begin():
            return changes_since(session, device.hall_id, since, now=clock.now(),
                                 exclude_devices=device.fact_device_ids)
