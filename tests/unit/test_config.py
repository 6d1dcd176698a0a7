"""Settings: declared defaults, the TOML file, wrong types refused in Chinese, `kiosk config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.config import SETTINGS, ConfigError, load_config, save_setting


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config = load_config(tmp_path / "none.toml")
    assert config.idle_timeout == 90 and config.hall_id == "demo-hall"
    assert config.database_url.startswith("sqlite:///") and config.database_url.endswith("kiosk.sqlite3")
    assert (config.content_path / "hall.yaml").exists()


def test_file_overrides_and_bad_values(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('idle_timeout = 60\nhall_id = "hall-7"\n', encoding="utf-8")
    config = load_config(path)
    assert (config.idle_timeout, config.hall_id) == (60, "hall-7")
    path.write_text('idle_timeout = "long"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="idle_timeout 应为 int"):
        load_config(path)
    path.write_text("idel_timeout = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="未知的设置 idel_timeout"):
        load_config(path)


def test_every_setting_has_a_description() -> None:
    assert all(var.description and var.key for var in SETTINGS)
    assert len({var.key for var in SETTINGS}) == len(SETTINGS)


def test_cli_show_and_set(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    runner = CliRunner()
    assert runner.invoke(main, ["--config", str(path), "config", "set", "idle_timeout", "120"]).exit_code == 0
    shown = runner.invoke(main, ["--config", str(path), "config", "show", "--json"])
    settings = {row["key"]: row for row in json.loads(shown.output)["settings"]}
    assert settings["idle_timeout"]["value"] == 120 and settings["idle_timeout"]["default"] == 90
    bad = runner.invoke(main, ["--config", str(path), "config", "set", "fullscreen", "maybe"])
    assert bad.exit_code == 1 and "true 或 false" in bad.output
    assert save_setting("fullscreen", "false", path) == path
    assert load_config(path).fullscreen is False
