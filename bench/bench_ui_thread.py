"""Benchmark: how long Kivy's thread is blocked by the work issue 15 moved onto the workers.

Run: .venv/bin/python bench/bench_ui_thread.py [--rounds 15]

For each kind of work, measured in the same run on the demo content:

* before:  the blocking call made on the calling thread, as the UI used to (PIN check with its
           fact commit, content reload when nothing changed, a zone's first open with its Pillow
           resizes, SoundLoader.load of a check-in sound, the content bank sync before the window)
* after:   the time the calling thread spends when the same work goes through
           ``kiosk.tasks.Operations`` on a worker thread: handing it over, then running the
           result callback when it comes back (the UI's part; the work itself is on the worker)

Figures are medians in ms and the ratio after / before (lower is better). The bare reference for
"after" is the hand-over itself (a no-op work item through the same path).
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from kiosk.config import PROJECT_ROOT, load_config  # noqa: E402
from kiosk.exhibits.images import ImageCache  # noqa: E402
from kiosk.services import build_services  # noqa: E402
from kiosk.tasks import Operations  # noqa: E402
from kiosk.ui.content_vm import prepare_hall, prepare_zone_boards  # noqa: E402


class QueueRunner:
    """A worker thread; results come back through a queue the calling ("UI") thread drains."""

    def __init__(self) -> None:
        self.results: queue.Queue[Callable[[], None]] = queue.Queue()
        self._work: queue.Queue[Any] = queue.Queue()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            work, ok, bad = self._work.get()
            try:
                result = work()
            except Exception as exc:  # noqa: BLE001
                error = exc
                self.results.put(lambda: bad(error))
                continue
            self.results.put(lambda: ok(result))

    def submit(self, work: Callable[[], Any], on_success: Any, on_failure: Any) -> None:
        self._work.put((work, on_success, on_failure))


def ui_time(ops: Operations, runner: QueueRunner, work: Callable[[], Any]) -> float:
    """Seconds the calling thread spends: the hand-over, then the callback (waiting is not counted)."""
    started = time.perf_counter()
    ops.run(work, lambda _r: None)
    spent = time.perf_counter() - started
    callback = runner.results.get()
    started = time.perf_counter()
    callback()
    return spent + time.perf_counter() - started


def blocking_time(work: Callable[[], Any]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kiosk-bench-ui-thread-"))
    try:
        (tmp / "data").mkdir()  # a configured data dir must exist (issue 16)
        config = load_config(tmp / "kiosk.toml").with_overrides(data_dir=str(tmp / "data"))
        services = build_services(config)
        services.pins.set_pin("246810")
        services.content.load()
        hall = services.content.hall
        assert hall is not None
        zone = max(hall.zones, key=lambda z: sum(len(b.images) for b in z.boards))
        sound = PROJECT_ROOT / "assets" / "sounds" / "checkin-accepted.wav"
        from kivy.core.audio import SoundLoader

        counter = iter(range(10**6))

        def fresh_zone() -> Any:  # a first open: an empty image cache each time
            return prepare_zone_boards(zone, ImageCache(tmp / f"images-{next(counter)}"))

        def reload() -> Any:
            result = services.content.load()
            prepare_hall(result.hall, services.images)
            return services.quiz.sync_content_banks(config.content_path)

        def load_sound() -> Any:
            loaded = SoundLoader.load(str(sound))
            if loaded is not None:
                loaded.unload()

        kinds: list[tuple[str, Callable[[], Any]]] = [
            ("PIN check (scrypt + fact)", lambda: services.pins.check("246810")),
            ("content reload, unchanged", reload),
            ("zone first open (Pillow)", fresh_zone),
            ("SoundLoader.load (wav)", load_sound),
            ("bank sync before window", lambda: services.quiz.sync_content_banks(config.content_path)),
        ]
        runner = QueueRunner()
        ops = Operations(runner, lambda: "")
        bare = statistics.median(ui_time(ops, runner, lambda: None) for _ in range(args.rounds * 4))
        load = os.getloadavg()
        print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.rounds} rounds; "
              f"bare hand-over {bare * 1000:.3f} ms")
        print(f"{'work':30s} {'before ms':>10s} {'after ms':>10s} {'after/before':>13s}")
        for name, work in kinds:
            before = statistics.median(blocking_time(work) for _ in range(args.rounds))
            after = statistics.median(ui_time(ops, runner, work) for _ in range(args.rounds))
            print(f"{name:30s} {before * 1000:10.2f} {after * 1000:10.3f} {after / before:13.4f}")
        services.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
