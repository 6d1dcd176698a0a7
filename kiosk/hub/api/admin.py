"""The district's API (admin token): halls, enrolment codes, devices."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Security
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kiosk.clock import Clock
import uuid
from datetime import date

from kiosk.hub import district, reference
from kiosk.hub.deps import AdminAuth, get_clock, SESSION, get_settings, require_admin
from kiosk.hub.settings import HubSettings

router = APIRouter(prefix="/api/admin", tags=["admin"])


class HallIn(BaseModel):
    id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=128)


class CodeIn(BaseModel):
    hall_id: str = Field(min_length=1, max_length=64)
    label: str = Field(default="", max_length=128)


def _refuse(exc: district.HubError) -> HTTPException:
    return HTTPException(exc.status, detail=str(exc))


@router.get("/halls")
def halls(_admin: AdminAuth = Security(require_admin), session: Session = SESSION) -> list[dict[str, str]]:
    return [{"id": h.id, "name": h.name} for h in district.list_halls(session)]


@router.post("/halls", status_code=201)
def add_hall(body: HallIn, _admin: AdminAuth = Security(require_admin), session: Session = SESSION,
             clock: Clock = Depends(get_clock)) -> dict[str, str]:
    try:
        hall = district.add_hall(session, body.id, body.name, clock.now())
    except district.HubError as exc:
        raise _refuse(exc) from exc
    return {"id": hall.id, "name": hall.name}


@router.post("/enrolment-codes", status_code=201)
def enrolment_code(body: CodeIn, _admin: AdminAuth = Security(require_admin), session: Session = SESSION,
                   clock: Clock = Depends(get_clock), settings: HubSettings = Depends(get_settings)) -> dict[str, str]:
    try:
        code = district.new_enrolment(session, body.hall_id, body.label, clock.now(), settings.enrolment_code_minutes)
    except district.HubError as exc:
        raise _refuse(exc) from exc
    return {"code": code}


@router.get("/devices")
def devices(hall: str | None = None, _admin: AdminAuth = Security(require_admin),
            session: Session = SESSION) -> list[dict[str, Any]]:
    return [{"device_id": d.device_id, "hall_id": d.hall_id, "label": d.label,
             "enrolled_at": d.enrolled_at.isoformat(), "revoked": d.revoked_at is not None}
            for d in district.list_devices(session, hall)]


@router.post("/devices/{device_id}/revoke")
def revoke(device_id: str, _admin: AdminAuth = Security(require_admin), session: Session = SESSION,
           clock: Clock = Depends(get_clock)) -> dict[str, str]:
    try:
        district.revoke_device(session, device_id, clock.now())
    except district.HubError as exc:
        raise _refuse(exc) from exc
    return {"device_id": device_id, "status": "revoked"}


class OrganisationIn(BaseModel):
    name: str = Field(min_length=1, max_length=128)
    kind: str = Field(min_length=1, max_length=16)


class BookingIn(BaseModel):
    organisation_id: uuid.UUID
    visit_date: date
    slot_start: str = Field(pattern=r"^\d\d:\d\d$")
    slot_end: str = Field(pattern=r"^\d\d:\d\d$")
    headcount: int = Field(ge=1, le=10_000)
    purpose: str = Field(min_length=1, max_length=16)


@router.post("/halls/{hall_id}/organisations", status_code=201)
def add_organisation(hall_id: str, body: OrganisationIn, _admin: AdminAuth = Security(require_admin),
                     session: Session = SESSION, clock: Clock = Depends(get_clock)) -> dict[str, Any]:
    try:
        org = reference.add_organisation(session, hall_id, body.name, body.kind, clock.now())
    except district.HubError as exc:
        raise _refuse(exc) from exc
    return {"id": str(org.id), "name": org.name, "hub_seq": org.hub_seq}


@router.post("/halls/{hall_id}/bookings", status_code=201)
def add_booking(hall_id: str, body: BookingIn, _admin: AdminAuth = Security(require_admin),
                session: Session = SESSION, clock: Clock = Depends(get_clock)) -> dict[str, Any]:
    try:
        booking = reference.add_booking(session, hall_id, body.organisation_id, body.visit_date,
                                        (body.slot_start, body.slot_end), body.headcount, body.purpose, clock.now())
        text = reference.pass_text(session, booking)
    except district.HubError as exc:
        raise _refuse(exc) from exc
    return {"id": str(booking.id), "pass_id": str(booking.pass_id), "hub_seq": booking.hub_seq, "pass": text}


@router.post("/halls/{hall_id}/bookings/{booking_id}/cancel")
def cancel_booking(hall_id: str, booking_id: uuid.UUID, _admin: AdminAuth = Security(require_admin),
                   session: Session = SESSION, clock: Clock = Depends(get_clock)) -> dict[str, Any]:
    try:
        booking = reference.cancel_booking(session, hall_id, booking_id, clock.now())
    except district.HubError as exc:
        raise _refuse(exc) from exc
    return {"id": str(booking.id), "cancelled": True}
