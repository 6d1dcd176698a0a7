"""The two files of offline enrolment, in the USB bundle's format (``bundle_format``).

* The **request** (kiosk → hub) says who the device is — id, label, older device ids of its
  facts (aliases), hall, public key — and is signed with that key: the hub learns the key and
  that whoever wrote the request holds its private half.
* The **enrolment** (hub → kiosk) is what online enrolment's reply carries — hall, hall name,
  the token — plus the hall's keyring and the hub's address if it has one, signed with the hall's
  key. The token is sealed to the device's key (``kiosk.sync.sealed``): a lost stick gives no
  one the right to push as that kiosk.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.sync.bundle_format import BundleError, ed25519_verifier, read_bundle, write_bundle

REQUEST_KIND = "enrolment-request"
ENROLMENT_KIND = "enrolment"
REQUEST = "接入申请"
ENROLMENT = "接入文件"
MAX_ALIASES = 64  # the online enrolment's limits (kiosk.hub.api.sync.EnrolRequest)


@dataclass(frozen=True)
class EnrolmentRequest:
    device_id: str
    label: str
    aliases: list[str]
    hall_id: str
    public_key: str
    """Raw Ed25519 public key, base64 (as online enrolment sends it)."""
    created_at: str


@dataclass(frozen=True)
class Enrolment:
    device_id: str
    hall_id: str
    hall_name: str
    key_id: str
    keyring: str
    hub_url: str
    sealed_token: bytes
    created_at: str


def write_request(path: Path, request: EnrolmentRequest, sign: Callable[[bytes], bytes]) -> None:
    header = {"kind": REQUEST_KIND, "device_id": request.device_id, "hall_id": request.hall_id,
              "public_key": request.public_key, "created_at": request.created_at}
    write_bundle(path, header, {"label": request.label, "aliases": request.aliases}, sign)


def _kind(path: Path, header: dict[str, Any], kind: str) -> None:
    """Refuse a bundle of another kind (a facts bundle handed in as a request…) before its signature."""
    if header.get("kind") != kind:
        what = REQUEST if kind == REQUEST_KIND else ENROLMENT
        origin = "终端用 kiosk sync enrol --request-out" if kind == REQUEST_KIND else "中心用 kiosk hub add-device --request"
        raise BundleError(f"{path.name} 不是{what}（应是{origin}写出的文件），未导入任何数据。")


def _text(value: Any, longest: int, *, empty: bool = False) -> str:
    if not isinstance(value, str) or len(value) > longest or (not value and not empty):
        raise TypeError(value)
    return value


def read_request(path: Path) -> EnrolmentRequest:
    """A request whose signature matches the public key it carries (BundleError otherwise)."""
    def verifier(h: dict[str, Any]) -> Callable[[bytes, bytes], bool]:
        _kind(path, h, REQUEST_KIND)
        return ed25519_verifier(str(h.get("public_key", "")))

    header, payload = read_bundle(path, verifier, what=REQUEST)
    try:
        aliases = payload.get("aliases", [])
        if not isinstance(aliases, list) or len(aliases) > MAX_ALIASES:
            raise TypeError(aliases)
        return EnrolmentRequest(
            device_id=_text(header.get("device_id"), 64), label=_text(payload.get("label", ""), 128, empty=True),
            aliases=[_text(a, 64) for a in aliases], hall_id=_text(header.get("hall_id"), 64),
            public_key=_text(header.get("public_key"), 200), created_at=str(header.get("created_at", "")))
    except TypeError as exc:
        raise BundleError(f"{path.name} 不是终端的{REQUEST}（kiosk sync enrol --request-out 写出的文件），"
                          "未导入任何数据。") from exc


def write_enrolment(path: Path, enrolment: Enrolment, sign: Callable[[bytes], bytes]) -> None:
    # The keyring rides in the (signed) header: a kiosk with no keyring yet picks the key from it.
    header = {"kind": ENROLMENT_KIND, "device_id": enrolment.device_id, "hall_id": enrolment.hall_id,
              "key_id": enrolment.key_id, "keyring": enrolment.keyring, "created_at": enrolment.created_at}
    payload = {"hall_name": enrolment.hall_name, "hub_url": enrolment.hub_url,
               "sealed_token": base64.b64encode(enrolment.sealed_token).decode("ascii")}
    write_bundle(path, header, payload, sign)


def read_enrolment(path: Path, verify: Callable[[dict[str, Any]], Callable[[bytes, bytes], bool]]) -> Enrolment:
    """An enrolment file whose hall signature ``verify(header)`` accepts (BundleError otherwise)."""
    def verifier(h: dict[str, Any]) -> Callable[[bytes, bytes], bool]:
        _kind(path, h, ENROLMENT_KIND)
        return verify(h)

    header, payload = read_bundle(path, verifier, what=ENROLMENT)
    try:
        return Enrolment(
            device_id=_text(header.get("device_id"), 64), hall_id=_text(header.get("hall_id"), 64),
            hall_name=_text(payload.get("hall_name", ""), 200, empty=True), key_id=_text(header.get("key_id"), 64),
            keyring=_text(header.get("keyring", ""), 100_000, empty=True),
            hub_url=_text(payload.get("hub_url", ""), 255, empty=True),
            sealed_token=base64.b64decode(_text(payload.get("sealed_token"), 1000), validate=True),
            created_at=str(header.get("created_at", "")))
    except (TypeError, binascii.Error) as exc:
        raise BundleError(f"{path.name} 不是中心写出的{ENROLMENT}（kiosk hub add-device --request 写出的文件），"
                          "未导入任何数据。") from exc
