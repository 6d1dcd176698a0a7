"""The signal path, with real signals sent to this process: the first asks for a stop, the
second exits at once, and a stop that never finishes is ended after its grace time."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from kiosk.lifecycle import StopSignals


@pytest.fixture
def exits():
    return []


def test_first_sigterm_asks_for_a_clean_stop_and_second_exits_at_once(exits: list[int]) -> None:
    asked: list[str] = []
    stops = StopSignals(asked.append, grace_s=60, hard_exit=exits.append)
    stops.install()
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        assert asked == ["SIGTERM"] and exits == [] and stops.stopping
        os.kill(os.getpid(), signal.SIGTERM)
        assert exits == [128 + signal.SIGTERM]
        assert asked == ["SIGTERM"]  # the second does not ask again
    finally:
        stops.uninstall()


def test_sigint_stops_cleanly_too_and_uninstall_gives_the_signal_back(exits: list[int]) -> None:
    asked: list[str] = []
    before = signal.getsignal(signal.SIGINT)
    stops = StopSignals(asked.append, grace_s=60, hard_exit=exits.append)
    stops.install()
    os.kill(os.getpid(), signal.SIGINT)
    stops.uninstall()
    assert asked == ["SIGINT"] and exits == []
    assert signal.getsignal(signal.SIGINT) is before


def test_a_stop_that_does_not_finish_is_ended_after_the_grace_time() -> None:
    ended = threading.Event()
    codes: list[int] = []

    def hard_exit(code: int) -> None:
        codes.append(code)
        ended.set()

    stops = StopSignals(lambda _name: None, grace_s=0.05, hard_exit=hard_exit)
    stops.install()
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        assert ended.wait(10), "the grace timer never fired"
        assert codes == [128 + signal.SIGTERM]
    finally:
        stops.uninstall()


def test_uninstall_cancels_the_grace_timer() -> None:
    codes: list[int] = []
    stops = StopSignals(lambda _name: None, grace_s=0.2, hard_exit=codes.append)
    stops.install()
    os.kill(os.getpid(), signal.SIGTERM)
    stops.uninstall()  # the clean stop finished in time
    threading.Event().wait(0.5)
    assert codes == []
