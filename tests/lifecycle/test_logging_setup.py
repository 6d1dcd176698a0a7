"""The log file: our lines in, the libraries' chatter out, size-capped, crashes with tracebacks."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from kiosk import runstate
from kiosk.clock import FakeClock
from kiosk.logging_setup import log_path, setup_logging


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    handlers, level, hook = list(root.handlers), root.level, sys.excepthook
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    sys.excepthook = hook


def test_our_lines_in_library_noise_out(tmp_path: Path, clock: FakeClock, restore_logging) -> None:
    path = setup_logging(tmp_path, clock, console=False)
    logging.getLogger("kiosk.visits.service").info("check-in accepted: booking %s", "B-1")
    logging.getLogger("fontTools.subset").debug("TRACE glyph 1234")
    logging.getLogger("alembic.runtime.plugins").info("setup plugin alembic.autogenerate")
    logging.getLogger("PIL.PngImagePlugin").info("STREAM b'IHDR'")
    logging.getLogger("kivy").info("Base: Start application main loop")
    logging.getLogger("alembic").warning("a real alembic warning")
    text = path.read_text(encoding="utf-8")
    assert "INFO kiosk.visits.service: check-in accepted: booking B-1" in text
    assert "a real alembic warning" in text
    for noise in ("TRACE glyph", "setup plugin", "IHDR", "Start application"):
        assert noise not in text


def test_the_file_is_size_capped(tmp_path: Path, clock: FakeClock, restore_logging) -> None:
    setup_logging(tmp_path, clock, console=False, max_bytes=20_000, backups=2)
    log = logging.getLogger("kiosk.soak")
    for i in range(3000):
        log.info("line %d %s", i, "x" * 40)
    files = sorted(log_path(tmp_path).parent.iterdir())
    assert [f.name for f in files] == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    assert all(f.stat().st_size <= 20_000 for f in files)


def test_setting_up_twice_does_not_double_lines(tmp_path: Path, clock: FakeClock, restore_logging) -> None:
    setup_logging(tmp_path, clock, console=False)
    path = setup_logging(tmp_path, clock, console=False)
    logging.getLogger("kiosk.x").info("once")
    assert path.read_text(encoding="utf-8").count("once") == 1


def test_an_uncaught_exception_is_logged_with_its_traceback(tmp_path: Path, clock: FakeClock,
                                                            restore_logging) -> None:
    path = setup_logging(tmp_path, clock, console=False)
    try:
        raise RuntimeError("数据库线程出错")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    text = path.read_text(encoding="utf-8")
    assert "uncaught exception: 数据库线程出错" in text and "Traceback (most recent call last)" in text
    crash = runstate.read_last_crash(tmp_path)
    assert crash is not None and crash.reason == "RuntimeError: 数据库线程出错"


def test_kivy_start_up_lines_stay_out_even_when_the_hall_set_kivy_s_own_log_mode(tmp_path: Path) -> None:
    """A fresh interpreter: our logging first, then Kivy imported as the app does."""
    import os
    import subprocess

    script = (
        "import logging, sys; from pathlib import Path; from kiosk.clock import SystemClock\n"
        "from kiosk.logging_setup import setup_logging\n"
        f"setup_logging(Path({str(tmp_path)!r}), SystemClock())\n"
        "import kivy; from kivy.logger import Logger\n"
        "Logger.info('Window: Provider: sdl2'); Logger.warning('Image: a real kivy warning')\n"
        "logging.getLogger('kiosk.start').info('kiosk started')\n"
    )
    env = {**os.environ, "KIVY_LOG_MODE": "KIVY", "KIVY_HOME": str(tmp_path / "kivy-home"), "KIVY_NO_ARGS": "1"}
    env.pop("KIOSK_LOG_DIR", None)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    text = log_path(tmp_path).read_text(encoding="utf-8")
    assert "INFO kiosk.start: kiosk started" in text and "a real kivy warning" in text
    assert "INFO kivy" not in text and "Provider: sdl2" not in text and "Kivy: v" not in text
    assert "INFO" not in done.stderr and "a real kivy warning" in done.stderr  # the console: warnings only
    assert not (tmp_path / "kivy-home" / "logs").exists() or not any((tmp_path / "kivy-home" / "logs").iterdir())


def test_the_cli_writes_its_failures_into_the_app_s_log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk import cli_errors

    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'data_dir = "{data}"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(config))
    monkeypatch.delenv("KIOSK_LOG_DIR", raising=False)
    assert cli_errors.log_path() == log_path(data) == data / "logs" / "kiosk.log"
    monkeypatch.setenv("KIOSK_LOG_DIR", str(tmp_path / "elsewhere"))  # one override for both
    assert cli_errors.log_path() == log_path(data) == tmp_path / "elsewhere" / "kiosk.log"


def test_a_cli_failure_lands_in_the_one_log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                restore_logging) -> None:
    """An unexpected failure of a command: the sentence names the file, the detail is in it."""
    from kiosk import cli_errors

    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'data_dir = "{data}"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(config))
    monkeypatch.delenv("KIOSK_LOG_DIR", raising=False)
    monkeypatch.setattr(cli_errors, "_handler", None)
    try:
        raise RuntimeError("controller timeout on sda")
    except RuntimeError as exc:
        error = cli_errors.translate_failure(exc)
    assert str(log_path(data)) in error.format_message()
    text = log_path(data).read_text(encoding="utf-8")
    assert "controller timeout on sda" in text and "Traceback" in text
    setup_logging(data, FakeClock())  # ``kiosk run``: the app's handler replaces the CLI's, no doubled lines
    logging.getLogger("kiosk.x").warning("once only")
    assert log_path(data).read_text(encoding="utf-8").count("once only") == 1
