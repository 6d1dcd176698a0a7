"""Soak: the real kiosk app, in a real window under Xvfb, with simulated visitors at a fast pace.

Usage::

    .venv/bin/python bench/soak.py --minutes 30 [--pace 0.3] [--size 1920x1080] [--seed 1] [--json out.json]

(the script re-runs itself under ``xvfb-run`` when $DISPLAY is unset). Idle timeouts are cut to
a few seconds so idle resets happen all the time. Visitors walk the boards (swipes back and forth,
read-aloud with real espeak-ng), take quizzes (practice rounds answered to the end), scan passes
(valid, duplicate, forged), register walk-ins, staff open the console with the PIN, and visitors
walk away (idle reset). The app's own ThreadRunners, player (SDL dummy audio) and SQLite run as in
a hall. Not covered yet: contest rounds and feedback ratings (no feedback screen exists yet).

Reported: RSS over time and its slope in MB/hour (least squares after the first quarter, the
warm-up), exceptions (log records at ERROR or above, UI errors caught by the crash guard, driver
failures; the goal is 0), frames longer than 250 ms, and whether the facts in the database match
the actions taken, one for one (board views, read-aloud views, check-ins, walk-ins, quiz
attempts and answers, staff PIN entries). Exit code 1 when facts do not match or exceptions > 0.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
LONG_FRAME_S = 0.25
PIN = "2468"


class ErrorCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.name}: {record.getMessage()}"[:300])


class Expected:
    """What the visitors did, counted by the driver, independently of the app's own bookkeeping."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.board: str | None = None
        self.board_read = False

    def board_shown(self, board_id: str) -> None:
        if self.board is not None and self.board != board_id:
            self.board_left()
        if self.board != board_id:
            self.board, self.board_read = board_id, False

    def read(self) -> None:
        if self.board is not None:
            self.board_read = True

    def board_left(self) -> None:
        if self.board is not None:
            self.counts["board_views"] += 1
            self.counts["board_views_read"] += int(self.board_read)
        self.board, self.board_read = None, False


def wait_until(predicate: Any, timeout: float) -> Any:
    deadline = time.monotonic() + timeout

    def check() -> bool:
        return bool(predicate()) or time.monotonic() > deadline

    return check


def pause(seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    return lambda: time.monotonic() >= deadline


class Visitors:
    """A generator script on the Kivy clock: each ``yield`` is a predicate to wait for."""

    def __init__(self, app: Any, passes: list[str], rng: random.Random, pace: float, minutes: float) -> None:
        self.app, self.vm = app, app.vm
        self.passes = passes
        self.scanned: list[tuple[str, float]] = []
        self.rng = rng
        self.pace = pace
        self.end = time.monotonic() + minutes * 60
        self.expected = Expected()
        self.actions: Counter[str] = Counter()
        self.failures: list[str] = []

    def script(self) -> Any:
        weights = {"boards": 30, "read_aloud": 8, "quiz": 14, "scan_valid": 8, "scan_duplicate": 5,
                   "scan_forged": 5, "walkin": 6, "staff": 4, "idle": 6}
        names, w = zip(*weights.items())
        while time.monotonic() < self.end:
            action = self.rng.choices(names, w)[0]
            self.actions[action] += 1
            try:
                yield from getattr(self, action)()
            except Exception as exc:  # noqa: BLE001 - counted and reported; the soak goes on
                import traceback

                self.failures.append(f"{action}: {exc!r}\n{traceback.format_exc()[-800:]}")
                self.vm.reset_visit()
                self.expected.board_left()
            yield pause(self.pace)
        self.expected.board_left()

    # ----- helpers -------------------------------------------------------------------------
    def _watch_reset(self) -> None:
        """An idle reset closes the open board (the app writes the view)."""
        if self.vm.screen == "attract":
            self.expected.board_left()

    def _start(self) -> Any:
        self._watch_reset()
        if self.vm.screen == "attract":
            self.vm.start_visit()
            yield pause(self.pace / 2)

    def _leave_board(self) -> None:
        if self.vm.screen == "board":
            self.expected.board_left()

    # ----- visitors ------------------------------------------------------------------------
    def boards(self) -> Any:
        yield from self._start()
        self._leave_board()
        ex = self.vm.exhibition
        zone = self.rng.choice(self.vm.content.zones)["id"]
        ex.open_zone(zone)  # boards are prepared on the image worker, then the board screen opens
        yield wait_until(lambda: self.vm.screen == "board" and ex.zone_id == zone and ex.boards, 30)
        if self.vm.screen != "board":
            self.failures.append(f"boards: zone {zone} did not open")
            return
        self.expected.board_shown(ex.boards[0]["id"])
        for _ in range(self.rng.randint(2, 8)):
            yield pause(self.pace)
            if self.vm.screen != "board":
                self._watch_reset()
                return
            step = self.rng.choice((1, 1, -1, 2))
            index = max(0, min(ex.board_index + step, len(ex.boards) - 1))
            ex.show_board(index)
            self.expected.board_shown(ex.boards[index]["id"])
            if self.rng.random() < 0.15 and ex.boards[index]["images"]:
                image = ex.boards[index]["images"][0]
                ex.open_image(image["full"], image["caption"])
                yield pause(self.pace)
                ex.close_image()

    def read_aloud(self) -> Any:
        yield from self.boards()
        if self.vm.screen != "board":
            return
        self.vm.exhibition.toggle_read_aloud()
        self.expected.read()
        yield wait_until(lambda: self.vm.narration.state == "speaking", 20)
        yield pause(self.rng.uniform(0.5, 2.5))
        if self.rng.random() < 0.5:
            self.vm.exhibition.toggle_read_aloud()  # stop it
        self._leave_board()
        self.vm.go_home()

    def quiz(self) -> Any:
        yield from self._start()
        self._leave_board()
        quiz = self.vm.quiz
        quiz.open_home()
        yield wait_until(lambda: quiz.ready, 20)
        quiz.start_practice(None)
        yield wait_until(lambda: quiz.phase == "showing", 10)
        for _ in range(50):
            if quiz.phase == "finished" or self.vm.screen != "quiz_question":
                break
            if quiz.phase == "showing" and quiz.options:
                quiz.choose(self.rng.choice(quiz.options)["key"])
                quiz.confirm()
            yield pause(self.pace / 3)
            quiz.next_question()
            yield pause(self.pace / 3)
        if quiz.phase == "finished" or self.vm.screen == "quiz_result":
            self.expected.counts["quiz_attempts"] += 1
            session = quiz.session
            self.expected.counts["quiz_answers"] += len(session.records) if session is not None else 0
        yield pause(self.pace)
        self.vm.go_home()

    def _scan(self, text: str, outcome: str) -> Any:
        self._watch_reset()
        self._leave_board()
        self.vm.checkin.scan_arrived(text)
        yield wait_until(lambda: self.vm.checkin.outcome != "", 15)
        got = self.vm.checkin.outcome
        if got != outcome:
            self.failures.append(f"scan: expected {outcome}, screen said {got!r}")
        yield pause(self.pace)
        self.vm.checkin.finish()

    def scan_valid(self) -> Any:
        if not self.passes:
            return
        text = self.passes.pop()
        yield from self._scan(text, "accepted")
        self.scanned.append((text, time.monotonic()))
        self.expected.counts["checkins_pass"] += 1

    def scan_duplicate(self) -> Any:
        old = [text for text, at in self.scanned if time.monotonic() - at > 4]  # past the double-read filter
        if not old:
            return
        yield from self._scan(self.rng.choice(old), "already_checked_in")

    def scan_forged(self) -> Any:
        good = self.rng.choice(self.passes or [t for t, _ in self.scanned] or [""])
        if not good:
            return
        flipped = "A" if good[-5] != "A" else "B"
        yield from self._scan(good[:-5] + flipped + good[-4:] + "", "forged")

    def walkin(self) -> Any:
        yield from self._start()
        self._leave_board()
        checkin = self.vm.checkin
        checkin.open_walkin()
        yield pause(self.pace / 2)
        checkin.choose_kind(self.rng.choice(("member", "public")))
        for _ in range(self.rng.randint(0, 3)):
            checkin.change_count(1)
        checkin.submit_walkin()
        yield wait_until(lambda: checkin.outcome == "walkin", 15)
        if checkin.outcome == "walkin":
            self.expected.counts["checkins_walk_in"] += 1
        else:
            self.failures.append(f"walk-in: screen said {checkin.outcome!r}")
        yield pause(self.pace)
        checkin.finish()

    def staff(self) -> Any:
        self._watch_reset()
        self._leave_board()
        self.vm.open_pin_pad()
        for key in PIN:
            self.vm.staff.pin_key(key)
            yield pause(self.pace / 4)
        self.vm.staff.pin_key("ok")
        yield wait_until(lambda: self.vm.screen == "staff", 15)  # the PIN is checked on a worker
        if self.vm.screen == "staff":
            self.expected.counts["staff_pin_ok"] += 1
        else:
            self.failures.append(f"staff: PIN did not open the console ({self.vm.staff.pin_message})")
        yield pause(self.pace * 2)
        self.vm.leave_staff()

    def idle(self) -> Any:
        yield from self._start()
        if self.rng.random() < 0.5:
            yield from self.boards()
        config = self.app.kiosk_config
        # generous: on a loaded machine ticks come seconds apart
        yield wait_until(lambda: self.vm.screen == "attract", config.idle_timeout + config.idle_warning + 60)
        if self.vm.screen != "attract":
            self.failures.append(f"idle: no reset (screen {self.vm.screen})")
        self.expected.board_left()


def _facts(db_path: Path) -> Counter[str]:
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{db_path}")
    found: Counter[str] = Counter()
    with engine.connect() as conn:
        found["board_views"] = conn.execute(text("SELECT count(*) FROM board_views")).scalar() or 0
        found["board_views_read"] = conn.execute(
            text("SELECT count(*) FROM board_views WHERE read_aloud")).scalar() or 0
        found["checkins_pass"] = conn.execute(text("SELECT count(*) FROM checkins WHERE kind != 'walk_in'")).scalar() or 0
        found["checkins_walk_in"] = conn.execute(text("SELECT count(*) FROM checkins WHERE kind = 'walk_in'")).scalar() or 0
        found["quiz_attempts"] = conn.execute(text("SELECT count(*) FROM quiz_attempts")).scalar() or 0
        found["quiz_answers"] = conn.execute(text("SELECT count(*) FROM quiz_answers")).scalar() or 0
        found["staff_pin_ok"] = conn.execute(
            text("SELECT count(*) FROM staff_events WHERE kind = 'pin_ok'")).scalar() or 0
    engine.dispose()
    return found


def _slope_mb_per_hour(samples: list[tuple[float, float]]) -> float:
    if len(samples) < 3:
        return float("nan")
    xs, ys = [t / 3600 for t, _ in samples], [m for _, m in samples]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var if var else float("nan")


def run(args: argparse.Namespace) -> int:
    import psutil

    tmp = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    data = tmp / "data"
    data.mkdir()
    config_file = tmp / "kiosk.toml"
    config_file.write_text(
        f'data_dir = "{data}"\ncontent_dir = "{ROOT / "content"}"\nidle_timeout = 4\nidle_warning = 2\n'
        'fullscreen = false\ndevice_id = "soak-kiosk"\n', encoding="utf-8")
    os.environ.update({"KIOSK_CONFIG": str(config_file), "KIVY_NO_ARGS": "1", "SDL_AUDIODRIVER": "dummy",
                       "KIVY_LOG_MODE": "PYTHON"})
    from kiosk.clock import SystemClock, hall_date
    from kiosk.config import load_config
    from kiosk.logging_setup import quiet_libraries, setup_logging

    config = load_config(config_file)
    clock = SystemClock()
    setup_logging(data, clock, console=False)
    errors = ErrorCounter()
    logging.getLogger().addHandler(errors)
    width, height = (int(p) for p in args.size.split("x"))
    from kiosk.ui.launch import prepare_kivy

    prepare_kivy(config, (width, height), fullscreen=False)
    quiet_libraries()
    from kivy.clock import Clock

    from kiosk.passes.keys import init_keys
    from kiosk.services import build_services
    from kiosk.ui.app import KioskApp

    services = build_services(config, clock=clock)
    init_keys(config.keys_path)
    services.pins.set_pin(PIN)
    org = services.visits.organisations.add("浸泡测试党支部", "社区")
    today = hall_date(clock.now())
    passes = []
    for n in range(int(args.minutes * 60 / max(args.pace, 0.05) / 8) + 20):
        booking = services.visits.bookings.add(organisation=org.name, visit_date=today, slot="09:00-17:00",
                                               headcount=20 + n % 30, purpose="参观学习", contact="测试",
                                               phone="13800000000")
        passes.append(services.visits.passes.text(booking.id))
    app = KioskApp(config, services=services)
    visitors = Visitors(app, passes, random.Random(args.seed), args.pace, args.minutes)
    process = psutil.Process()
    started = time.monotonic()
    rss: list[tuple[float, float]] = []
    frames = {"count": 0, "long": 0, "worst": 0.0, "last": None}

    def frame(_dt: float) -> None:
        now = time.perf_counter()
        if frames["last"] is not None:
            gap = now - frames["last"]
            frames["count"] += 1
            frames["long"] += gap > LONG_FRAME_S
            frames["worst"] = max(frames["worst"], gap)
        frames["last"] = now

    def sample(_dt: float = 0) -> None:
        rss.append((time.monotonic() - started, process.memory_info().rss / 1024**2))

    script = visitors.script()
    waiting: list[Any] = [None]

    def drive(_dt: float) -> None:
        try:
            while waiting[0] is None or waiting[0]():
                waiting[0] = next(script)
        except StopIteration:
            driver.cancel()
            app.stop()

    def begin(_dt: float) -> None:
        nonlocal driver
        Clock.schedule_interval(frame, 0)
        Clock.schedule_interval(sample, 15)
        sample()
        driver = Clock.schedule_interval(drive, 0)

    driver: Any = None
    Clock.schedule_once(begin, 2)
    app.run()
    sample()
    found = _facts(data / "kiosk.sqlite3")
    expected = visitors.expected.counts
    keys = sorted(set(found) | set(expected))
    mismatched = {k: (expected[k], found[k]) for k in keys if expected[k] != found[k]}
    warm = [s for s in rss if s[0] >= rss[-1][0] / 4]
    exceptions = len(errors.records) + app.crash_guard.caught + len(visitors.failures)
    report = {
        "minutes": round((time.monotonic() - started) / 60, 1), "size": args.size, "pace_s": args.pace,
        "actions": dict(visitors.actions), "facts_expected": dict(expected), "facts_found": dict(found),
        "facts_match": not mismatched, "mismatched": mismatched,
        "exceptions": exceptions, "error_log_records": errors.records[:10], "driver_failures": visitors.failures[:10],
        "ui_errors_caught": app.crash_guard.caught,
        "frames": frames["count"], "frames_over_250ms": frames["long"], "worst_frame_ms": round(frames["worst"] * 1000),
        "rss_start_mb": round(rss[0][1], 1), "rss_end_mb": round(rss[-1][1], 1),
        "rss_max_mb": round(max(m for _, m in rss), 1),
        "rss_slope_mb_per_hour_after_warmup": round(_slope_mb_per_hour(warm), 1),
        "rss_slope_mb_per_hour_all": round(_slope_mb_per_hour(rss), 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps({**report, "rss": rss}, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if not mismatched and exceptions == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--pace", type=float, default=0.3, help="seconds between a visitor's steps")
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="also write the report (with every RSS sample) here")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run"):
        return subprocess.call(["xvfb-run", "-a", "-s", f"-screen 0 {args.size}x24", sys.executable, *sys.argv])
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
