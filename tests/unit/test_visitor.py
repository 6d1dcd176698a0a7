"""Idle warning and reset timing; board views with dwell time and read-aloud."""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk.clock import FakeClock
from kiosk.store.models import BoardView
from kiosk.visitor.idle import IdleMonitor, IdlePhase
from kiosk.visitor.views import BoardViewTracker


def test_idle_warns_then_resets(clock: FakeClock) -> None:
    monitor = IdleMonitor(clock, timeout=90, warning=15)
    assert monitor.tick() is IdlePhase.ATTRACT
    monitor.start_visit()
    clock.advance(89)
    assert monitor.tick() is IdlePhase.ACTIVE
    clock.advance(1)
    assert monitor.tick() is IdlePhase.WARNING
    assert monitor.seconds_left == 15
    clock.advance(10.5)
    assert monitor.tick() is IdlePhase.WARNING and monitor.seconds_left == 5
    clock.advance(4.5)
    assert monitor.tick() is IdlePhase.ATTRACT


def test_touch_during_warning_keeps_the_visit(clock: FakeClock) -> None:
    monitor = IdleMonitor(clock, timeout=90, warning=15)
    monitor.start_visit()
    clock.advance(95)
    assert monitor.tick() is IdlePhase.WARNING
    monitor.touched()
    assert monitor.tick() is IdlePhase.ACTIVE
    clock.advance(89)
    assert monitor.tick() is IdlePhase.ACTIVE


def test_no_reset_while_busy(clock: FakeClock) -> None:
    busy = [True]
    monitor = IdleMonitor(clock, timeout=90, warning=15, busy=lambda: busy[0])
    monitor.start_visit()
    clock.advance(500)
    assert monitor.tick() is IdlePhase.ACTIVE
    busy[0] = False
    clock.advance(89)
    assert monitor.tick() is IdlePhase.ACTIVE  # the idle time counts from the end of the narration
    clock.advance(20)
    assert monitor.tick() is IdlePhase.ATTRACT


def test_end_visit_returns_to_attract(clock: FakeClock) -> None:
    monitor = IdleMonitor(clock, timeout=90, warning=15)
    monitor.start_visit()
    monitor.end_visit()
    clock.advance(500)
    assert monitor.tick() is IdlePhase.ATTRACT


def test_touch_on_attract_does_not_start_a_visit_by_itself(clock: FakeClock) -> None:
    monitor = IdleMonitor(clock, timeout=90, warning=15)
    monitor.touched()
    assert monitor.tick() is IdlePhase.ATTRACT


def test_board_views_record_dwell_and_read_aloud(clock: FakeClock) -> None:
    saved: list[BoardView] = []
    tracker = BoardViewTracker(clock, saved.append)
    tracker.opened("zone1", "b1")
    clock.advance(12.25)
    tracker.read_aloud()
    tracker.opened("zone1", "b1")  # the same board again (a re-render) is not a new view
    clock.advance(3)
    tracker.opened("zone1", "b2")
    clock.advance(4)
    tracker.closed()
    tracker.closed()  # closing twice records nothing more
    assert [(v.board_id, v.dwell_seconds, v.read_aloud) for v in saved] == [("b1", 15.25, True), ("b2", 4.0, False)]
    assert saved[0].opened_at == datetime(2026, 11, 21, 9, 0, tzinfo=UTC)  # the FakeClock's start
