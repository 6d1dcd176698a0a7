"""The watchdog protocol against a real unix datagram socket standing in for systemd."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from kiosk.clock import FakeClock
from kiosk.service.notify import Notifier


@pytest.fixture
def systemd_socket(tmp_path: Path):
    path = tmp_path / "notify"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(5)
    yield path, sock
    sock.close()


def _received(sock: socket.socket) -> list[str]:
    messages = []
    sock.setblocking(False)
    try:
        while True:
            messages.append(sock.recv(4096).decode())
    except BlockingIOError:
        pass
    finally:
        sock.settimeout(5)
    return messages


def test_ready_watchdog_and_stopping_reach_the_socket(systemd_socket) -> None:
    path, sock = systemd_socket
    clock = FakeClock()
    notifier = Notifier({"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "20000000"}, clock.monotonic)
    assert notifier.watchdog_s == 20.0
    assert notifier.ready("展馆终端已启动")
    assert sock.recv(4096).decode() == "READY=1\nSTATUS=展馆终端已启动"
    assert notifier.watchdog()
    assert sock.recv(4096) == b"WATCHDOG=1"
    clock.advance(1)
    assert not notifier.watchdog()  # ticks come every 0.5 s; pings go at most 4 per interval
    clock.advance(5)
    assert notifier.watchdog()
    assert notifier.stopping("SIGTERM")
    assert _received(sock) == ["WATCHDOG=1", "STOPPING=1\nSTATUS=SIGTERM"]
    notifier.close()


def test_abstract_socket_address(tmp_path: Path) -> None:
    name = f"hall-kiosk-test-{os.getpid()}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name)
    sock.settimeout(5)
    try:
        assert Notifier({"NOTIFY_SOCKET": "@" + name}).ready()
        assert sock.recv(4096) == b"READY=1"
    finally:
        sock.close()


def test_without_systemd_nothing_is_sent_and_nothing_fails() -> None:
    notifier = Notifier({}, FakeClock().monotonic)
    assert not notifier.enabled
    assert not notifier.ready() and not notifier.watchdog() and not notifier.stopping()


def test_a_vanished_socket_is_logged_not_raised(tmp_path: Path, caplog) -> None:
    notifier = Notifier({"NOTIFY_SOCKET": str(tmp_path / "gone"), "WATCHDOG_USEC": "1000000"}, FakeClock().monotonic)
    assert not notifier.ready()
    assert "cannot notify systemd" in caplog.text


def test_watchdog_meant_for_another_pid_is_ignored(systemd_socket) -> None:
    path, _sock = systemd_socket
    notifier = Notifier({"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"})
    assert notifier.watchdog_s == 0.0 and not notifier.watchdog()
