"""What the in-window benchmarks share: buffer swaps timestamped, a script run on the Kivy clock,
and "this action → the first swap after it" measured the same way in every bench.

A bench imports it as ``from frame_timing import ...`` (``python bench/x.py`` puts ``bench/`` on the
path). Import it after ``prepare_kivy``: ``record_flips`` and ``run_script`` import Kivy when called.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from typing import Any

Wait = Callable[[], bool]


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of ``values`` (need not be sorted)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def record_flips(window: Any) -> list[float]:
    """Timestamp (perf_counter) the end of every buffer swap of ``window``; returns the live list.

    ``WindowBase.on_flip`` calls ``self.flip()``: an instance attribute wraps it.
    """
    flips: list[float] = []
    original = window.flip

    def flip(*args: Any) -> Any:
        result = original(*args)
        flips.append(time.perf_counter())
        return result

    window.flip = flip
    return flips


def sleep_for(seconds: float) -> Wait:
    deadline = time.perf_counter() + seconds
    return lambda: time.perf_counter() >= deadline


def next_flip(flips: list[float]) -> Wait:
    """Until a swap after this moment has ended."""
    count = len(flips)
    return lambda: len(flips) > count


def screen_shown(app: Any, name: str, timeout: float = 5.0) -> Wait:
    """Until the screen ``name`` is on and its transition over (then taps reach it)."""
    manager = app.root.ids.manager
    deadline = time.perf_counter() + timeout

    def done() -> bool:
        if time.perf_counter() > deadline:
            raise RuntimeError(f"screen {name} not shown after {timeout:.0f} s (current {manager.current})")
        return bool(manager.current == name and not manager.transition.is_active)

    return done


def timed_to_frame(flips: list[float], action: Callable[[], Any], out: list[float]) -> Iterator[Wait]:
    """Script steps: run ``action``, wait for the first swap after it, append the ms to ``out``."""
    count = len(flips)
    started = time.perf_counter()
    action()
    yield lambda: len(flips) > count
    out.append((flips[count] - started) * 1000)


def run_script(app: Any, script: Iterator[Wait], failures: list[str]) -> None:
    """Run ``app`` with ``script`` driven on its clock (one step whenever the step's wait holds);
    the app stops when the script ends or raises (the error goes into ``failures``)."""
    from kivy.clock import Clock

    waiting: list[Wait | None] = [None]

    def drive(_dt: float) -> None:
        try:
            while waiting[0] is None or waiting[0]():
                waiting[0] = next(script)
        except StopIteration:
            event.cancel()
            app.stop()
        except Exception as exc:  # noqa: BLE001 - reported by the caller
            import traceback

            traceback.print_exc()
            failures.append(str(exc))
            event.cancel()
            app.stop()

    event = Clock.schedule_interval(drive, 0)
    app.run()
