"""USB bundles on the hub: ingest a kiosk's facts bundle (the push's checks and idempotency), and
write a hall's bundle (its reference data and the fact ids the hub holds from its devices)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.hub.district import HubError, hall_signing_key
from kiosk.hub.ingest import Ingested, check_batch, insert_facts
from kiosk.hub.pull import changes_since
from kiosk.store.hub_models import Hall, HubDevice
from kiosk.sync.bundle_format import BundleError, ed25519_verifier, read_bundle, write_bundle
from kiosk.sync.wire import fact_tables

NO_LIMIT = 10**9


def import_facts_bundle(session: Session, path: Path, *, max_rows: int = NO_LIMIT) -> Ingested:
    """Verify a kiosk's bundle with its device's key and insert its facts (all or nothing)."""
    devices: dict[str, HubDevice] = {}

    def verifier(header: dict[str, Any]) -> Any:
        device = session.get(HubDevice, str(header.get("device_id", "")))
        if device is None or device.revoked_at is not None or not device.public_key:
            raise BundleError(f"数据包来自未登记或已吊销的设备 {header.get('device_id')}，未导入任何数据。")
        devices["it"] = device
        return ed25519_verifier(device.public_key)

    header, payload = read_bundle(path, verifier)
    device = devices["it"]
    if header.get("kind") != "facts" or header.get("hall_id") != device.hall_id:
        raise BundleError(f"{path.name} 不是设备 {device.device_id} 所属展馆的记录数据包，未导入任何数据。")
    ids = frozenset(json.loads(device.aliases or "[]")) | {device.device_id}
    try:
        batch = check_batch(payload.get("facts"), hall_id=device.hall_id, device_ids=ids, max_rows=max_rows)
    except HubError as exc:
        raise BundleError(f"{path.name}：{exc}，未导入任何数据。") from exc
    return insert_facts(session, batch)


def export_hall_bundle(session: Session, hall_id: str, out: Path, *, now: datetime, days: int = 90) -> dict[str, int]:
    """Write ``hall_id``'s reference data and the ids of its facts of the last ``days`` days."""
    if session.get(Hall, hall_id) is None:
        raise HubError(f"没有展馆 {hall_id}。", 404)
    reference = changes_since(session, hall_id, 0, now=now, exclude_devices=frozenset(), limit=NO_LIMIT)
    reference["checkins_today"] = []
    since = now - timedelta(days=days)
    acked: dict[str, list[str]] = {}
    for name, table in fact_tables().items():
        ids = session.execute(select(table.c.id).where(table.c.hall_id == hall_id, table.c.recorded_at >= since)).scalars()
        acked[name] = [str(i) for i in ids]
    key = hall_signing_key(session, hall_id)
    header = {"kind": "hub", "hall_id": hall_id, "created_at": now.isoformat(), "key_id": key.key_id,
              "seq": reference["seq"]}
    write_bundle(out, header, {"reference": reference, "acked": acked}, key.sign)
    return {"reference": sum(len(v) for v in reference.values() if isinstance(v, list)),
            "acked": sum(len(v) for v in acked.values())}
