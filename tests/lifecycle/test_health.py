"""``kiosk health``: each check on a real data dir, and the exit code a monitoring script reads."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import create_engine, text

from kiosk import runstate
from kiosk.cli import main
from kiosk.clock import FakeClock
from kiosk.health import Level, collect_health, sync_backlog
from kiosk.services import build_services


def _started(kiosk_config) -> None:
    services = build_services(kiosk_config)
    services.content.load()
    services.close()


def test_a_healthy_kiosk(kiosk_config, clock: FakeClock) -> None:
    _started(kiosk_config)
    runstate.record_start(kiosk_config.data_path, clock, "0.1.0")
    clock.advance(3 * 3600 + 60)
    report = collect_health(kiosk_config, clock)
    assert not report.needs_person
    assert report.check("content").level is Level.OK and report.check("content").data["version"]
    database = report.check("database")
    assert database.level is Level.OK and database.data["size_bytes"] > 0
    assert report.check("disk").data["free_bytes"] > 0
    assert report.check("sync_waiting").data["waiting"] == 0  # issue 9's outbox is in the schema, empty
    assert report.check("uptime").data["seconds"] == 3 * 3600 + 60
    assert report.check("last_crash").value == "无"


def test_broken_content_needs_a_person(kiosk_config, clock: FakeClock, tmp_path: Path) -> None:
    _started(kiosk_config)
    (kiosk_config.content_path / "hall.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    report = collect_health(kiosk_config, clock)
    assert report.needs_person and report.check("content").level is Level.FAIL
    assert "仍用上一版" in report.check("content").value


def test_a_damaged_database_needs_a_person(kiosk_config, clock: FakeClock) -> None:
    _started(kiosk_config)
    db_file = kiosk_config.data_path / "kiosk.sqlite3"
    data = bytearray(db_file.read_bytes())
    for page in range(1, len(data) // 4096):  # scribble over every table page after the first
        data[page * 4096: page * 4096 + 64] = os.urandom(64)
    db_file.write_bytes(bytes(data))
    report = collect_health(kiosk_config, clock)
    assert report.check("database").level is Level.FAIL and report.needs_person


def test_a_recent_crash_and_a_stopped_kiosk_are_worth_a_look(kiosk_config, clock: FakeClock) -> None:
    _started(kiosk_config)
    runstate.record_crash(kiosk_config.data_path, clock, "ValueError: boom")
    report = collect_health(kiosk_config, clock)
    assert report.check("last_crash").level is Level.WARN and "ValueError: boom" in report.check("last_crash").value
    assert report.check("uptime").level is Level.WARN
    assert not report.needs_person


def test_sync_backlog_reads_the_outbox_when_it_exists(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert sync_backlog(engine) is None
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE sync_outbox (seq INTEGER PRIMARY KEY, table_name TEXT, fact_id TEXT)"))
        conn.execute(text("CREATE TABLE sync_state (id INTEGER PRIMARY KEY, last_push_at TEXT, last_pull_at TEXT)"))
        conn.execute(text("INSERT INTO sync_outbox (table_name, fact_id) VALUES ('checkins', 'a'), ('checkins', 'b')"))
        conn.execute(text("INSERT INTO sync_state VALUES (1, '2026-11-20 08:00:00+00:00', '2026-11-21 08:00:00+00:00')"))
    backlog = sync_backlog(engine)
    assert backlog is not None and backlog.waiting == 2
    assert backlog.last_sync is not None and backlog.last_sync.day == 21


def test_cli_json_and_exit_code(kiosk_config, tmp_path: Path) -> None:
    _started(kiosk_config)
    config_file = tmp_path / "kiosk.toml"
    config_file.write_text(
        f'data_dir = "{kiosk_config.data_path}"\ncontent_dir = "{kiosk_config.content_path}"\n', encoding="utf-8")
    ok = CliRunner().invoke(main, ["--config", str(config_file), "health", "--json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["needs_person"] is False
    (kiosk_config.content_path / "hall.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    bad = CliRunner().invoke(main, ["--config", str(config_file), "health"])
    assert bad.exit_code == 2 and "[需处理] 内容" in bad.output
