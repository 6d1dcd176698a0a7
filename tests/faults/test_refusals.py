"""Input that used to pass but could not work, and errors that used to be English or tracebacks:
each now a Chinese sentence, the right exit code, nothing written (issue 16, items 4–9)."""

from __future__ import annotations

import json
import multiprocessing
import os
import struct
import zlib
from pathlib import Path

import pytest
import tomli_w
from click.testing import CliRunner, Result
from sqlalchemy import func, select

from kiosk.cli import main
from kiosk.clock import FakeClock, SystemClock, hall_date
from kiosk.staff.pin import MAX_TRIES, PinGate
from kiosk.store.db import open_database
from kiosk.store.facts import FactWriter
from kiosk.store.models import StaffEvent
from tests.faults.fault_helpers import assert_clean_failure, run_kiosk

TODAY = hall_date(SystemClock().now())
ORG = "第一党支部"


@pytest.fixture
def config_file(tmp_path: Path, content_dir: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(tomli_w.dumps({"data_dir": str(tmp_path / "data"), "content_dir": str(content_dir),
                                   "hall_id": "cli-hall", "device_id": "desk-1"}), encoding="utf-8")
    return path


@pytest.fixture
def kiosk(config_file: Path):
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(main, ["--config", str(config_file), *args], input=input)

    return run


def _clean(result: Result, *fragments: str, code: int = 1) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert_clean_failure(result, *fragments, code=code)
    assert "错误：" in result.output


def _booking(kiosk, day: str) -> Result:
    return kiosk("booking", "add", "--org", ORG, "--date", day, "--slot", "09:00-10:00", "--headcount", "30",
                 "--purpose", "参观学习", "--json")


def _bookings(kiosk) -> list:
    return json.loads(kiosk("booking", "list", "--date", "2030-01-01", "--json").output)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "2100-01-01"])
def test_booking_dates_no_pass_can_carry_are_refused(kiosk, day: str) -> None:
    assert kiosk("org", "add", ORG, "--kind", "机关").exit_code == 0
    _clean(_booking(kiosk, day), "通行证只能写这个范围内的日期")
    out = kiosk("booking", "list", "--json")
    assert json.loads(out.output) == []


def test_booking_in_the_past_is_a_hint_not_a_refusal(kiosk) -> None:
    kiosk("org", "add", ORG, "--kind", "机关")
    result = kiosk("booking", "add", "--org", ORG, "--date", "2020-03-04", "--slot", "09:00-10:00", "--headcount",
                   "30", "--purpose", "参观学习")
    assert result.exit_code == 0
    assert "提示：参观日期 2020-03-04 已经过去" in result.output


def test_pass_text_with_spaces_or_newline_checks_in_and_json_names_the_device(kiosk) -> None:
    kiosk("keys", "init")
    kiosk("org", "add", ORG, "--kind", "机关")
    booking = json.loads(_booking(kiosk, TODAY.isoformat()).output)["id"]
    code = kiosk("pass", "text", booking).output.strip()
    accepted = kiosk("checkin", "--code", f"  {code}\r\n", "--json")
    assert accepted.exit_code == 0, accepted.output
    data = json.loads(accepted.output)
    assert data["outcome"] == "accepted" and data["checked_in_device"] == "desk-1"


def _huge_png(path: Path, width: int, height: int) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
    return path


@pytest.mark.parametrize("shape", ["20000x20000", "9000x9000", "truncated", "not an image"])
def test_checkin_image_that_cannot_be_read_is_an_outcome_not_a_traceback(tmp_path: Path, config_file: Path,
                                                                          shape: str) -> None:
    image = tmp_path / "photo.png"
    if shape == "truncated":
        from tests.content_factory import draw_png

        draw_png(image, size=(1200, 900))
        image.write_bytes(image.read_bytes()[:3000])
    elif shape == "not an image":
        image.write_bytes(b"hello" * 100)
    else:
        _huge_png(image, *(int(n) for n in shape.split("x")))
    result = run_kiosk(tmp_path, "--config", str(config_file), "checkin", "--image", str(image))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "图片" in result.stdout


def _guess(url: str, barrier, tries: int) -> None:
    db = open_database(url)
    clock = FakeClock()
    gate = PinGate(db, FactWriter(db, "h", f"d{os.getpid()}", clock), clock)
    barrier.wait()
    for _ in range(tries):
        gate.check("0000")
    db.close()


def test_two_processes_guessing_at_once_get_exactly_five_tries(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pin.sqlite3'}"
    db = open_database(url)
    clock = FakeClock()
    PinGate(db, FactWriter(db, "h", "d", clock), clock).set_pin("13579")
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(3)
    workers = [ctx.Process(target=_guess, args=(url, barrier, 6)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    with db.transaction() as session:
        wrong = session.scalar(select(func.count()).select_from(StaffEvent).where(StaffEvent.kind == "pin_wrong"))
    db.close()
    assert wrong == MAX_TRIES


def test_quiz_import_of_a_folder_says_it_is_a_folder(kiosk, tmp_path: Path) -> None:
    _clean(kiosk("quiz", "import", str(tmp_path), "--bank", "题库"), "是一个文件夹")


def test_quiz_import_of_a_too_large_file_is_refused_before_reading(kiosk, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:  # sparse: 60 MB on paper, nothing on disk
        handle.truncate(60_000_000)
    result = kiosk("quiz", "import", str(big), "--bank", "大题库")
    _clean(result, "太大", "最多 10 MB")
    assert "还没有题库" in kiosk("quiz", "list").output


@pytest.mark.parametrize("args, words", [
    (["booking", "add", "--org", ORG, "--date", "2030-01-01", "--slot", "09:00-10:00", "--headcount", "abc",
      "--purpose", "参观学习"], "--headcount 的值不对：'abc' 不是整数"),
    (["booking", "add", "--org", ORG], "缺少选项"),
    (["org", "add", ORG, "--kind", "机关", "--bogus"], "没有这个选项：--bogus"),
    (["no-such-command"], "没有这个命令"),
    (["stats", "arrivals", "--year", "1900"], "超出允许的范围"),
    (["quiz", "leaderboard", "--period", "year"], "不在可选值之内"),
    (["checkin", "--image", "/no/such.png"], "不存在"),
])
def test_click_usage_errors_are_chinese(kiosk, args: list[str], words: str) -> None:
    result = kiosk(*args)
    _clean(result, words, code=2)
    assert "用法：" in result.output and "Usage:" not in result.output and "Invalid value" not in result.output


@pytest.mark.parametrize("args, words", [
    (["config", "set", "no_such_key", "1"], "未知的设置"),
    (["staff", "set-pin", "--pin", "12"], "4 到 12 位数字"),
    (["quiz", "show", "没有这个题库"], "没有名为"),
])
def test_quiz_config_and_staff_errors_say_cuowu_not_error(kiosk, args: list[str], words: str) -> None:
    _clean(kiosk(*args), words)


def test_configured_data_dir_that_is_missing_is_an_error_not_an_empty_hall(tmp_path: Path) -> None:
    config = tmp_path / "k.toml"
    missing = tmp_path / "usb-disk" / "kiosk-data"
    config.write_text(tomli_w.dumps({"data_dir": str(missing)}), encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "org", "list"])
    _clean(result, "数据目录", "不存在")
    assert not missing.exists()


def test_configured_db_url_in_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    config = tmp_path / "k.toml"
    config.write_text(tomli_w.dumps({"db_url": f"sqlite:///{tmp_path / 'gone' / 'k.sqlite3'}"}), encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "org", "list"])
    _clean(result, "数据库所在的文件夹", "不存在")
    assert not (tmp_path / "gone").exists()


def test_data_dir_under_a_regular_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    result = run_kiosk(tmp_path, "org", "list", env={**os.environ, "KIOSK_DATA_DIR": str(tmp_path / "afile" / "d"),
                                                      "KIOSK_CONFIG": str(tmp_path / "none.toml"),
                                                      "KIOSK_LOG_DIR": str(tmp_path / "log")})
    assert_clean_failure(result, "错误：", "是文件而不是文件夹")


@pytest.mark.parametrize("url", ["not a url", "sqlite:////dev/null/k.sqlite3", "nosuchdriver://x/y", "postgresql+psycopg://u@127.0.0.1:1/x?connect_timeout=1"])
def test_a_db_url_that_does_not_work_is_one_sentence(tmp_path: Path, url: str) -> None:
    config = tmp_path / "k.toml"
    config.write_text(tomli_w.dumps({"db_url": url}), encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "org", "add", "甲", "--kind", "机关"])
    _clean(result, "数据库")


def test_corrupt_table_page_in_stats_is_a_sentence(tmp_path: Path, config_file: Path, kiosk) -> None:
    kiosk("org", "add", ORG, "--kind", "机关")
    for day in range(1, 29):
        _booking(kiosk, f"2030-02-{day:02d}")
    db = tmp_path / "data" / "kiosk.sqlite3"
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(db)) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        roots = [r[0] for r in raw.execute("SELECT rootpage FROM sqlite_master WHERE rootpage > 0 AND tbl_name IN ('checkins', 'bookings', 'organisations')")]
        page = raw.execute("PRAGMA page_size").fetchone()[0]
    with db.open("r+b") as handle:  # scribble over the root pages of the tables the statistics read
        for root in roots:
            handle.seek((root - 1) * page)
            handle.write(b"\xff" * page)
    result = run_kiosk(tmp_path, "--config", str(config_file), "stats", "arrivals", "--year", "2030")
    assert_clean_failure(result, "错误：")
    assert "损坏" in result.stderr or "数据库" in result.stderr
