"""Every writing command against a locked, a read-only and a full database (real files, real mounts):
exit 1, "错误：" and a Chinese sentence, no traceback, no raw SQL, and nothing written.

The read-only and full cases use a small tmpfs mounted for the test (the suite runs as root, as
the CI does); "full" is a real ENOSPC from the file system, not a simulation.
"""

from __future__ import annotations

import shutil
from contextlib import closing
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.faults.fault_helpers import ROOT, kiosk_env
from tests.unit.quizzone_helpers import small_bank_rows, write_csv

LOCKED = ("数据库正被另一个程序占用",)
READ_ONLY = ("只读", "无法打开数据库文件", "无法建立数据目录", "没有权限")
FULL = ("磁盘已满", "读写磁盘出错", "无法打开数据库文件", "文件太大")


def _mount(point: Path, size: str) -> None:
    point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.fail(f"the fault suite mounts a small tmpfs (run it as root, as CI does): {done.stderr}", pytrace=False)


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Path]:
    point = tmp_path / "mnt"
    _mount(point, "4m")
    yield point
    subprocess.run(["umount", "-l", str(point)], check=False)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, list[str]]]]:
    """Made once: a data dir with keys, an organisation and bookings; the writing commands to run on it."""
    tmp = tmp_path_factory.mktemp("write-faults")
    commands = _prepare(tmp, tmp / "data")[1]
    return tmp / "data", commands


def _copy(template: tuple[Path, list], tmp: Path, data: Path) -> tuple[dict[str, str], list]:
    shutil.copytree(template[0], data)
    commands = [(name, [str(tmp / "pass.png") if a.endswith("pass.png") else a for a in args])
                for name, args in template[1]]
    return kiosk_env(tmp, KIOSK_DATA_DIR=str(data)), commands


def _prepare(tmp: Path, data: Path) -> tuple[dict[str, str], list[tuple[str, list[str]]]]:
    """A hall with an organisation, two bookings (one with a pass) and keys; the writing commands."""
    env = kiosk_env(tmp, KIOSK_DATA_DIR=str(data))

    from click.testing import CliRunner

    from kiosk.cli import main

    runner = CliRunner(env=env)

    def ok(*args: str) -> str:  # made in a temp dir and copied: nothing stays open on a mount
        result = runner.invoke(main, list(args))
        assert result.exit_code == 0, result.output
        return result.stdout

    ok("keys", "init")
    ok("org", "add", "甲单位", "--kind", "机关")
    ids = []
    from kiosk.clock import SystemClock, hall_date

    for day in (hall_date(SystemClock().now()).isoformat(), "2027-05-02"):
        out = ok("booking", "add", "--org", "甲单位", "--date", day, "--slot", "09:00-10:00", "--headcount", "30",
                 "--purpose", "参观学习", "--json")
        import json

        ids.append(json.loads(out)["id"])
    ok("booking", "add", "--org", "甲单位", "--date", "2020-01-02", "--slot", "09:00-10:00", "--headcount", "9",
       "--purpose", "参观学习", "--contact", "张三", "--phone", "13812345678")  # past: privacy purge has work
    code = ok("pass", "text", ids[0]).strip()
    bank = write_csv(tmp / "bank.csv", small_bank_rows())
    commands = [
        ("org add", ["org", "add", "乙单位", "--kind", "社区"]),
        ("booking add", ["booking", "add", "--org", "甲单位", "--date", "2027-06-01", "--slot", "09:00-10:00",
                         "--headcount", "20", "--purpose", "参观学习"]),
        ("booking cancel", ["booking", "cancel", ids[1]]),
        ("pass issue", ["pass", "issue", ids[1], "--out", str(tmp / "pass.png")]),
        ("checkin", ["checkin", "--code", code]),
        ("privacy purge", ["privacy", "purge", "--older-than", "0"]),
        ("staff set-pin", ["staff", "set-pin", "--pin", "2468"]),
        ("quiz import", ["quiz", "import", str(bank), "--bank", "测试题库"]),
    ]
    return env, commands


def _counts(db: Path) -> dict[str, int]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as raw:
        tables = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        counts = {t: raw.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        counts["pass_ids"] = raw.execute("SELECT count(pass_id) FROM bookings").fetchone()[0]
        counts["cancelled"] = raw.execute("SELECT count(cancelled_at) FROM bookings").fetchone()[0]
    return counts


def _run_in_process(env: dict[str, str], commands: list[tuple[str, list[str]]]) -> dict[str, subprocess.CompletedProcess]:
    """Every command through click's runner in this process (stderr captured: a logged traceback would show)."""
    from click.testing import CliRunner

    from kiosk.cli import main

    runner = CliRunner(env=env)
    results = {}
    for name, args in commands:
        result = runner.invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (name, result.exception)
        results[name] = subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)
    return results


def _run_all(env: dict[str, str], commands: list[tuple[str, list[str]]]) -> dict[str, subprocess.CompletedProcess]:
    """Every command at once, each as a real ``kiosk`` process (a traceback there is what staff see)."""
    procs = {name: subprocess.Popen([sys.executable, "-m", "kiosk.cli", *args], cwd=ROOT, env=env, text=True,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE) for name, args in commands}
    results = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=180)
        results[name] = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    return results


def _assert_refused(results: dict[str, subprocess.CompletedProcess], sentences: tuple[str, ...]) -> None:
    for name, result in results.items():
        output = result.stdout + result.stderr
        assert result.returncode == 1, (name, output)
        assert "Traceback" not in output and "[SQL:" not in output and "sqlalche.me" not in output, (name, output)
        assert "Error:" not in output, (name, output)
        expected = ("暂时无法登记",) if name == "checkin" else sentences
        assert any(s in output for s in expected), (name, output)
        if name != "checkin":  # a check-in answers with its outcome screen's sentence
            assert "错误：" in result.stderr, (name, output)


def test_every_writing_command_against_a_locked_database(tmp_path: Path, template) -> None:
    data = tmp_path / "data-copy"
    env, commands = _copy(template, tmp_path, data)
    db = data / "kiosk.sqlite3"
    before = _counts(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock past the busy timeout
    try:
        results = _run_all(env, commands)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    _assert_refused(results, LOCKED)
    assert _counts(db) == before
    assert not (tmp_path / "pass.png").exists()


def test_every_writing_command_against_a_read_only_database(tmp_path: Path, mounted: Path, template) -> None:
    data = mounted / "data"
    env, commands = _copy(template, tmp_path, data)
    db = data / "kiosk.sqlite3"
    before = _counts(db)
    subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
    results = _run_in_process(env, commands)
    _assert_refused(results, READ_ONLY)
    subprocess.run(["mount", "-o", "remount,rw", str(mounted)], check=True)
    assert _counts(db) == before


def test_every_writing_command_against_a_full_disk(tmp_path: Path, mounted: Path, template) -> None:
    data = mounted / "data"
    env, commands = _copy(template, tmp_path, data)
    db = data / "kiosk.sqlite3"
    before = _counts(db)
    filler = mounted / "filler"
    with filler.open("wb") as handle:  # fill the file system to the last block
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    try:
        with filler.open("ab") as handle:
            while True:
                handle.write(b"\0" * 512)
                handle.flush()
    except OSError:
        pass
    results = _run_in_process(env, commands)
    filler.unlink()
    _assert_refused(results, FULL)
    assert _counts(db) == before
    shutil.rmtree(tmp_path / "log", ignore_errors=True)
