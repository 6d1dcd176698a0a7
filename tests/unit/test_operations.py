"""Background work as operations: results arrive unless their screen was left or the visit reset;
the work itself always runs; ThreadRunner.shutdown stops taking work and keeps its deadline."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from kiosk.tasks import InlineRunner, Operations


class HeldRunner:
    """Runs work at once but holds the callback until ``deliver()``: a result that arrives late."""

    def __init__(self) -> None:
        self.held: list[Callable[[], None]] = []

    def submit(self, work: Callable[[], Any], on_success: Any, on_failure: Any) -> None:
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001
            error = exc
            self.held.append(lambda: on_failure(error))
            return
        self.held.append(lambda: on_success(result))

    def deliver(self) -> None:
        held, self.held = self.held, []
        for callback in held:
            callback()


class Where:
    def __init__(self, screen: str) -> None:
        self.screen = screen

    def __call__(self) -> str:
        return self.screen


def test_a_result_for_a_screen_left_meanwhile_is_dropped_but_the_work_ran() -> None:
    runner, where = HeldRunner(), Where("quiz_leaders")
    ops = Operations(runner, where)
    ran, shown = [], []
    ops.run(lambda: ran.append(1) or "rows", shown.append, screen="quiz_leaders")
    ops.left("quiz_leaders")
    where.screen = "home"
    runner.deliver()
    assert ran == [1] and shown == []


def test_leaving_and_coming_back_still_drops_the_old_result() -> None:
    runner, where = HeldRunner(), Where("staff_bookings")
    ops = Operations(runner, where)
    shown: list[str] = []
    ops.run(lambda: "old", shown.append, screen="staff_bookings")
    ops.left("staff_bookings")
    ops.run(lambda: "new", shown.append, screen="staff_bookings")  # the screen is open again
    runner.deliver()
    assert shown == ["new"]


def test_visit_reset_drops_everything_except_what_must_always_arrive() -> None:
    runner = HeldRunner()
    ops = Operations(runner, Where("checkin"))
    shown: list[str] = []
    ops.run(lambda: "scan", shown.append)
    ops.run(lambda: "content", shown.append, always=True)
    ops.cancel_all()
    runner.deliver()
    assert shown == ["content"]


def test_only_the_latest_search_delivers() -> None:
    runner = HeldRunner()
    ops = Operations(runner, Where("walkin"))
    shown: list[str] = []
    for query in ("Z", "ZG", "ZGB"):
        ops.run(lambda q=query: q, shown.append, screen="walkin", latest="search")  # type: ignore[misc]
    runner.deliver()
    assert shown == ["ZGB"]


def test_failures_reach_the_failure_callback_on_the_callers_side() -> None:
    ops = Operations(InlineRunner(), Where("pin"))
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("坏了")

    ops.run(boom, lambda _r: None, errors.append, screen="pin")
    assert [str(e) for e in errors] == ["坏了"]


@pytest.mark.ui
def test_thread_runner_shutdown_finishes_queued_work_within_the_deadline_and_then_refuses() -> None:
    from kiosk.ui.runner import RunnerClosedError, ThreadRunner

    runner = ThreadRunner("test")
    done: list[int] = []
    for n in range(3):
        runner.submit(lambda n=n: done.append(n), lambda _r: None, lambda _e: None)  # type: ignore[misc]
    assert runner.shutdown(5.0) is True
    assert done == [0, 1, 2]
    refused: list[BaseException] = []
    runner.submit(lambda: done.append(9), lambda _r: None, refused.append)
    assert done == [0, 1, 2] and isinstance(refused[0], RunnerClosedError)


@pytest.mark.ui
def test_thread_runner_shutdown_drops_what_has_not_started_by_the_deadline() -> None:
    from kiosk.ui.runner import ThreadRunner

    runner = ThreadRunner("test")
    release = threading.Event()
    done: list[str] = []
    runner.submit(lambda: (release.wait(5), done.append("first")), lambda _r: None, lambda _e: None)
    runner.submit(lambda: done.append("queued"), lambda _r: None, lambda _e: None)
    assert runner.shutdown(0.2) is False  # the deadline passed with work still queued
    release.set()
    runner._pool.shutdown(wait=True)
    assert done == ["first"]  # the queued work was dropped, the running one finished
