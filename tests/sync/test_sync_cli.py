"""The README's path through the CLI: hub add-device prints the code alone on its last line; the
kiosk enrols with it (token 0600), pushes, reports status as JSON; org add is refused once enrolled."""

from __future__ import annotations

import json
import stat

import pytest
import tomli_w
from click.testing import CliRunner

from kiosk.cli import main
from tests.sync.conftest import HALL
from tests.sync.helpers import write_facts

pytestmark = pytest.mark.postgres


def test_enrol_push_status_and_one_writer_through_the_cli(tmp_path, content_dir, hub, hub_db, hub_db_url) -> None:
    runner = CliRunner()
    added = runner.invoke(main, ["hub", "add-device", "--hall", HALL, "--label", "一号机", "--db", hub_db_url])
    assert added.exit_code == 0, added.output
    code = added.output.strip().splitlines()[-1]
    config = tmp_path / "kiosk.toml"
    (tmp_path / "data").mkdir(exist_ok=True)
    config.write_text(tomli_w.dumps({"data_dir": str(tmp_path / "data"), "content_dir": str(content_dir),
                                     "hall_id": HALL}), encoding="utf-8")
    kiosk = ["--config", str(config)]
    before = runner.invoke(main, [*kiosk, "sync", "status", "--json"])
    assert json.loads(before.output)["hub"] is None
    assert runner.invoke(main, [*kiosk, "org", "add", "本地支部", "--kind", "社区"]).exit_code == 0  # standalone: allowed
    enrolled = runner.invoke(main, [*kiosk, "sync", "enrol", "--hub", hub.url, "--code", code])
    assert enrolled.exit_code == 0, enrolled.output
    token = tmp_path / "data" / "sync" / "device_token"
    assert stat.S_IMODE(token.stat().st_mode) == 0o600
    again = runner.invoke(main, [*kiosk, "sync", "enrol", "--hub", hub.url, "--code", code])
    assert again.exit_code == 1 and "登记码无效" in again.output
    refused = runner.invoke(main, [*kiosk, "org", "add", "新支部", "--kind", "社区"])
    assert refused.exit_code == 1 and "中心统一管理" in refused.output

    from kiosk.config import load_config
    from kiosk.services import build_services

    services = build_services(load_config(config))
    write_facts(services, 12)
    services.close()
    status = json.loads(runner.invoke(main, [*kiosk, "sync", "status", "--json"]).output)
    assert status["hub"] == hub.url and status["waiting_total"] == 12
    assert set(status) >= {"hub", "waiting", "last_push", "last_pull_seq", "last_error"}
    pushed = runner.invoke(main, [*kiosk, "sync", "push"])
    assert pushed.exit_code == 0 and "已上传 12 条" in pushed.output, pushed.output
    assert runner.invoke(main, [*kiosk, "sync", "pull"]).exit_code == 0
    status = json.loads(runner.invoke(main, [*kiosk, "sync", "status", "--json"]).output)
    assert status["waiting_total"] == 0 and status["last_push"] and status["last_error"] is None


def test_hall_mismatch_with_hall_yaml_is_refused(tmp_path, content_dir) -> None:
    hall_yaml = content_dir / "hall.yaml"
    hall_yaml.write_text(hall_yaml.read_text(encoding="utf-8").replace(f"id: {HALL}", "id: other-hall"), encoding="utf-8")
    config = tmp_path / "kiosk.toml"
    (tmp_path / "data").mkdir(exist_ok=True)
    config.write_text(tomli_w.dumps({"data_dir": str(tmp_path / "data"), "content_dir": str(content_dir),
                                     "hall_id": HALL}), encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "sync", "status"])
    assert result.exit_code == 1 and "本馆编号不一致" in result.output
