"""USB bundles on the kiosk: export the waiting facts, import a hub bundle (reference data and the
ids the hub has acknowledged). Exported facts keep waiting until an acknowledgement comes back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.passes.keys import KEYRING_FILE, KeyringError, load_keyring_file
from kiosk.sync.bundle_format import BundleError, ed25519_signer, read_bundle, write_bundle
from kiosk.sync.identity import SyncError
from kiosk.sync.outbox import acknowledge_ids, next_batch
from kiosk.sync.pull_apply import apply_pull
from kiosk.sync.service import SyncService

EXPORT_ALL = 10**9


@dataclass(frozen=True)
class Imported:
    rows: int
    acknowledged: int


def export_facts(sync: SyncService, out: Path) -> int:
    """Write every waiting fact into ``out``, signed with this device's key; returns the count."""
    with sync.db.transaction() as session:
        batch = next_batch(session, max_rows=EXPORT_ALL, max_bytes=EXPORT_ALL)
    count = sum(len(rows) for rows in batch.facts.values())
    header = {"kind": "facts", "hall_id": sync.hall_id, "device_id": sync.device_id,
              "created_at": sync.clock.now().isoformat(), "count": count}
    write_bundle(out, header, {"facts": batch.facts}, ed25519_signer(sync.device_key()))
    return count


def import_hub_bundle(sync: SyncService, path: Path) -> Imported:
    """Apply a hub bundle of this hall in one transaction; nothing of a bad bundle is kept."""
    try:
        keyring = load_keyring_file(sync.keys_dir / KEYRING_FILE)
    except (OSError, KeyringError) as exc:
        raise BundleError("本机没有本馆的公钥环（keyring.txt），无法核验中心数据包：请先从管理电脑拷入公钥环。") from exc

    def verifier(header: dict[str, Any]) -> Any:
        key_id = str(header.get("key_id", ""))
        return lambda signature, data: keyring.verify(key_id, signature, data)

    header, payload = read_bundle(path, verifier)
    if header.get("kind") != "hub" or header.get("hall_id") != sync.hall_id:
        raise BundleError(f"{path.name} 不是本馆（{sync.hall_id}）的中心数据包，未导入任何数据。")
    acked = payload.get("acked", {})
    ids: list[uuid.UUID] = []
    try:
        for values in acked.values():
            ids.extend(uuid.UUID(str(v)) for v in values)
    except (AttributeError, TypeError, ValueError) as exc:
        raise BundleError(f"{path.name} 的内容损坏，未导入任何数据。") from exc
    try:
        with sync.db.transaction(immediate=True) as session:
            applied = apply_pull(session, payload["reference"], hall_id=sync.hall_id, now=sync.clock.now())
            done = acknowledge_ids(session, ids)
    except (SyncError, KeyError, TypeError) as exc:
        raise BundleError(f"{path.name} 的内容有误（{exc}），未导入任何数据。") from exc
    return Imported(applied.rows, done)
