"""SIGTERM from outside, to a real kiosk process in a real window: it says READY and pings the
watchdog over a notify socket this test binds (standing in for systemd), stops cleanly with
exit 0 and the open board's dwell saved; a second SIGTERM, or a stop that hangs, ends it anyway."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.content_factory import make_content

pytestmark = pytest.mark.ui
ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 120  # a cold start on a busy shared machine; these bounds catch hangs, they time nothing


class FakeSystemd:
    """The notify socket: collects what the kiosk sends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.messages: list[str] = []

    def wait_for(self, wanted: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while wanted not in "\n".join(self.messages):
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([self.sock], [], [], left)
            if ready:
                self.messages.append(self.sock.recv(4096).decode())
        return True

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def kiosk_env(tmp_path: Path):
    content = make_content(tmp_path / "content")
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'data_dir = "{data}"\ncontent_dir = "{content}"\nfullscreen = false\n'
                      'hall_id = "test-hall"\ndevice_id = "sigterm-kiosk"\n', encoding="utf-8")
    systemd = FakeSystemd(tmp_path / "notify")
    env = {**os.environ, "KIOSK_CONFIG": str(config), "NOTIFY_SOCKET": str(systemd.path),
           "WATCHDOG_USEC": "2000000", "SDL_AUDIODRIVER": "dummy", "PYTHONPATH": str(ROOT)}
    env.pop("KIVY_NO_CONSOLELOG", None)
    yield env, data, systemd
    systemd.close()


def _start(env: dict[str, str], mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.lifecycle.kiosk_child", mode], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _sigterm_after(proc: subprocess.Popen[str], checks) -> int:  # type: ignore[no-untyped-def]
    """Run ``checks`` on the running kiosk, then SIGTERM it; its exit code (killed if it hangs)."""
    try:
        checks()
        proc.send_signal(signal.SIGTERM)
        return proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()


def _wait_line(proc: subprocess.Popen[str], wanted: str, timeout: float) -> str:
    seen = []
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 1)
        if ready:
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(line)
            if wanted in line:
                return line
    proc.kill()
    pytest.fail(f"no {wanted!r} from the kiosk; it said:\n{''.join(seen[-40:])}")


def test_sigterm_stops_cleanly_with_the_board_view_saved(kiosk_env) -> None:
    env, data, systemd = kiosk_env
    proc = _start(env, "board")

    def running() -> None:
        assert systemd.wait_for("READY=1", START_TIMEOUT), systemd.messages
        _wait_line(proc, "BOARD-OPEN", 30)
        assert systemd.wait_for("WATCHDOG=1", 30), "the main loop never pinged the watchdog"

    assert _sigterm_after(proc, running) == 0
    assert systemd.wait_for("STOPPING=1", 5)
    engine = create_engine(f"sqlite:///{data / 'kiosk.sqlite3'}")
    with engine.connect() as conn:
        views = conn.execute(text("SELECT board_id, device_id FROM board_views")).all()
    engine.dispose()
    assert len(views) == 1 and views[0].device_id == "sigterm-kiosk"
    log = (data / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "SIGTERM received: stopping cleanly" in log and "kiosk stopped (SIGTERM)" in log
    assert not (data / "kiosk-run.json").exists()  # a clean stop leaves no "still running" record


def test_a_tap_on_the_first_frame_is_answered_once_home_is_built(kiosk_env) -> None:
    """`kiosk run` draws its first frame before the database and the screens exist (issue 13):
    a visitor's tap on it is kept and starts the visit when home is ready, never lost."""
    env, data, systemd = kiosk_env
    proc = _start(env, "early")

    def tapped_early() -> None:
        assert "home_ready=False" in _wait_line(proc, "TAPPED", START_TIMEOUT)
        assert _wait_line(proc, "EARLY-TAP-SCREEN", 60).split()[-1] == "home"
        assert systemd.wait_for("READY=1", 30), systemd.messages

    assert _sigterm_after(proc, tapped_early) == 0
    assert (data / "first-frame.json").is_file()  # the next start's first frame shows the hall's cover


def test_a_second_sigterm_exits_at_once_and_a_hung_stop_is_ended(kiosk_env) -> None:
    env, data, systemd = kiosk_env
    second = _start(env, "hang")
    try:
        assert systemd.wait_for("READY=1", START_TIMEOUT), systemd.messages
        second.send_signal(signal.SIGTERM)
        _wait_line(second, "STOPPING", 30)
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        if second.poll() is None:
            second.kill()
    # One SIGTERM and a stop that hangs: the grace timer ends the process.
    systemd.messages.clear()
    lone = _start(env, "hang")
    try:
        assert systemd.wait_for("READY=1", START_TIMEOUT), systemd.messages
        lone.send_signal(signal.SIGTERM)
        _wait_line(lone, "STOPPING", 30)
        assert lone.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        if lone.poll() is None:
            lone.kill()
    assert "took over" in (data / "logs" / "kiosk.log").read_text(encoding="utf-8")
