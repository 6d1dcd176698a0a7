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
from kiosk.hub.ingest import check_batch, insert_facts
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
"""The push body's schema for the OpenAPI page (the body is read by :func:`push_facts`, not by pydantic)."""


async def push_facts(request: Request) -> Any:
    """The push body's ``facts``, parsed but not modelled (422 when it is not JSON or has none).

    :func:`kiosk.hub.ingest.check_batch` checks every row against its table anyway; a pydantic
    model of ``dict[str, list[dict[str, Any]]]`` on top cost a tenth of the hub's time per batch.
    """
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError) as exc:
        raise HTTPException(422, detail="请求体不是有效的 JSON") from exc
    if not isinstance(body, dict) or "facts" not in body:
        raise HTTPException(422, detail="请求体应为 {\"facts\": {表名: [记录, …]}}")
    return body["facts"]


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
    facts: Any = Depends(push_facts),
    session: Session = SESSION,
    settings: HubSettings = Depends(get_settings),
) -> Any:
    """Insert a batch of this device's facts (idempotent by fact id); all or nothing."""
    try:
        batch = check_batch(facts, hall_id=device.hall_id, device_ids=device.fact_device_ids,
                            max_rows=settings.max_batch_rows)
    except HubError as exc:
        raise _refuse(exc) from exc
    done = insert_facts(session, batch)
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
