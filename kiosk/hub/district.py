"""The district's registry on the hub: admins, halls, enrolment codes, devices (the CLI and API call it).

Raises HubError with a Chinese sentence for every refusal; nothing is written then.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.hub.tokens import new_enrolment_code, new_token, normalise_code, token_hash
from kiosk.passes.keys import SigningKey
from kiosk.store.hub_models import EnrolmentCode, Hall, HallKey, HubAdmin, HubDevice

HALL_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")


class HubError(ValueError):
    """A refused hub request (message in Chinese); ``status`` is the HTTP status it maps to."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Enrolled:
    device_id: str
    hall_id: str
    hall_name: str
    token: str


def add_admin(session: Session, name: str, now: datetime) -> str:
    """Create an administrator and return their token (shown once, stored hashed)."""
    if session.scalars(select(HubAdmin).where(HubAdmin.name == name)).first() is not None:
        raise HubError(f"管理员“{name}”已存在。", 409)
    token = new_token()
    session.add(HubAdmin(id=uuid.uuid4(), name=name, token_hash=token_hash(token), created_at=now))
    return token


def has_admin(session: Session) -> bool:
    return session.scalars(select(HubAdmin.id).limit(1)).first() is not None


def add_hall(session: Session, hall_id: str, name: str, now: datetime) -> Hall:
    """Register a hall and give it a pass-signing key (so bookings made on the hub get signed passes)."""
    if not HALL_ID_PATTERN.match(hall_id):
        raise HubError(f"展馆编号“{hall_id}”无效：只能用字母、数字和“-”，最多 64 个字符。", 422)
    if not name.strip():
        raise HubError("展馆名称不能为空。", 422)
    if session.get(Hall, hall_id) is not None:
        raise HubError(f"展馆 {hall_id} 已存在。", 409)
    hall = Hall(id=hall_id, name=name.strip(), created_at=now)
    key = SigningKey.generate()
    session.add(hall)
    session.add(HallKey(hall_id=hall_id, key_id=key.key_id, private_pem=key.to_pem().decode("ascii"), created_at=now))
    return hall


def hall_signing_key(session: Session, hall_id: str) -> SigningKey:
    row = session.scalars(select(HallKey).where(HallKey.hall_id == hall_id, HallKey.retired_at.is_(None))
                          .order_by(HallKey.created_at.desc())).first()
    if row is None:
        raise HubError(f"展馆 {hall_id} 没有签名密钥。", 404)
    return SigningKey.from_pem(row.private_pem.encode("ascii"))


def hall_keyring_text(session: Session, hall_id: str) -> str:
    """The hall's public keyring (every key not retired), as kiosks keep it in keyring.txt."""
    from kiosk.passes.keys import Keyring

    rows = session.scalars(select(HallKey).where(HallKey.hall_id == hall_id, HallKey.retired_at.is_(None))).all()
    keys = [SigningKey.from_pem(r.private_pem.encode("ascii")) for r in rows]
    return Keyring.of(k.private_key.public_key() for k in keys).to_text() if keys else ""


def list_halls(session: Session) -> list[Hall]:
    return list(session.scalars(select(Hall).order_by(Hall.id)))


def new_enrolment(session: Session, hall_id: str, label: str, now: datetime, minutes: int) -> str:
    """A one-time code for one new kiosk of ``hall_id``, valid ``minutes`` minutes."""
    if session.get(Hall, hall_id) is None:
        raise HubError(f"没有展馆 {hall_id}：请先运行 kiosk hub add-hall。", 404)
    code = new_enrolment_code()
    session.add(EnrolmentCode(code_hash=token_hash(normalise_code(code)), hall_id=hall_id, label=label,
                              created_at=now, expires_at=now + timedelta(minutes=minutes)))
    return code


def enrol(session: Session, *, code: str, device_id: str, label: str, aliases: list[str], public_key: str,
          now: datetime) -> Enrolled:
    """Trade a one-time code for a device token; the device's UUID and older fact ids are bound to it."""
    row = session.get(EnrolmentCode, token_hash(normalise_code(code)), with_for_update=True)
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise HubError("登记码无效、已用过或已过期：请在中心重新生成（kiosk hub add-device）。", 401)
    done = register_device(session, hall_id=row.hall_id, device_id=device_id, label=label or row.label,
                           aliases=aliases, public_key=public_key, now=now)
    row.used_at, row.device_id = now, device_id
    return done


def register_device(session: Session, *, hall_id: str, device_id: str, label: str, aliases: list[str],
                    public_key: str, now: datetime) -> Enrolled:
    """Register a device of ``hall_id`` and give it a token: what online enrolment (a code) and
    offline enrolment (a signed request on a USB stick, ``kiosk.hub.offline_enrolment``) share."""
    hall = session.get(Hall, hall_id)
    if hall is None:
        raise HubError(f"没有展馆 {hall_id}：请先运行 kiosk hub add-hall。", 404)
    existing = session.get(HubDevice, device_id)
    if existing is not None and existing.revoked_at is None:
        raise HubError(f"设备 {device_id} 已登记：同一编号不能登记两次（是否从同一磁盘镜像克隆？）。", 409)
    claimed = set(aliases) - {device_id}
    for other in session.scalars(select(HubDevice).where(HubDevice.revoked_at.is_(None))):
        taken = claimed & (set(json.loads(other.aliases or "[]")) | {other.device_id})
        if taken:
            raise HubError(f"旧设备编号 {', '.join(sorted(taken))} 已属于另一台设备 {other.device_id}。", 409)
    token = new_token()
    if existing is not None:
        session.delete(existing)
        session.flush()
    session.add(HubDevice(device_id=device_id, hall_id=hall_id, label=label, token_hash=token_hash(token),
                          aliases=json.dumps(sorted(claimed)), public_key=public_key, enrolled_at=now))
    return Enrolled(device_id, hall_id, hall.name, token)


def revoke_device(session: Session, device_id: str, now: datetime) -> HubDevice:
    device = session.get(HubDevice, device_id)
    if device is None:
        raise HubError(f"没有设备 {device_id}。", 404)
    if device.revoked_at is None:
        device.revoked_at = now
    return device


def list_devices(session: Session, hall_id: str | None = None) -> list[HubDevice]:
    query = select(HubDevice).order_by(HubDevice.hall_id, HubDevice.enrolled_at)
    if hall_id:
        query = query.where(HubDevice.hall_id == hall_id)
    return list(session.scalars(query))
