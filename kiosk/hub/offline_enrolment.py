"""Offline enrolment on the hub: a kiosk's signed request in, a hall-signed enrolment file out.

The device is registered by the same ``register_device`` as online enrolment; staff running
``kiosk hub add-device --request`` on the hub's database is what a one-time code authorises online,
so no code is made. The reply carries what the online reply carries, the token sealed to the
device's key, and the hall's keyring (and the hub's address when staff give one).
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from kiosk.hub.district import Enrolled, HubError, hall_keyring_text, hall_signing_key, register_device
from kiosk.sync.enrolment_file import Enrolment, read_request, write_enrolment
from kiosk.sync.sealed import SealError, seal


def enrol_by_request(session: Session, hall_id: str, request_path: Path, out: Path, *, now: datetime,
                     hub_url: str = "", label: str = "") -> tuple[Enrolled, str]:
    """Register the requesting device in ``hall_id`` and write its enrolment file to ``out``.

    Returns the registration and the id of the hall key that signed the file (staff may read it
    out to the kiosk, which checks it when it has no keyring yet). Raises BundleError for a bad
    request file, HubError for a refusal; the caller commits only after ``out`` was written.
    """
    request = read_request(request_path)
    if request.hall_id != hall_id:
        raise HubError(f"{request_path.name} 是展馆“{request.hall_id}”的终端写出的，不是展馆“{hall_id}”的："
                       "请核对 --hall，或在终端上改正本馆编号后重新写出接入申请。", 409)
    try:
        public_raw = base64.b64decode(request.public_key, validate=True)
    except binascii.Error:
        public_raw = b""
    done = register_device(session, hall_id=hall_id, device_id=request.device_id, label=label or request.label,
                           aliases=request.aliases, public_key=request.public_key, now=now)
    try:
        sealed = seal(public_raw, done.token.encode("ascii"))
    except SealError as exc:  # unreachable for a request whose signature verified with this key
        raise HubError(f"{request_path.name} 中的设备公钥无效，未登记。", 422) from exc
    key = hall_signing_key(session, hall_id)
    write_enrolment(out, Enrolment(device_id=done.device_id, hall_id=hall_id, hall_name=done.hall_name,
                                   key_id=key.key_id, keyring=hall_keyring_text(session, hall_id),
                                   hub_url=hub_url.rstrip("/"), sealed_token=sealed, created_at=now.isoformat()),
                    key.sign)
    return done, key.key_id
