"""Benchmark: the quiz zone's tap → first frame, in the real app at 1920×1080.

Usage (no display needed; the script re-runs itself under ``xvfb-run`` when $DISPLAY is unset)::

    .venv/bin/python bench/bench_quiz_ui.py [--rounds 5] [--maxfps 60]

What is measured: the demo hall's bank in 练习 (all questions, 10 a round). For every question the
script taps the on-screen buttons — the right answer, 确认答案, 下一题 — by firing what a finger's tap
fires (the button goes down, a frame later ``on_release`` runs its kv handler). Each figure is from
the release to the end of the first buffer swap after it (``Window.flip``):

* ``next``: 下一题 → the first frame that shows the next question (the figure the issue asks for);
* ``confirm``: 确认答案 → the first frame showing the reveal (right/wrong, 解析, 出处);
* ``choose``: an answer button → the first frame showing it chosen (only colours change: close to
  the cost of any frame on this machine, a floor for the other two).

The frame cap is Kivy's default 60 fps (``--maxfps 0`` for uncapped): a visitor's frame waits for
the next tick of the clock like any other. Absolute numbers on a software-GL machine (llvmpipe) are
pessimistic. Not a test: it prints figures; the exit code is 0 unless the run failed.
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

from frame_timing import next_flip, percentile, record_flips, run_script, screen_shown, sleep_for  # noqa: E402

SIZE = (1920, 1080)
GOAL_MS = 100.0


def run(rounds: int, maxfps: int) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="bench-quiz-ui-"))
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ["KIVY_HOME"] = str(tmp / "kivy-home")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    from kiosk.config import load_config
    from kiosk.ui.launch import prepare_kivy

    (tmp / "data").mkdir(parents=True, exist_ok=True)
    config = load_config(tmp / "kiosk.toml").with_overrides(
        data_dir=str(tmp / "data"), content_dir=str(ROOT / "content"), fullscreen=False, device_id="bench",
    )
    prepare_kivy(config, SIZE, fullscreen=False)
    from kivy.config import Config

    Config.set("graphics", "maxfps", str(maxfps))
    from kivy.core.window import Window

    from kiosk.ui.app import KioskApp

    app = KioskApp(config)
    flips = record_flips(Window)
    samples: dict[str, list[float]] = {"next": [], "confirm": [], "choose": []}
    calls: dict[str, list[float]] = {"next": [], "confirm": [], "choose": []}
    """Of which: the touch handled (view model + widget updates), before layout, drawing and the swap."""
    failures: list[str] = []

    def shown(name: str) -> Any:
        return screen_shown(app, name)

    def measured_tap(button: Any, name: str) -> Any:
        """What a finger's tap fires on ``button`` (press, then release: the kv handler runs), then
        wait for the next frame. The button's own handler is used rather than a synthetic touch:
        synthetic touches posted from a script were not always delivered while the app ran."""
        button.state = "down"
        button.dispatch("on_press")
        yield next_flip(flips)
        started = time.perf_counter()
        button.state = "normal"
        button.dispatch("on_release")
        handled = time.perf_counter()
        count = len(flips)
        yield lambda: len(flips) > count
        samples[name].append((flips[count] - started) * 1000)
        calls[name].append((handled - started) * 1000)

    def script() -> Any:
        vm = app.vm
        quiz = vm.quiz
        yield sleep_for(1.0)
        for _round in range(rounds):
            # One screen change at a time (ScreenManager can be left on the wrong screen otherwise).
            vm.reset_visit()
            yield shown("attract")
            vm.start_visit()
            yield shown("home")
            vm.open_area("quiz")
            yield shown("quiz_home")
            quiz.start_practice(None)
            yield shown("quiz_question")
            yield sleep_for(0.3)
            screen = app.root.ids.manager.get_screen("quiz_question")
            while quiz.phase == "showing":
                key = quiz.session.current.answer[0]
                option = next(b for b in screen.ids.options.children if b.key == key)
                yield from measured_tap(option, "choose")  # an answer button: its colours change
                yield sleep_for(0.05)
                before = quiz.question_id
                yield from measured_tap(screen.ids.primary, "confirm")  # 确认答案
                if quiz.phase != "revealed":
                    failures.append("确认答案 did not reveal")
                    return
                yield sleep_for(0.05)
                if quiz.session.snapshot().ends_after_reveal:
                    break
                yield from measured_tap(screen.ids.primary, "next")  # 下一题
                if quiz.question_id == before or quiz.phase != "showing":
                    failures.append("下一题 did not show the next question")
                    return
                yield sleep_for(0.05)

    try:
        run_script(app, script(), failures)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"Quiz UI benchmark: {SIZE[0]}×{SIZE[1]}, maxfps={maxfps}, {rounds} practice rounds of the demo bank, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, DISPLAY={os.environ.get('DISPLAY')}")
    print(f"{'tap':<28}{'n':>4}{'median ms':>12}{'p95 ms':>10}{'max ms':>10}{'goal':>10}   touch handled (median / p95 ms)")
    for name, label in (("next", "下一题 → next question"), ("confirm", "确认答案 → reveal"),
                        ("choose", "an answer → chosen")):
        values = samples[name]
        if not values:
            print(f"{label:<28} no samples")
            continue
        median, p95 = statistics.median(values), percentile(values, 95)
        verdict = "ok" if p95 <= GOAL_MS else "SLOW"
        handled = calls[name]
        print(f"{label:<28}{len(values):>4}{median:>12.1f}{p95:>10.1f}{max(values):>10.1f}{'≤' + str(int(GOAL_MS)):>8} "
              f"{verdict:<5} {statistics.median(handled):.1f} / {percentile(handled, 95):.1f}")
    if samples["next"] and samples["choose"]:
        floor = statistics.median(samples["choose"])
        print(f"下一题 over the floor (a frame where only colours change): "
              f"{statistics.median(samples['next']) - floor:+.1f} ms median — what the quiz screens add")
    if failures:
        print("FAILED: " + "; ".join(failures[:5]))
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="practice rounds of 10 questions")
    parser.add_argument("--maxfps", type=int, default=60, help="Kivy's frame cap (0 = uncapped)")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        xvfb = shutil.which("xvfb-run")
        if not xvfb:
            print("no $DISPLAY and no xvfb-run")
            return 2
        return subprocess.call([xvfb, "-a", "-s", f"-screen 0 {SIZE[0]}x{SIZE[1]}x24", sys.executable, *sys.argv])
    return run(args.rounds, args.maxfps)


if __name__ == "__main__":
    raise SystemExit(main())
