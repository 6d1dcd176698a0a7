"""Enrolling a kiosk with no network (issue 9): a signed request to the hub by USB stick, a
hall-signed enrolment file back with the token sealed to the device's key; then the whole USB
round trip, and afterwards a network push with that token."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path

import pytest
import tomli_w
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from kiosk.cli import main
from kiosk.config import load_config
from kiosk.hub.district import hall_keyring_text, hall_signing_key
from kiosk.passes.keys import KEYRING_FILE
from kiosk.services import KioskServices, build_services
from kiosk.store.hub_models import HubDevice
from kiosk.sync.bundle_format import BundleError
from kiosk.sync.enrolment_file import EnrolmentRequest, write_request
from kiosk.sync.offline_enrolment import import_enrolment, write_enrolment_request
from tests.sync.conftest import HALL, OTHER_HALL, make_kiosk
from tests.sync.helpers import hub_fact_ids, kiosk_fact_ids, waiting, write_facts

pytestmark = pytest.mark.postgres


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


def _hub(args: list[str], url: str) -> tuple[int, str]:
    return _run(["hub", *args, "--db", url])


def _kiosk_config(tmp_path: Path, name: str, content_dir: Path) -> list[str]:
    (tmp_path / name).mkdir(parents=True, exist_ok=True)
    config = tmp_path / f"{name}.toml"
    config.write_text(tomli_w.dumps({"data_dir": str(tmp_path / name), "content_dir": str(content_dir),
                                     "hall_id": HALL}), encoding="utf-8")
    return ["--config", str(config)]


def _services(kiosk: list[str]) -> KioskServices:
    return build_services(load_config(Path(kiosk[1])))


def _hub_device(hub_db, device_id: str) -> HubDevice | None:
    with hub_db.transaction() as session:
        return session.scalars(select(HubDevice).where(HubDevice.device_id == device_id)).first()


def _cut_and_tampered(path: Path) -> tuple[Path, Path]:
    raw = path.read_text(encoding="utf-8")
    cut = path.with_name("cut-" + path.name)
    cut.write_text(raw[: len(raw) // 2], encoding="utf-8")
    doc = json.loads(raw)
    tampered = path.with_name("tampered-" + path.name)
    tampered.write_text(json.dumps({**doc, "header": {**doc["header"], "device_id": "someone-else"}}), encoding="utf-8")
    return cut, tampered


def test_offline_enrolment_then_usb_round_trip_through_the_cli(tmp_path: Path, content_dir, hub_db, hub_db_url) -> None:
    """No network at all: request → hub registers → kiosk imports → facts bundle → hub bundle."""
    kiosk = _kiosk_config(tmp_path, "k", content_dir)
    stick = tmp_path / "stick"
    for args in ([], ["--code", "ABCD-EFGH-JKLM"], ["--request-out", "r.bundle", "--file", "e.bundle"],
                 ["--request-out", "r.bundle", "--hall-key", "0BADC0DE"]):
        code, output = _run([*kiosk, "sync", "enrol", *args])
        assert code != 0 and ("登记方式" in output or "只能与 --file 同用" in output), (args, output)
    code, output = _run([*kiosk, "sync", "enrol", "--request-out", str(stick / "request.bundle")])
    assert code == 0 and "接入申请" in output, output
    code, output = _hub(["add-device", "--hall", HALL, "--request", str(stick / "request.bundle"),
                         "--out", str(stick / "enrolment.bundle")], hub_db_url)
    assert code == 0, output
    with hub_db.transaction() as session:
        key_id = hall_signing_key(session, HALL).key_id
    assert f"--hall-key {key_id}" in output
    services = _services(kiosk)
    device = services.config.device
    services.close()
    registered = _hub_device(hub_db, device)
    assert registered is not None and registered.hall_id == HALL and registered.revoked_at is None

    token = tmp_path / "k" / "sync" / "device_token"
    cut, tampered = _cut_and_tampered(stick / "enrolment.bundle")
    refusals = [
        (["--file", str(stick / "enrolment.bundle")], "公钥环"),  # no keyring yet and no key id to check
        (["--file", str(stick / "enrolment.bundle"), "--hall-key", "0BADC0DE"], "不是您核对的本馆密钥"),
        (["--file", str(cut), "--hall-key", key_id], "不是完整的接入文件"),
        (["--file", str(tampered), "--hall-key", key_id], "签名"),
        (["--file", str(stick / "request.bundle"), "--hall-key", key_id], "不是接入文件"),
    ]
    for args, words in refusals:
        code, output = _run([*kiosk, "sync", "enrol", *args])
        assert code == 1 and words in output and "Traceback" not in output, (args, output)
        assert not token.exists()
    status = json.loads(_run([*kiosk, "sync", "status", "--json"])[1])
    assert status["enrolled_at"] is None

    code, output = _run([*kiosk, "sync", "enrol", "--file", str(stick / "enrolment.bundle"), "--hall-key", key_id.lower()])
    assert code == 0 and "已登记" in output, output
    assert stat.S_IMODE(token.stat().st_mode) == 0o600
    with hub_db.transaction() as session:
        assert (tmp_path / "k" / "keys" / KEYRING_FILE).read_text(encoding="utf-8") == hall_keyring_text(session, HALL)
    before = token.read_bytes()
    code, output = _run([*kiosk, "sync", "enrol", "--file", str(stick / "enrolment.bundle")])  # keyring now trusted
    assert code == 0 and "已经导入过" in output and token.read_bytes() == before, output
    code, output = _run([*kiosk, "org", "add", "新支部", "--kind", "社区"])
    assert code == 1 and "中心统一管理" in output  # one writer per row: the hub owns reference data now
    code, output = _run([*kiosk, "sync", "push"])
    assert code == 1 and "经 U 盘登记" in output, output  # no address: it says so, and touches no network

    services = _services(kiosk)
    write_facts(services, 30)
    mine = kiosk_fact_ids(services)
    services.close()
    code, output = _run([*kiosk, "sync", "bundle", "export", "--out", str(stick / "k.bundle")])
    assert code == 0 and "30 条" in output, output
    code, output = _hub(["import-bundle", str(stick / "k.bundle")], hub_db_url)
    assert code == 0 and "新增 30 条" in output, output  # the hub knows this device's key
    code, output = _hub(["bundle", "--hall", HALL, "--out", str(stick / "hub.bundle")], hub_db_url)
    assert code == 0, output
    code, output = _run([*kiosk, "sync", "bundle", "import", str(stick / "hub.bundle")])
    assert code == 0 and "30 条记录确认" in output, output
    assert sorted(hub_fact_ids(hub_db, {device})) == sorted(mine)
    assert json.loads(_run([*kiosk, "sync", "status", "--json"])[1])["waiting_total"] == 0


def _request(tmp_path: Path, name: str, *, hall: str, key: Ed25519PrivateKey, device_id: str) -> Path:
    from cryptography.hazmat.primitives import serialization

    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    path = tmp_path / f"{name}.bundle"
    write_request(path, EnrolmentRequest(device_id=device_id, label="", aliases=[], hall_id=hall,
                                         public_key=base64.b64encode(raw).decode("ascii"), created_at=""), key.sign)
    return path


def test_the_hub_refuses_bad_requests_and_writes_nothing(tmp_path: Path, content_dir, hub_db, hub_db_url) -> None:
    import uuid

    out = tmp_path / "enrolment.bundle"
    key = Ed25519PrivateKey.generate()
    ghost = _request(tmp_path, "ghost", hall="ghost-hall", key=key, device_id=str(uuid.uuid4()))
    good_id = str(uuid.uuid4())
    good = _request(tmp_path, "good", hall=HALL, key=key, device_id=good_id)
    doc = json.loads(good.read_text(encoding="utf-8"))
    other = _request(tmp_path, "other", hall=HALL, key=Ed25519PrivateKey.generate(), device_id=good_id)
    forged = tmp_path / "forged.bundle"  # another key put in: the signature no longer matches it
    forged.write_text(json.dumps({**doc, "header": {**doc["header"],
                                                    "public_key": json.loads(other.read_text())["header"]["public_key"]}}))
    cut, tampered = _cut_and_tampered(good)
    facts = tmp_path / "facts.bundle"
    services = make_kiosk(tmp_path, "k", content_dir)
    from kiosk.sync.bundle import export_facts

    export_facts(services.sync, facts)
    services.close()
    refusals = [
        (["--hall", "ghost-hall", "--request", str(ghost)], "没有展馆 ghost-hall"),
        (["--hall", OTHER_HALL, "--request", str(good)], "不是展馆“hall-b”"),
        (["--hall", HALL, "--request", str(forged)], "签名无效"),
        (["--hall", HALL, "--request", str(cut)], "不是完整的接入申请"),
        (["--hall", HALL, "--request", str(tampered)], "签名无效"),
        (["--hall", HALL, "--request", str(facts)], "不是接入申请"),
        (["--hall", HALL, "--request", str(tmp_path / "missing.bundle")], "找不到接入申请"),
        (["--hall", HALL, "--request", str(good)], "同时给出"),  # no --out
    ]
    for args, words in refusals:
        extra = [] if words == "同时给出" else ["--out", str(out)]
        code, output = _hub(["add-device", *args, *extra], hub_db_url)
        assert code == 1 and words in output and "Traceback" not in output, (args, output)
        assert not out.exists()
    assert _hub_device(hub_db, good_id) is None

    code, output = _hub(["add-device", "--hall", HALL, "--request", str(good), "--out", str(out)], hub_db_url)
    assert code == 0 and out.exists(), output
    first = out.read_bytes()
    code, output = _hub(["add-device", "--hall", HALL, "--request", str(good), "--out", str(out)], hub_db_url)
    assert code == 1 and "已登记" in output  # a request used twice: the device is registered once
    assert out.read_bytes() == first


def test_an_enrolment_file_opens_only_on_its_own_device_and_hall(tmp_path: Path, content_dir, hub_db, hub_db_url) -> None:
    a = make_kiosk(tmp_path, "a", content_dir)
    b = make_kiosk(tmp_path, "b", content_dir)
    b_other_hall = make_kiosk(tmp_path, "c", content_dir, hall=OTHER_HALL)
    with hub_db.transaction() as session:
        key_id = hall_signing_key(session, HALL).key_id
    write_enrolment_request(a.sync, tmp_path / "a-request.bundle")
    code, output = _hub(["add-device", "--hall", HALL, "--request", str(tmp_path / "a-request.bundle"),
                         "--out", str(tmp_path / "a.bundle")], hub_db_url)
    assert code == 0, output
    with pytest.raises(BundleError, match="另一台终端"):
        import_enrolment(b.sync, tmp_path / "a.bundle", hall_key=key_id)
    with pytest.raises(BundleError, match="是展馆“test-hall”的接入文件"):
        import_enrolment(b_other_hall.sync, tmp_path / "a.bundle", hall_key=key_id)
    for other in (b, b_other_hall):
        assert not other.sync.token_path.exists() and not (other.config.keys_path / KEYRING_FILE).exists()

    done = import_enrolment(a.sync, tmp_path / "a.bundle", hall_key=key_id)
    assert not done.again and done.hub_url is None and a.sync.token_path.exists()
    held = a.sync.token_path.read_bytes()
    # Revoked and registered again: the new file is refused while a token is held, unless --replace.
    assert _hub(["revoke-device", a.config.device], hub_db_url)[0] == 0
    write_enrolment_request(a.sync, tmp_path / "a-request2.bundle")
    code, output = _hub(["add-device", "--hall", HALL, "--request", str(tmp_path / "a-request2.bundle"),
                         "--out", str(tmp_path / "a2.bundle")], hub_db_url)
    assert code == 0, output
    with pytest.raises(BundleError, match="--replace"):
        import_enrolment(a.sync, tmp_path / "a2.bundle")
    assert a.sync.token_path.read_bytes() == held
    assert not import_enrolment(a.sync, tmp_path / "a2.bundle", replace=True).again
    assert a.sync.token_path.read_bytes() != held
    for services in (a, b, b_other_hall):
        services.close()


def test_after_offline_enrolment_a_network_push_works(tmp_path: Path, content_dir, hub, hub_db, hub_db_url) -> None:
    kiosk = make_kiosk(tmp_path, "k", content_dir)
    with hub_db.transaction() as session:
        kiosk.config.keys_path.mkdir(parents=True, exist_ok=True)  # staff copied the hall's keyring before
        (kiosk.config.keys_path / KEYRING_FILE).write_text(hall_keyring_text(session, HALL), encoding="utf-8")
    write_enrolment_request(kiosk.sync, tmp_path / "request.bundle")
    code, output = _hub(["add-device", "--hall", HALL, "--request", str(tmp_path / "request.bundle"),
                         "--out", str(tmp_path / "enrolment.bundle"), "--hub-url", hub.url], hub_db_url)
    assert code == 0, output
    done = import_enrolment(kiosk.sync, tmp_path / "enrolment.bundle")
    assert done.hub_url == hub.url and kiosk.sync.status()["enrolled"]
    write_facts(kiosk, 25)
    result = kiosk.sync.push()
    assert result.sent == 25 and waiting(kiosk) == 0
    assert sorted(hub_fact_ids(hub_db, {kiosk.config.device})) == sorted(kiosk_fact_ids(kiosk))
    kiosk.sync.pull()
    assert kiosk.sync.status()["last_error"] is None
    kiosk.close()
