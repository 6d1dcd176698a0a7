"""Soak: the real kiosk app, in a real window under Xvfb, with simulated visitors at a fast pace.

Usage::

    .venv/bin/python bench/soak.py --minutes 30 [--pace 0.3] [--size 1920x1080] [--seed 1] [--json out.json]

(the script re-runs itself under ``xvfb-run`` when $DISPLAY is unset). Idle timeouts are cut to
a few seconds so idle resets happen all the time. Visitors walk the boards (swipes back and forth,
read-aloud with real espeak-ng), take quizzes (practice rounds answered to the end), scan passes
(valid, duplicate, forged), register walk-ins, staff open the console with the PIN, and visitors
walk away (idle reset). The app's own ThreadRunners, player (SDL dummy audio) and SQLite run as in
a hall. The driver waits on the app's own state (screens, view-model properties, the board
Carousel at rest, the workers' queues), never on timers; it starts once every board image is
pre-scaled (``caches_warm``) and stops once every queued write has landed. Visitors also rate the
visit at the exit (留言评价: tags marked, a face tapped), and staff run 知识竞赛 rounds from the
console (teams answer, buzz and pick stakes; the contest is closed, finished and stored).

Reported: RSS over time and its slope in MB/hour (least squares after the first quarter, the
warm-up), exceptions (log records at ERROR or above, UI errors caught by the crash guard, driver
failures; the goal is 0), frames longer than 250 ms, and whether the facts in the database match
the actions taken, one for one (board views, read-aloud views, check-ins, walk-ins, quiz
attempts and answers, staff PIN entries, feedback ratings, contest events). Exit code 1 when facts do not match or exceptions > 0.
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
import tracemalloc
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
        self.views: list[str] = []
        """Board ids of the views counted, in order (the --json report lists them with the database's)."""

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
            self.views.append(self.board)
            self.counts["board_views"] += 1
            self.counts["board_views_read"] += int(self.board_read)
        self.board, self.board_read = None, False


GUARD_S = 180.0
"""A wait on the app's state that lasts this long is a hang (reported as a failure), not a pace."""


def until(predicate: Any, guard: float = GUARD_S) -> Any:
    """Wait for the app's state (``predicate``); ``guard`` only stops a hang from stalling the soak."""
    deadline = time.monotonic() + guard

    def check() -> bool:
        return bool(predicate()) or time.monotonic() > deadline

    return check


def pause(seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    return lambda: time.monotonic() >= deadline


class Visitors:
    """A generator script on the Kivy clock: each ``yield`` is a predicate to wait for.

    The script never waits on a timer for the app: it waits on the app's public state (the screen
    on show, the view models' properties, the board Carousel at rest, the workers' queues). Every
    call into a view model is a visitor's tap, so it tells the idle monitor first, as
    ``KioskRoot.on_touch_down`` does; idle resets then come where visitors stop touching (the
    ``idle`` walk, or a wait for background work longer than the shortened idle timeout).

    Expected facts follow the app's rules: a board view is a fact when the board leaves the screen
    (another board, another screen, the idle reset, the end); work handed to a worker always lands
    even when its result is dropped by an idle reset (check-ins, walk-ins, PIN checks, quiz results),
    so such an action counts once the app has taken it.
    """

    def __init__(self, app: Any, passes: list[str], rng: random.Random, pace: float, minutes: float) -> None:
        self.app, self.vm = app, app.vm
        self.passes = passes
        self.scanned: list[tuple[str, float]] = []
        self.rng = rng
        self.pace = pace
        self.minutes = minutes
        self.end = 0.0
        self.expected = Expected()
        self.actions: Counter[str] = Counter()
        self.failures: list[str] = []
        self.resets = 0
        """Times the app went back to the attract loop (idle resets, end of a staff visit)."""
        self.dropped: Counter[str] = Counter()
        """Actions whose result on screen an idle reset overtook (the facts still land)."""
        self._screen = self.vm.screen
        self.vm.bind(screen=self._screen_changed)

    # ----- the app's state --------------------------------------------------------------------
    def _screen_changed(self, _vm: Any, name: str) -> None:
        left, self._screen = self._screen, name
        if left == "board" and name != "board":
            self.expected.board_left()  # the board left the screen: the app closes its view
        if name == "attract" and left != "attract":
            self.resets += 1

    def workers_idle(self) -> bool:
        return all(getattr(r, "pending", 0) == 0 for r in self.app.runners)

    def board_screen(self) -> Any:
        return self.app.root.ids.manager.get_screen("board")

    def board_settled(self) -> bool:
        """The board screen is on show and its Carousel rests on the board the view model names."""
        return (self.vm.screen == "board" and self.app.root.ids.manager.current == "board"
                and self.board_screen().at_rest())

    def tap(self) -> None:
        """A visitor's touch (what KioskRoot.on_touch_down tells the view model)."""
        self.vm.touched()

    def script(self) -> Any:
        # The hall is ready: every screen built, every board image pre-scaled, no work queued.
        yield until(lambda: self.app.root is not None and self.app.root.screens_ready()
                    and self.vm.content.caches_warm and self.workers_idle())
        if not self.vm.content.caches_warm:
            self.failures.append("start: caches not warm")
        self.end = time.monotonic() + self.minutes * 60
        weights = {"boards": 30, "read_aloud": 8, "quiz": 14, "scan_valid": 8, "scan_duplicate": 5,
                   "scan_forged": 5, "walkin": 6, "staff": 4, "idle": 6, "feedback": 6, "contest": 3}
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
            yield pause(self.pace)
        self.tap()
        self.vm.reset_visit()  # the last visitor leaves: the open board view is a fact
        yield until(self.workers_idle)
        if not self.workers_idle():
            self.failures.append("end: workers still busy")
        self.expected.board_left()

    # ----- helpers -------------------------------------------------------------------------
    def _start(self) -> Any:
        if self.vm.screen == "attract":
            self.tap()
            self.vm.start_visit()
            yield pause(self.pace / 2)

    def _fail(self, text: str) -> None:
        self.failures.append(f"{text} (screen {self.vm.screen}, load {os.getloadavg()[0]:.1f})")

    # ----- visitors ------------------------------------------------------------------------
    def boards(self) -> Any:
        yield from self._start()
        ex = self.vm.exhibition
        if self.vm.screen != "zones":
            self.tap()
            ex.open_zones()  # 展区 on the home screen, or 返回 on a board: the zone cards
        if self.vm.screen != "zones":
            self._fail("boards: the zone cards did not open")
            return
        zone = self.rng.choice(self.vm.content.zones)["id"]
        resets = self.resets
        self.tap()
        ex.open_zone(zone)  # boards are prepared on the image worker, then the board screen opens
        yield until(lambda: self.vm.screen != "zones")
        if self.vm.screen != "board":
            if self.resets != resets:
                self.dropped["zone_open"] += 1  # the visitor walked away before the boards came
                return
            self._fail(f"boards: zone {zone} did not open")
            return
        if ex.zone_id != zone or not ex.boards:
            self._fail(f"boards: zone {ex.zone_id!r} on show, {zone} asked for")
            return
        self.expected.board_shown(ex.boards[int(ex.board_index)]["id"])
        for _ in range(self.rng.randint(2, 8)):
            yield until(lambda: self.vm.screen != "board" or self.board_settled())
            if self.vm.screen != "board":
                return  # an idle reset: the screen binding counted the view
            if not self.board_settled():
                self._fail("boards: the Carousel did not come to rest")
                return
            yield pause(self.pace)
            if self.vm.screen != "board":
                return
            step = self.rng.choice((1, 1, -1, 2))
            index = max(0, min(int(ex.board_index) + step, len(ex.boards) - 1))
            self.tap()
            ex.show_board(index)
            self.expected.board_shown(ex.boards[index]["id"])
            if int(ex.board_index) != index:
                self._fail(f"boards: asked for board {index}, view model at {ex.board_index}")
            if self.rng.random() < 0.15 and ex.boards[index]["images"]:
                image = ex.boards[index]["images"][0]
                self.tap()
                ex.open_image(image["full"], image["caption"])
                yield pause(self.pace)
                self.tap()
                ex.close_image()
        yield until(lambda: self.vm.screen != "board" or self.board_settled())

    def read_aloud(self) -> Any:
        yield from self.boards()
        if self.vm.screen != "board":
            return
        narration = self.vm.narration
        if narration.busy:
            self._fail("read aloud: narration busy on a fresh board")
            return
        self.tap()
        self.vm.exhibition.toggle_read_aloud()
        self.expected.read()
        yield until(lambda: narration.state == "speaking" or not narration.busy or self.vm.screen != "board")
        if self.vm.screen == "board" and narration.state != "speaking":
            self._fail(f"read aloud: narration {narration.state} ({narration.message})")
        yield pause(self.rng.uniform(0.5, 2.5))
        if self.rng.random() < 0.5 and narration.busy:
            self.tap()
            self.vm.exhibition.toggle_read_aloud()  # stop it
        self.tap()
        self.vm.go_home()

    def _quiz_step(self, counted: list[Any]) -> None:
        """Right after a tap: the result screen came up, so the attempt is being stored."""
        quiz = self.vm.quiz
        session = quiz.session
        if quiz.phase == "finished" and session is not None and session not in counted:
            counted.append(session)
            self.expected.counts["quiz_attempts"] += 1
            self.expected.counts["quiz_answers"] += len(session.records)

    def quiz(self) -> Any:
        yield from self._start()
        quiz = self.vm.quiz
        self.tap()
        quiz.open_home()
        yield until(lambda: quiz.ready or self.vm.screen != "quiz_home")
        if self.vm.screen != "quiz_home":
            self.dropped["quiz_home"] += 1
            return
        self.tap()
        quiz.start_practice(None)
        if self.vm.screen != "quiz_question" or quiz.phase != "showing":
            self._fail(f"quiz: practice did not start (phase {quiz.phase!r})")
            return
        counted: list[Any] = []
        for _ in range(50):
            if self.vm.screen != "quiz_question":
                break
            if quiz.phase == "showing" and quiz.options:
                self.tap()
                quiz.choose(self.rng.choice(quiz.options)["key"])
                self.tap()
                quiz.confirm()
                self._quiz_step(counted)
            yield pause(self.pace / 3)
            if self.vm.screen != "quiz_question":
                break
            self.tap()
            quiz.next_question()
            self._quiz_step(counted)
            yield pause(self.pace / 3)
        if self.vm.screen == "quiz_question":
            self._fail("quiz: 50 steps without a result")
        yield pause(self.pace)
        self.tap()
        self.vm.go_home()

    def _scan(self, text: str, outcome: str) -> Any:
        checkin = self.vm.checkin
        resets = self.resets
        if not checkin.scan_arrived(text):  # tells the idle monitor itself
            self._fail(f"scan: ignored ({outcome})")
            return False
        yield until(lambda: checkin.outcome != "" or self.resets != resets)
        got = checkin.outcome
        if got == "" and self.resets != resets:
            self.dropped["scan"] += 1  # the scan was taken; its answer came after the reset
            return True
        if got != outcome:
            self._fail(f"scan: expected {outcome}, screen said {got!r}")
        yield pause(self.pace)
        if self.vm.screen == "checkin_result":
            self.tap()
            checkin.finish()
        return True

    def scan_valid(self) -> Any:
        if not self.passes:
            return
        text = self.passes.pop()
        taken = yield from self._scan(text, "accepted")
        if taken:
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
        checkin = self.vm.checkin
        self.tap()
        checkin.open_walkin()
        yield pause(self.pace / 2)
        if self.vm.screen != "walkin":
            self._fail("walk-in: the form did not open")
            return
        self.tap()
        checkin.choose_kind(self.rng.choice(("member", "public")))
        for _ in range(self.rng.randint(0, 3)):
            self.tap()
            checkin.change_count(1)
        resets = self.resets
        self.tap()
        checkin.submit_walkin()
        yield until(lambda: checkin.outcome != "" or checkin.walkin_message != "" or self.resets != resets)
        if checkin.outcome == "walkin":
            self.expected.counts["checkins_walk_in"] += 1
        elif checkin.outcome == "" and checkin.walkin_message == "" and self.resets != resets:
            self.dropped["walkin"] += 1  # registered; the answer came after the reset
            self.expected.counts["checkins_walk_in"] += 1
            return
        else:
            self._fail(f"walk-in: screen said {checkin.outcome!r} {checkin.walkin_message!r}")
            return
        yield pause(self.pace)
        if self.vm.screen == "checkin_result":
            self.tap()
            checkin.finish()

    def _enter_pin(self) -> Any:
        """The PIN pad, the PIN, OK; True when the staff console is on show."""
        staff = self.vm.staff
        self.tap()
        self.vm.open_pin_pad()
        if self.vm.screen != "pin":
            self._fail("staff: the PIN pad did not open")
            return False
        for key in PIN:
            self.tap()
            staff.pin_key(key)
            yield pause(self.pace / 4)
        resets = self.resets
        self.tap()
        staff.pin_key("ok")  # the PIN is checked on a worker
        yield until(lambda: self.vm.screen != "pin" or not staff.checking or self.resets != resets)
        if self.vm.screen == "staff":
            self.expected.counts["staff_pin_ok"] += 1
            return True
        if self.resets != resets:
            self.dropped["staff"] += 1  # checked (a pin_ok fact) after the visit was reset
            self.expected.counts["staff_pin_ok"] += 1
            return False
        self._fail(f"staff: PIN did not open the console ({staff.pin_message})")
        return False

    def staff(self) -> Any:
        if not (yield from self._enter_pin()):
            return
        yield pause(self.pace * 2)
        self.tap()
        self.vm.leave_staff()

    def feedback(self) -> Any:
        """留言评价 at the exit: a few tags marked, then one face tapped records the rating."""
        yield from self._start()
        fb = self.vm.feedback
        self.tap()
        fb.open()
        if self.vm.screen != "feedback":
            self._fail("feedback: the screen did not open")
            return
        yield pause(self.pace / 2)
        for tag in self.rng.sample(list(fb.tags), min(len(fb.tags), self.rng.randint(0, 2))):
            self.tap()
            fb.toggle_tag(tag["text"])
        if fb.groups and self.rng.random() < 0.5:
            self.tap()
            fb.choose_group(self.rng.choice(list(fb.groups))["id"])
        resets = self.resets
        self.tap()
        fb.rate(self.rng.randint(1, 5))  # the fact is written on a worker, whatever happens on screen
        self.expected.counts["feedback"] += 1
        yield until(lambda: fb.thanked or fb.message != "" or self.resets != resets)
        if not fb.thanked and self.resets != resets:
            self.dropped["feedback"] += 1
            return
        if not fb.thanked:
            self._fail(f"feedback: {fb.message!r}")
            return
        # the thank-you goes home by itself after a few seconds (or the idle reset comes first)
        yield until(lambda: self.vm.screen != "feedback")

    def contest(self) -> Any:
        """Staff open 知识竞赛 from the console; teams play a round or two; staff close it."""
        if not (yield from self._enter_pin()):
            return
        contest = self.vm.quiz.contest
        self.tap()
        contest.open_setup()
        if self.vm.screen != "contest_setup":
            self._fail("contest: the set-up did not open")
            return
        yield until(lambda: contest._bank is not None or contest.setup_message not in ("", "正在准备题目…"))
        if contest._bank is None:
            self._fail(f"contest: no bank ({contest.setup_message})")
            return
        self.tap()
        contest.set_team_count(self.rng.randint(2, 4))
        self.tap()
        contest.start()
        session = contest.session
        if session is None or self.vm.screen != "contest_board":
            self._fail(f"contest: did not start ({contest.setup_message})")
            return
        rounds = self.rng.randint(1, 2)
        for _ in range(200):
            state = contest.state
            if state == "finished" or (state == "round_over" and session.snapshot().round_number >= rounds):
                break
            self.tap()
            if state in ("ready", "round_over", "revealed"):
                contest.primary()
            elif state == "picking" and contest.stakes:
                contest.pick(self.rng.choice(list(contest.stakes)))
            elif state == "open":
                contest.buzz(self.rng.choice(list(contest.teams))["name"])
            elif state == "answering":
                if contest.answer_kind == "choice" and contest.options:
                    contest.choose(self.rng.choice(list(contest.options))["key"])
                    self.tap()
                    contest.confirm()
                else:
                    contest.skip()
            yield pause(self.pace / 3)
        else:
            self._fail(f"contest: 200 steps, still {contest.state!r}")
        if self.rng.random() < 0.3 and contest.teams:
            self.tap()
            contest.correct(contest.teams[0]["name"], 10)
        self.tap()
        contest.close()  # an unfinished contest is finished, and every event stored
        if len(session.events) > 1:
            self.expected.counts["contest_events"] += len(session.events)
            self.expected.counts["contests"] += 1
        yield pause(self.pace)
        if self.vm.screen == "staff":
            self.tap()
            self.vm.leave_staff()

    def idle(self) -> Any:
        yield from self._start()
        resets = self.resets
        if self.rng.random() < 0.5:
            yield from self.boards()
        if self.resets != resets or self.vm.screen == "attract":
            return  # the reset came during the walk (a slow frame under load): the visitor has gone
        resets = self.resets
        config = self.app.kiosk_config
        # no touch from here: the idle monitor warns, then resets (the guard only catches a hang)
        yield until(lambda: self.resets != resets, config.idle_timeout + config.idle_warning + GUARD_S)
        if self.resets == resets:
            self._fail("idle: no reset")


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
        found["feedback"] = conn.execute(text("SELECT count(*) FROM feedback")).scalar() or 0
        found["contest_events"] = conn.execute(text("SELECT count(*) FROM quiz_contest_events")).scalar() or 0
        found["contests"] = conn.execute(
            text("SELECT count(DISTINCT contest_id) FROM quiz_contest_events")).scalar() or 0
    engine.dispose()
    return found


def _views(db_path: Path) -> list[list[Any]]:
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{db_path}")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT board_id, dwell_seconds, read_aloud FROM board_views ORDER BY opened_at")).all()
    engine.dispose()
    return [list(r) for r in rows]


def _object_counts() -> Counter[str]:
    """Live Python objects by type (what grows, when RSS grows: objgraph's ``growth`` without the dependency)."""
    import gc

    gc.collect()
    return Counter(type(o).__qualname__ for o in gc.get_objects())


def _grown(before: Counter[str], after: Counter[str], top: int = 10) -> dict[str, int]:
    diff = Counter({k: after[k] - before.get(k, 0) for k in after if after[k] > before.get(k, 0)})
    return dict(diff.most_common(top))


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

    warm_marks: dict[str, Any] = {}

    def sample(_dt: float = 0) -> None:
        rss.append((time.monotonic() - started, process.memory_info().rss / 1024**2))
        if "objects" not in warm_marks and visitors.end and time.monotonic() > visitors.end - args.minutes * 45:
            # a quarter in: the warm-up is over; what grows from here is what the report names
            warm_marks["objects"] = _object_counts()
            warm_marks["rss_mb"] = rss[-1][1]
            if args.trace:
                warm_marks["trace"] = tracemalloc.take_snapshot()
            frames["last"] = None  # the count's own pause is not a visitor's long frame

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
    if args.trace:
        tracemalloc.start(8)
    app.run()
    sample()
    grown: dict[str, Any] = {}
    if "objects" in warm_marks:
        grown["objects_by_type"] = _grown(warm_marks["objects"], _object_counts())
        if args.trace:
            stats = tracemalloc.take_snapshot().compare_to(warm_marks["trace"], "lineno")
            grown["python_allocations_kb"] = {str(st.traceback[0]): round(st.size_diff / 1024)
                                              for st in stats[:10] if st.size_diff > 0}
    found = _facts(data / "kiosk.sqlite3")
    expected = visitors.expected.counts
    keys = sorted(set(found) | set(expected))
    mismatched = {k: (expected[k], found[k]) for k in keys if expected[k] != found[k]}
    warm = [s for s in rss if s[0] >= rss[-1][0] / 4]
    exceptions = len(errors.records) + app.crash_guard.caught + len(visitors.failures)
    report = {
        "minutes": round((time.monotonic() - started) / 60, 1), "size": args.size, "pace_s": args.pace,
        "actions": dict(visitors.actions), "idle_resets": visitors.resets,
        "results_overtaken_by_reset": dict(visitors.dropped), "facts_expected": dict(expected), "facts_found": dict(found),
        "facts_match": not mismatched, "mismatched": mismatched,
        "exceptions": exceptions, "error_log_records": errors.records[:10], "driver_failures": visitors.failures[:10],
        "ui_errors_caught": app.crash_guard.caught,
        "frames": frames["count"], "frames_over_250ms": frames["long"], "worst_frame_ms": round(frames["worst"] * 1000),
        "rss_start_mb": round(rss[0][1], 1), "rss_after_warmup_mb": round(warm_marks.get("rss_mb", float("nan")), 1),
        "rss_end_mb": round(rss[-1][1], 1),
        "rss_max_mb": round(max(m for _, m in rss), 1),
        "rss_slope_mb_per_hour_after_warmup": round(_slope_mb_per_hour(warm), 1),
        "rss_slope_mb_per_hour_all": round(_slope_mb_per_hour(rss), 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "grown_after_warmup": grown,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps({**report, "rss": rss, "views_expected": visitors.expected.views,
                                               "views_found": _views(data / "kiosk.sqlite3")}, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if not mismatched and exceptions == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--pace", type=float, default=0.3, help="seconds between a visitor's steps")
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--trace", action="store_true",
                        help="also trace Python allocations (tracemalloc; slower frames) and name what grew")
    parser.add_argument("--json", help="also write the report (with every RSS sample) here")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run"):
        return subprocess.call(["xvfb-run", "-a", "-s", f"-screen 0 {args.size}x24", sys.executable, *sys.argv])
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
