"""Benchmark: the theatre in the real app at 1920×1080 — remote key → next phrase / slide on
screen, F5 → a film's first frame, and a film's frames shown against ffpyplayer playing the same
file bare in the same run.

Usage (the script re-runs itself under ``xvfb-run`` when $DISPLAY is unset)::

    .venv/bin/python bench/bench_theatre.py [--rounds 3] [--seconds 12]

What is measured, each from the key as the window receives it (``Window.dispatch('on_key_down')``,
what SDL's key event fires) to the end of the first buffer swap after it (``Window.flip``):

* ``next phrase``: PageDown in the oath ceremony (led) → the frame showing the next phrase;
* ``next slide``: PageDown in the lecture → the frame showing the next slide (goal for both ≤ 100 ms);
* ``film start``: F5 on the audience choice → the first swap after the Video's first frame
  (includes the FFmpeg probe of the file and ffpyplayer's start).

Dropped frames: the demo film plays full screen for ``--seconds``; frames shown are the Video's
frame events. Then ffpyplayer plays the same file bare (no window, frames taken as fast as its
clock gives them) for as long. Both are printed as frames per second and the share of the film's
frames missed; the ratio app / bare is the figure to watch (1.0 = the kiosk costs nothing).
Absolute numbers on a software-GL machine (llvmpipe) are pessimistic. Not a test: it prints
figures; the exit code is 0 unless the run failed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from frame_timing import percentile, record_flips, run_script, screen_shown, sleep_for, timed_to_frame  # noqa: E402

SIZE = (1920, 1080)
GOAL_MS = 100.0
FILM = ROOT / "content" / "theatre" / "films" / "hongchuan-qihang.mp4"


def film_fps(path: Path) -> float:
    from ffpyplayer.player import MediaPlayer

    player = MediaPlayer(str(path), ff_opts={"an": True, "paused": True}, loglevel="quiet")
    try:
        for _ in range(200):
            rate = player.get_metadata().get("frame_rate")
            if rate and rate[1]:
                return rate[0] / rate[1]
            time.sleep(0.01)
    finally:
        player.close_player()
    return 25.0


def bare_ffpyplayer(path: Path, seconds: float) -> int:
    """Frames ffpyplayer hands out in ``seconds`` of playing ``path`` with nothing else to do."""
    from ffpyplayer.player import MediaPlayer

    player = MediaPlayer(str(path), ff_opts={"sync": "audio"}, loglevel="quiet")
    frames = 0
    started = None
    try:
        while True:
            frame, val = player.get_frame()
            if val == "eof":
                break
            if frame is None:
                time.sleep(0.005)
                continue
            if started is None:
                started = time.perf_counter()
            frames += 1
            if time.perf_counter() - started >= seconds:
                break
            if val > 0:
                time.sleep(val)
    finally:
        player.close_player()
    return frames


def run(rounds: int, seconds: float) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="bench-theatre-"))
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ["KIVY_HOME"] = str(tmp / "kivy-home")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    from kiosk.config import load_config
    from kiosk.ui.launch import prepare_kivy

    config = load_config(tmp / "kiosk.toml").with_overrides(
        data_dir=str(tmp / "data"), content_dir=str(ROOT / "content"), fullscreen=False, device_id="bench",
    )
    prepare_kivy(config, SIZE, fullscreen=False)
    from kivy.core.window import Keyboard, Window

    from kiosk.theatre.ceremony import CeremonyRun
    from kiosk.theatre.lecture import LectureRun
    from kiosk.ui.app import KioskApp

    app = KioskApp(config)
    flips = record_flips(Window)
    samples: dict[str, list[float]] = {"phrase": [], "slide": [], "film": []}
    film_frames: list[float] = []
    failures: list[str] = []

    def key(name: str) -> None:
        Window.dispatch("on_key_down", Keyboard.keycodes[name], 0, None, [])

    def shown(name: str) -> Any:
        return screen_shown(app, name, timeout=10)

    def measured_key(name: str, sample: str) -> Any:
        yield from timed_to_frame(flips, lambda: key(name), samples[sample])

    def select(kind: str) -> Any:
        theatre = app.vm.theatre
        for _ in range(len(theatre.host.items)):
            if theatre.host.selected_item.kind == kind:
                return
            key("right")
            yield sleep_for(0.05)

    def script() -> Any:
        vm = app.vm
        theatre = vm.theatre
        yield sleep_for(2.0)
        vm.open_area("theatre")
        yield shown("theatre_signage")
        for _round in range(rounds):
            # the oath, led: PageDown through every phrase
            yield from select("ceremony")
            key("f5")
            yield sleep_for(0.2)
            key("f5")
            yield shown("theatre_ceremony")
            yield sleep_for(0.3)
            run_ = theatre.host.run
            assert isinstance(run_, CeremonyRun)
            for _ in range(len(run_.phrases)):
                before = theatre.phrase
                yield from measured_key("pagedown", "phrase")
                if theatre.phrase == before:
                    failures.append("PageDown did not show the next phrase")
                    return
                yield sleep_for(0.1)
            key("escape")
            yield shown("theatre_signage")
            # the lecture: PageDown through every slide
            yield from select("lecture")
            key("f5")
            yield sleep_for(0.2)
            key("f5")
            yield shown("theatre_lecture")
            yield sleep_for(0.3)
            run_ = theatre.host.run
            assert isinstance(run_, LectureRun)
            for _ in range(run_.count - 1):
                yield from measured_key("pagedown", "slide")
                yield sleep_for(0.1)
            key("escape")
            yield shown("theatre_signage")
            # a film: F5 → its first frame
            yield from select("film")
            key("f5")
            yield sleep_for(0.2)
            screen = app.root.ids.manager.get_screen("theatre_film")
            started = time.perf_counter()
            key("f5")
            yield lambda: screen.video is not None and screen.video.loaded
            count = len(flips)
            yield lambda: len(flips) > count
            samples["film"].append((flips[count] - started) * 1000)
            if _round == 0:  # frames shown while it plays full screen
                core = screen.video._video
                core.bind(on_frame=lambda *_a: film_frames.append(time.perf_counter()))
                yield sleep_for(seconds)
            key("escape")
            yield shown("theatre_signage")

    try:
        run_script(app, script(), failures)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    fps = film_fps(FILM)
    bare = bare_ffpyplayer(FILM, seconds)
    load = os.getloadavg()
    print(f"Theatre benchmark: {SIZE[0]}×{SIZE[1]}, {rounds} rounds, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'key':<30}{'n':>4}{'median ms':>12}{'p95 ms':>10}{'max ms':>10}{'goal':>10}")
    for name, label, goal in (("phrase", "PageDown → next phrase", GOAL_MS), ("slide", "PageDown → next slide", GOAL_MS),
                              ("film", "F5 → film's first frame", None)):
        values = samples[name]
        if not values:
            print(f"{label:<30} no samples")
            continue
        p95 = percentile(values, 95)
        verdict = "" if goal is None else ("≤100 ok" if p95 <= goal else "≤100 SLOW")
        print(f"{label:<30}{len(values):>4}{statistics.median(values):>12.1f}{p95:>10.1f}{max(values):>10.1f}"
              f"{verdict:>10}")
    if len(film_frames) > 1:
        span = film_frames[-1] - film_frames[0]
        app_fps = (len(film_frames) - 1) / span if span > 0 else 0.0
        bare_fps = bare / seconds
        print(f"film {FILM.name} ({fps:.0f} fps) for {seconds:.0f} s: kiosk window {app_fps:.1f} frames/s "
              f"({max(0.0, 1 - app_fps / fps):.1%} dropped), bare ffpyplayer {bare_fps:.1f} frames/s "
              f"({max(0.0, 1 - bare_fps / fps):.1%} dropped); kiosk / bare = {app_fps / bare_fps:.2f}")
    if failures:
        print("FAILED: " + "; ".join(failures[:5]))
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=12.0)
    args = parser.parse_args()
    if not os.environ.get("DISPLAY") and os.environ.get("SDL_VIDEODRIVER") != "offscreen":
        if shutil.which("xvfb-run") is None:
            print("需要显示器或 xvfb-run（apt-get install xvfb）")
            return 1
        return subprocess.call(["xvfb-run", "-a", "-s", f"-screen 0 {SIZE[0]}x{SIZE[1]}x24", sys.executable,
                                *sys.argv])
    return run(args.rounds, args.seconds)


if __name__ == "__main__":
    sys.exit(main())
