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
