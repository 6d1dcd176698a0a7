"""USB bundles: kiosk facts → hub (same idempotency), hub reference data and acknowledgements →
kiosk; a tampered or truncated bundle is refused whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from kiosk.cli import main
from kiosk.hub.district import hall_keyring_text
from kiosk.hub.reference import add_organisation
from kiosk.passes.keys import KEYRING_FILE
from kiosk.store.visits_models import Organisation
from kiosk.sync.bundle import export_facts, import_hub_bundle
from kiosk.sync.bundle_format import BundleError
from tests.sync.conftest import HALL, enrolled_kiosk
from tests.sync.helpers import hub_fact_ids, kiosk_fact_ids, waiting, write_facts

pytestmark = pytest.mark.postgres


def _hub(args: list[str], url: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["hub", *args, "--db", url])
    return result.exit_code, result.output


def test_usb_round_trip_and_refusals(tmp_path: Path, content_dir, hub, hub_db, hub_db_url) -> None:
    kiosk = enrolled_kiosk(tmp_path, "k", content_dir, hub, hub_db)
    write_facts(kiosk, 40)
    stick = tmp_path / "stick"
    count = export_facts(kiosk.sync, stick / "k.bundle")
    assert count == 40 and waiting(kiosk) == 40  # still waiting until the hub's acknowledgement

    raw = (stick / "k.bundle").read_text(encoding="utf-8")
    (stick / "cut.bundle").write_text(raw[: len(raw) // 2], encoding="utf-8")
    doc = json.loads(raw)
    payload = bytearray(doc["payload"].encode())
    payload[40] = ord("A") if payload[40] != ord("A") else ord("B")
    (stick / "tampered.bundle").write_text(json.dumps({**doc, "payload": payload.decode()}), encoding="utf-8")
    forged = {**doc, "header": {**doc["header"], "count": 1}}
    (stick / "forged.bundle").write_text(json.dumps(forged), encoding="utf-8")
    for name in ("cut", "tampered", "forged"):
        code, output = _hub(["import-bundle", str(stick / f"{name}.bundle")], hub_db_url)
        assert code == 1 and "未导入任何数据" in output, output
    assert hub_fact_ids(hub_db, {kiosk.config.device}) == []

    code, output = _hub(["import-bundle", str(stick / "k.bundle")], hub_db_url)
    assert code == 0 and "新增 40 条" in output, output
    code, output = _hub(["import-bundle", str(stick / "k.bundle")], hub_db_url)
    assert code == 0 and "新增 0 条" in output
    assert sorted(hub_fact_ids(hub_db, {kiosk.config.device})) == sorted(kiosk_fact_ids(kiosk))

    with hub_db.transaction() as session:
        add_organisation(session, HALL, "U盘支部", "学校", kiosk.clock.now())
        keyring = hall_keyring_text(session, HALL)
    code, output = _hub(["bundle", "--hall", HALL, "--out", str(stick / "hub.bundle")], hub_db_url)
    assert code == 0, output
    with pytest.raises(BundleError, match="公钥环"):
        import_hub_bundle(kiosk.sync, stick / "hub.bundle")
    kiosk.config.keys_path.mkdir(parents=True, exist_ok=True)
    (kiosk.config.keys_path / KEYRING_FILE).write_text(keyring, encoding="utf-8")
    hub_raw = json.loads((stick / "hub.bundle").read_text(encoding="utf-8"))
    (stick / "hub-bad.bundle").write_text(json.dumps({**hub_raw, "signature": doc["signature"]}), encoding="utf-8")
    with pytest.raises(BundleError, match="签名无效"):
        import_hub_bundle(kiosk.sync, stick / "hub-bad.bundle")
    assert waiting(kiosk) == 40
    result = import_hub_bundle(kiosk.sync, stick / "hub.bundle")
    assert result.acknowledged == 40 and waiting(kiosk) == 0
    with kiosk.db.transaction() as session:
        assert session.scalars(select(Organisation.name).where(Organisation.name == "U盘支部")).one()
