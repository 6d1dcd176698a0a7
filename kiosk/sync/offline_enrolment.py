"""Offline enrolment on the kiosk: write the request to a USB stick, import the hub's enrolment file.

The file is trusted by the hall key that signed it: the keyring this kiosk already holds
(``keyring.txt`` in its keys folder), or, on a kiosk with no keyring yet, the key whose id staff
typed (``hall_key``, printed by the hub). The hall keyring in the file then becomes this kiosk's,
as a pull's keyring does.
The token is stored exactly as online enrolment stores it (``SyncService.store_enrolment``).

Importing the same file twice changes nothing and says so (a repeated step is harmless). A file
with another token while this kiosk already holds one is refused unless ``replace`` (after the
hub revoked and re-registered the device): an old file must not overwrite a working token.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.passes.keys import KEYRING_FILE, Keyring, KeyringError, load_keyring, load_keyring_file
from kiosk.sync.bundle_format import BundleError
from kiosk.sync.enrolment_file import ENROLMENT, EnrolmentRequest, read_enrolment, write_request
from kiosk.sync.identity import fact_device_aliases
from kiosk.sync.sealed import SealError, unseal
from kiosk.sync.service import SyncService


@dataclass(frozen=True)
class ImportedEnrolment:
    hall_id: str
    hall_name: str
    hub_url: str | None
    again: bool
    """The same enrolment was imported before: nothing changed."""


def write_enrolment_request(sync: SyncService, out: Path) -> None:
    """This device's enrolment request (signed with its key) for the hub's staff."""
    request = EnrolmentRequest(device_id=sync.device_id, label=sync.label,
                               aliases=fact_device_aliases(sync.db, sync.device_id), hall_id=sync.hall_id,
                               public_key=sync.device_public_key(), created_at=sync.clock.now().isoformat())
    write_request(out, request, sync.device_key().sign)


def trusts_hall_keyring(sync: SyncService) -> bool:
    """Whether this kiosk holds a hall keyring to verify an enrolment file (else a key id is needed)."""
    return _local_keyring(sync) is not None


def _local_keyring(sync: SyncService) -> Keyring | None:
    path = sync.keys_dir / KEYRING_FILE
    if not path.exists():
        return None
    try:
        return load_keyring_file(path)
    except (OSError, KeyringError):
        return None


def import_enrolment(sync: SyncService, path: Path, *, hall_key: str | None = None, hub_url: str | None = None,
                     replace: bool = False) -> ImportedEnrolment:
    """Verify ``path`` (hall signature, this device and hall), open its token and store it.

    Raises BundleError with a Chinese sentence; nothing is written then.
    """
    local = _local_keyring(sync)
    wanted = (hall_key or "").strip().upper()

    def verifier(header: dict[str, Any]) -> Any:
        key_id = str(header.get("key_id", ""))
        if local is not None:
            if wanted and wanted != key_id:
                raise BundleError(f"{path.name} 由本馆密钥 {key_id} 签名，不是您核对的 {wanted}，未导入任何数据。")
            return lambda signature, data: local.verify(key_id, signature, data)
        if not wanted:
            raise BundleError("本机还没有本馆的公钥环（keyring.txt），无法核验接入文件：请加上 --hall-key 本馆密钥编号"
                              "（中心登记时显示），或先从管理电脑拷入公钥环。")
        if key_id != wanted:
            raise BundleError(f"{path.name} 由密钥 {key_id} 签名，不是您核对的本馆密钥 {wanted}，未导入任何数据。")
        try:
            carried = load_keyring(str(header.get("keyring", "")))
        except KeyringError as exc:
            raise BundleError(f"{path.name} 中的本馆公钥环损坏，未导入任何数据。") from exc
        return lambda signature, data: carried.verify(key_id, signature, data)

    enrolment = read_enrolment(path, verifier)
    if enrolment.hall_id != sync.hall_id:
        raise BundleError(f"{path.name} 是展馆“{enrolment.hall_id}”的{ENROLMENT}，本机设置的本馆编号是“{sync.hall_id}”："
                          "未导入任何数据。")
    if enrolment.device_id != sync.device_id:
        raise BundleError(f"{path.name} 是另一台终端（{enrolment.device_id}）的{ENROLMENT}，不是本机"
                          f"（{sync.device_id}）的：未导入任何数据。")
    if not sync.has_device_key():  # device_key() would make one: a refusal writes nothing
        raise BundleError(f"本机还没有设备密钥，{path.name} 不可能是写给本机的：请先写出接入申请"
                          "（kiosk sync enrol --request-out）。")
    try:
        token = unseal(sync.device_key(), enrolment.sealed_token).decode("ascii")
    except (SealError, UnicodeDecodeError) as exc:
        raise BundleError(f"{path.name} 中的令牌无法用本机密钥解开（不是写给本机的，或本机密钥已更换）："
                          "未导入任何数据。请在终端上重新写出接入申请。") from exc
    new_hub = (hub_url or enrolment.hub_url or "").strip() or None
    held = sync.token_path.read_text(encoding="ascii").strip() if sync.token_path.exists() else None
    if held == token and (new_hub is None or new_hub.rstrip("/") == sync.hub_url()):
        return ImportedEnrolment(enrolment.hall_id, enrolment.hall_name, sync.hub_url(), again=True)
    if held is not None and held != token and not replace:
        raise BundleError(f"本机已有令牌（已登记过）：{path.name} 是另一次登记的{ENROLMENT}，未导入。"
                          "若中心已吊销本机并重新登记，请加 --replace 再导入。")
    sync.store_enrolment(token, new_hub)
    sync.write_keyring(enrolment.keyring)  # signed by a key this kiosk trusts, as a pull's keyring is
    return ImportedEnrolment(enrolment.hall_id, enrolment.hall_name, sync.hub_url(), again=False)
