"""``kiosk demo seed``: realistic synthetic history, deterministic for a seed, written in bulk.

Patterns: halls closed most Mondays, busier Tuesday–Friday; seasonal peaks before 七一 and around
国庆, quiet at 春节 (February); groups of 10–80 whose size depends on the organisation kind, kinds in
realistic shares; 5 % no-shows, 2 % duplicate check-ins from a second offline kiosk, headcount
confirmations on most groups; walk-ins (members and 群众); board views with log-normal dwell; quiz
attempts whose questions have fixed difficulties; feedback mostly 4–5 with tags and a few suggestions.

On a kiosk the facts carry its hall and device ids (they sync like real ones); ``halls`` > 0 writes
that many synthetic halls (a hub's database). Ids are UUIDv7 built from the fact's time and the seeded
generator, so the same seed gives the same rows. Rows are made as plain tuples in the database's
storage form and written by :class:`kiosk.demo.bulk_writer.BulkWriter`, about :data:`FLUSH_ROWS` per
transaction, outbox rows included as the sync triggers would make them (see that module for why).
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import os
import pickle
import random
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import Table, insert

from kiosk.clock import hall_day_start
from kiosk.demo.bulk_writer import BulkWriter
from kiosk.quizzone.item_totals import FoldDeltas, add_attempt, fold_collected
from kiosk.store.db import Database
from kiosk.store.feedback_models import Feedback
from kiosk.store.models import BoardView
from kiosk.store.quiz_models import QuizAnswer, QuizAttempt
from kiosk.store.visits_models import Booking, Checkin, HeadcountConfirmation, Organisation
from kiosk.visits.bookings import PURPOSES

T = TypeVar("T")
FLUSH_ROWS = 100_000
"""Rows per transaction: big enough that commits cost little, small enough that a kiosk's own
check-in waits at most a second or two behind the seed's write lock."""
FACT = ("id", "hall_id", "device_id", "recorded_at", "corrects_id")
EPOCH = datetime(1970, 1, 1)
KINDS = (("机关", 0.30, 20, 60), ("社区", 0.20, 10, 40), ("农村", 0.10, 15, 50), ("学校", 0.15, 30, 80),
         ("国有企业", 0.15, 20, 80), ('"两新"组织', 0.07, 10, 30), ("其他", 0.03, 10, 40))
MONTH_WEIGHT = (0.8, 0.35, 1.0, 1.0, 1.1, 1.45, 1.5, 0.8, 1.15, 1.35, 1.0, 0.8)
WEEKDAY_WEIGHT = (0.15, 1.0, 1.0, 1.0, 1.0, 0.6, 0.45)
PURPOSE_WEIGHTS = (0.45, 0.2, 0.15, 0.07, 0.08, 0.05)
DISTRICTS = ("东城", "西城", "朝阳", "海淀", "丰台", "石景山", "通州", "顺义", "昌平", "大兴")
TAGS = ("讲解清楚", "内容丰富", "设备好用", "形式新颖", "深受教育", "希望增加内容")
SUGGESTIONS = ("希望增加互动展项", "讲解时间可以再长一些", "建议周末延长开放时间", "希望多一些地方党史内容",
               "答题题目可以再多一些", "停车不太方便")
PER_DAY = {"groups": 5.0, "walk_ins": 160.0, "views": 420.0, "attempts": 330.0, "feedback": 10.0}
"""Mean facts per open day at weight 1 (≈ 50,000 check-ins and 1,000,000 answers a year)."""
QUESTIONS = 200
ANSWERS_PER_ATTEMPT = 10
BANK = "演示题库"
QUESTION_IDS = tuple(f"demo-q{q:04d}" for q in range(QUESTIONS))
CHOSEN = {letter: json.dumps([letter]) for letter in "ABCD"}
MS_MASK, RAND_B_MASK, VARIANT = (1 << 48) - 1, (1 << 62) - 1, 0b10 << 62


@dataclass
class SeedCounts:
    days: int = 0
    organisations: int = 0
    bookings: int = 0
    checkins: int = 0
    confirmations: int = 0
    board_views: int = 0
    quiz_attempts: int = 0
    quiz_answers: int = 0
    feedback: int = 0
    halls: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return dict(self.__dict__)


class _Ids:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def at(self, instant: datetime) -> uuid.UUID:
        """A UUIDv7 for ``instant`` with seeded random bits."""
        return uuid.UUID(int=self._value(int(instant.timestamp() * 1000)))

    def hex_at(self, naive_utc: datetime) -> str:
        """:meth:`at` for a naive UTC instant, as the 32 hex digits SQLite stores."""
        return self.hex_after(self.prefix(naive_utc))

    @staticmethod
    def prefix(naive_utc: datetime) -> str:
        """The first 13 hex digits of every id :meth:`hex_at` makes for ``naive_utc``: its 48-bit
        millisecond time and the version digit (the seed makes ten answers' ids for one instant)."""
        return f"{int((naive_utc - EPOCH).total_seconds() * 1000) & MS_MASK:012x}7"

    def hex_after(self, prefix: str) -> str:
        """An id of :meth:`prefix`'s instant: the same bits as :meth:`_value`, formatted in pieces."""
        rand = self.rng.getrandbits(74)  # rand_a (12 bits) above the variant and rand_b (62): 19 hex digits
        return f"{prefix}{(rand >> 62) << 64 | rand & RAND_B_MASK | VARIANT:019x}"

    def _value(self, ms: int) -> int:
        ms &= MS_MASK
        rand = self.rng.getrandbits(74)
        return (ms << 80) | (0x7 << 76) | ((rand >> 62) << 64) | (0b10 << 62) | (rand & ((1 << 62) - 1))


def _chooser(rng: random.Random, population: Sequence[T], weights: Sequence[float]) -> Callable[[], T]:
    """``lambda: rng.choices(population, weights)[0]`` with the cumulative weights summed once: the
    same single ``random()`` draw and the same pick (``choices``' own arithmetic), without re-summing
    the weights at every call (a tenth of the row-making time)."""
    cumulative = list(itertools.accumulate(weights))
    total, hi, draw = cumulative[-1] + 0.0, len(cumulative) - 1, rng.random

    def pick() -> T:
        return population[bisect.bisect(cumulative, draw() * total, 0, hi)]
    return pick


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, int(rng.gauss(mean, math.sqrt(mean)) + 0.5))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def seed_history(db: Database, *, start: date, end: date, hall_devices: dict[str, list[str]], seed: int = 1,
                 zones: list[str] | None = None, progress: Callable[[int, int], None] | None = None,
                 scale: float = 1.0, parallel: bool | None = None, fold: bool = True,
                 quiz_answers: bool = True, drop_indexes: bool | None = None) -> SeedCounts:
    """Write synthetic facts for every day in [start, end] for each hall ({hall: [device, second device]});
    ``scale`` multiplies the daily rates (the snapshot uses a small history). ``quiz_answers=False``
    draws the same history but writes no quiz answers (four fifths of a year's seeding time; the
    district benchmark's summary reads none of them).

    ``parallel`` (default: from :data:`PARALLEL_DAYS` hall-days at full rate) makes the rows in a
    child process while this one writes the previous step: the same rows in the same order (one
    seeded generator, only moved), and the Python that makes rows off the writing process's GIL —
    sqlite3 lets go of the GIL only inside each row's step, so a writer *thread* would wait up to a
    switch interval per row behind the generating one.

    ``fold`` (default) folds each step's attempts into the quiz running totals right after writing
    it, so the first item statistics have nothing to catch up (its cost: docs/architecture.md; the
    catch-up fold of the same history at the first read costs far more); without it that first read
    folds them.

    ``drop_indexes`` (default: when the seed's rows, :data:`BULK_ROWS_PER_DAY` a hall-day, are at
    least :data:`BULK_MIN_ROWS` and the rows already in its tables) drops the seeded tables'
    non-unique indexes for the seed and re-creates them at its end, each sorted once (SQLite only;
    a killed seed's are re-created by the next ``open_database``)."""
    params = _Params(start, end, dict(hall_devices), seed, list(zones) if zones else None, scale, FLUSH_ROWS,
                     quiz_answers)
    hall_days = ((end - start).days + 1) * len(hall_devices) * scale
    if parallel is None:
        parallel = hall_days >= PARALLEL_DAYS
    if drop_indexes is None:
        expected = hall_days * BULK_ROWS_PER_DAY
        drop_indexes = expected >= BULK_MIN_ROWS and expected >= _rows_in(db)
    steps = _child_steps(params) if parallel else _steps(params)
    total_days = (end - start).days + 1
    counts: SeedCounts | None = None
    writer: BulkWriter | None = None
    try:
        for kind, payload, days_done in steps:
            if kind == "organisations":  # first
                with db.transaction() as session:
                    session.execute(insert(Organisation), payload)
                writer = BulkWriter(db, COLUMNS, drop_indexes=drop_indexes)
            elif kind == "rows" and writer is not None:
                batches, (attempt_ids, deltas) = payload
                writer.write(batches)
                if fold and attempt_ids:  # its own transaction: if it fails, the next statistics read folds them
                    with db.transaction() as session:
                        fold_collected(session, attempt_ids, deltas)
                if progress and days_done < total_days:
                    progress(days_done, total_days)
            elif kind == "counts":
                counts = payload
    finally:
        close = getattr(steps, "close", None)
        if close is not None:
            close()
        if writer is not None:
            writer.close()
    if counts is None:  # pragma: no cover - the generator always ends with its counts
        raise RuntimeError("演示数据生成未完成。")
    if progress:
        progress(total_days, total_days)
    return counts


BULK_ROWS_PER_DAY = 3000
"""About how many rows a hall-day at full rate seeds (≈ 1.25 M a year), for deciding ``drop_indexes``."""
BULK_MIN_ROWS = 200_000
"""From how many seeded rows the non-unique indexes are dropped and rebuilt (a month's worth or more)."""


def _rows_in(db: Database) -> int:
    """About how many rows the seeded tables hold already (their largest rowids; 0 off SQLite)."""
    if db.engine.dialect.name != "sqlite":
        return 0
    with db.engine.connect() as connection:
        return sum(connection.exec_driver_sql(f'SELECT coalesce(max(rowid), 0) FROM "{table.name}"').scalar_one()
                   for table in COLUMNS)


PARALLEL_DAYS = 60
"""Hall-days (at full rate) from which the rows are made in a child process (its start costs ≈ 0.3 s)."""


@dataclass(frozen=True)
class _Params:
    start: date
    end: date
    hall_devices: dict[str, list[str]]
    seed: int
    zones: list[str] | None
    scale: float
    flush_rows: int
    quiz_answers: bool = True


Step = tuple[str, Any, int]
"""What :func:`_steps` yields, (kind, payload, days done): ``organisations`` (their rows), then
``rows`` (({table: rows}, (attempt ids, their item-totals fold))) per transaction, then ``counts``
(the :class:`SeedCounts`)."""


def _child_steps(params: _Params) -> Iterator[Step]:
    """:func:`_steps` run in a child Python (``python -c`` importing this module: nothing of this
    process is copied or re-run), its steps pickled through a pipe; the pipe's buffer is the only
    queue, so the child makes step n + 1 while this process writes step n, and memory stays at a
    few steps' rows."""
    root = str(Path(__file__).resolve().parents[2])  # the folder holding the kiosk package
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p))
    errors = tempfile.TemporaryFile()  # not a pipe: a chatty child must never block on it
    child = subprocess.Popen([sys.executable, "-c", "from kiosk.demo.seed import _child_main; _child_main()"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, env=env)
    assert child.stdin is not None and child.stdout is not None
    try:
        pickle.dump(params, child.stdin)
        child.stdin.close()
        while True:
            try:
                step: Step = pickle.load(child.stdout)
            except EOFError:
                child.wait()
                errors.seek(0)
                detail = errors.read().decode("utf-8", "replace").strip().splitlines()
                raise RuntimeError(f"生成演示数据的子进程意外退出（退出码 {child.returncode}）："
                                   f"{detail[-1] if detail else '没有输出'}") from None
            yield step
            if step[0] == "counts":
                break
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()  # this process stopped reading (an error while writing, Ctrl-C)
            child.wait()
        child.stdout.close()
        errors.close()


def _child_main() -> None:
    """The child process: read the parameters from stdin, pickle every step to stdout."""
    params = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must not land in the pickle stream
    for step in _steps(params):
        pickle.dump(step, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def _steps(params: _Params) -> Iterator[Step]:
    """The seeded rows: organisations, then one step of about ``flush_rows`` rows at a time."""
    start, end, hall_devices, seed, zones = params.start, params.end, params.hall_devices, params.seed, params.zones
    flush_rows, scale, with_answers = params.flush_rows, params.scale, params.quiz_answers
    per_day = {key: mean * scale for key, mean in PER_DAY.items()}
    rng = random.Random(seed)
    ids = _Ids(rng)
    zones = zones or [f"zone-{i:02d}" for i in range(1, 11)]
    zone_pop = [1.0 / (i + 1) ** 0.6 for i in range(len(zones))]
    difficulty = [min(0.97, max(0.2, rng.betavariate(5, 2))) for _ in range(QUESTIONS)]
    counts = SeedCounts(halls=sorted(hall_devices))
    created = datetime(start.year, 1, 1, tzinfo=UTC)
    orgs: list[tuple[uuid.UUID, int]] = []
    org_rows = []
    for i in range(400):
        k = rng.choices(range(len(KINDS)), weights=[k[1] for k in KINDS])[0]
        oid = ids.at(created)
        orgs.append((oid, k))
        org_rows.append({"id": oid, "name": f"{rng.choice(DISTRICTS)}区{KINDS[k][0]}第{i + 1}党支部（演示）",
                         "kind": KINDS[k][0], "parent_id": None, "created_at": created})
    counts.organisations = len(org_rows)
    yield "organisations", org_rows, 0
    total_days = (end - start).days + 1
    buffers: dict[str, list[tuple[object, ...]]] = {table.name: [] for table in COLUMNS}
    bookings, checkins, confirmations = buffers["bookings"], buffers["checkins"], buffers["headcount_confirmations"]
    views, attempts, answers, feedback = (buffers["board_views"], buffers["quiz_attempts"], buffers["quiz_answers"],
                                          buffers["feedback"])
    logits = [math.log(d / (1 - d)) for d in difficulty]
    orgs_hex = [(o.hex, kind) for o, kind in orgs]
    hex_at, rand, uniform, exp = ids.hex_at, rng.random, rng.uniform, math.exp
    prefix_of, hex_after, sample, choice = ids.prefix, ids.hex_after, rng.sample, rng.choice
    question_range, right_chosen = range(QUESTIONS), CHOSEN["A"]
    pick_zone = _chooser(rng, range(len(zones)), zone_pop)
    pick_mode = _chooser(rng, ("practice", "challenge", "daily"), (0.5, 0.2, 0.3))

    def stamp(at: datetime) -> str:
        return at.isoformat(" ", "microseconds")

    # the item-totals fold of the step's attempts, collected as they are made (each has its answers in
    # the same step) so that the writing process only merges it: the rows the catch-up fold would make
    folded: list[str] = []
    deltas = FoldDeltas()

    def taken() -> tuple[dict[str, list[tuple[object, ...]]], tuple[list[str], FoldDeltas]]:
        nonlocal folded, deltas
        step = {name: rows[:] for name, rows in buffers.items()}
        for rows in buffers.values():
            rows.clear()
        fold = folded, deltas
        folded, deltas = [], FoldDeltas()
        return step, fold

    for offset in range(total_days):
        day = start + timedelta(days=offset)
        day_text = day.isoformat()
        weight = MONTH_WEIGHT[day.month - 1] * WEEKDAY_WEIGHT[day.weekday()]
        if day.month == 6 and day.day >= 15 or day.month == 7 and day.day <= 5 or day.month == 10 and day.day <= 10:
            weight *= 1.5  # 七一 and 国庆
        midnight = hall_day_start(day).replace(tzinfo=None)  # naive UTC from here on
        opening = midnight + timedelta(hours=9)
        for hall, devices in sorted(hall_devices.items()):
            main, second = devices[0], devices[-1]

            def moment() -> datetime:
                return opening + timedelta(seconds=uniform(0, 8 * 3600))

            for _ in range(_poisson(rng, per_day["groups"] * weight)):
                org, k = orgs_hex[rng.randrange(len(orgs_hex))]
                _kind, _share, low, high = KINDS[k]
                expected = rng.randint(low, high)
                hour = rng.choice((9, 10, 14, 15))
                bid = hex_at(opening)
                bookings.append((bid, org, day_text, f"{hour:02d}:00", f"{hour + 1:02d}:30", expected,
                                 rng.choices(PURPOSES, weights=PURPOSE_WEIGHTS)[0], None, None, None,
                                 stamp(opening - timedelta(days=7)), None, None))
                counts.bookings += 1
                if rand() < 0.05:
                    continue  # a no-show
                at = midnight + timedelta(hours=hour, minutes=rng.randint(-15, 20))
                target = hex_at(at)
                checkins.append(("pass", day_text, bid, None, org, "group", expected, expected,
                                 target, hall, main, stamp(at), None))
                counts.checkins += 1
                if rand() < 0.02:  # the same pass accepted by the second, offline kiosk
                    later = at + timedelta(minutes=rng.randint(1, 10))
                    hex_at(later)  # an id drawn and replaced, as the seed always did (same rows per seed)
                    checkins.append(("pass", day_text, bid, None, org, "group", expected, expected,
                                     hex_at(later), hall, second, stamp(later), None))
                    counts.checkins += 1
                if rand() < 0.6:
                    confirmed = at + timedelta(minutes=3)
                    cid = hex_at(confirmed)
                    confirmations.append((max(1, expected - rng.randint(0, 3)), cid, hall, main, stamp(confirmed),
                                          target))
                    counts.confirmations += 1
            for _ in range(_poisson(rng, per_day["walk_ins"] * weight)):
                at = moment()
                wid = hex_at(at)
                visitor = "member" if rand() < 0.4 else "public"
                checkins.append(("walk_in", day_text, None, None, None, visitor, rng.choice((1, 1, 1, 2, 2, 3, 4)),
                                 None, wid, hall, main, stamp(at), None))
                counts.checkins += 1
            for _ in range(_poisson(rng, per_day["views"] * weight)):
                at = moment()
                z = pick_zone()
                vid = hex_at(at)
                board = f"{zones[z]}/board-{rng.randint(1, 8)}"
                text = stamp(at)
                views.append((zones[z], board, text, round(rng.lognormvariate(3.0, 0.8), 1), int(rand() < 0.08),
                              vid, hall, main, text, None))
                counts.board_views += 1
            for _ in range(_poisson(rng, per_day["attempts"] * weight)):
                at = moment()
                text = stamp(at)
                mode = pick_mode()
                prefix = prefix_of(at)  # every id of the attempt and its answers shares the instant
                attempt_id = hex_after(prefix)
                ability = rng.gauss(0, 0.8)
                correct = 0
                mine: list[tuple[str, str, bool, int]] = []
                for position, q in enumerate(sample(question_range, ANSWERS_PER_ATTEMPT)):
                    right = rand() < 1 / (1 + exp(-(logits[q] + ability)))
                    correct += right
                    aid = hex_after(prefix)  # drawn before the wrong choice and the seconds, as always
                    if with_answers:
                        chosen = right_chosen if right else CHOSEN[choice("BCD")]
                        answers.append((attempt_id, position, QUESTION_IDS[q], chosen, int(right),
                                        round(uniform(3, 25), 1), 0, 10 if right else 0, aid, hall, main, text, None))
                        mine.append((QUESTION_IDS[q], chosen, right, position))
                    else:  # the same draws, so the rest of the history is the same
                        if not right:
                            choice("BCD")
                        uniform(3, 25)
                hex_after(prefix)  # an id drawn and replaced by the attempt's own, as the seed always did
                attempts.append((mode, BANK, correct * 10, ANSWERS_PER_ATTEMPT * 10, ANSWERS_PER_ATTEMPT, correct,
                                 stamp(at - timedelta(minutes=3)), text, None, "", attempt_id, hall, main, text,
                                 None))
                folded.append(attempt_id)
                if mine:
                    add_attempt(deltas, BANK, mode, f"{attempt_id[:8]}-{attempt_id[8:12]}-{attempt_id[12:16]}-"
                                f"{attempt_id[16:20]}-{attempt_id[20:]}", at.replace(tzinfo=UTC), mine)
                counts.quiz_attempts += 1
                counts.quiz_answers += ANSWERS_PER_ATTEMPT if with_answers else 0
            for _ in range(_poisson(rng, per_day["feedback"] * weight)):
                at = moment()
                rating = rng.choices((1, 2, 3, 4, 5), weights=(2, 3, 10, 35, 50))[0]
                fid = hex_at(at)
                tags = json.dumps(rng.sample(TAGS, rng.randint(0, 3)), ensure_ascii=False)
                suggestion = rng.choice(SUGGESTIONS) if rand() < 0.1 else ""
                feedback.append((day_text, rating, tags, suggestion, None, "kiosk", fid, hall, main, stamp(at), None))
                counts.feedback += 1
        counts.days += 1
        if sum(len(v) for v in buffers.values()) >= flush_rows:
            yield "rows", taken(), offset + 1
    yield "rows", taken(), total_days
    yield "counts", counts, total_days


def _table(model: type) -> Table:
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


COLUMNS: dict[Table, tuple[str, ...]] = {
    _table(Booking): ("id", "organisation_id", "visit_date", "slot_start", "slot_end", "expected_headcount",
                        "purpose", "contact_name", "contact_phone", "pass_id", "created_at", "cancelled_at",
                        "contact_purged_at"),
    _table(Checkin): ("kind", "local_date", "booking_id", "pass_id", "organisation_id", "visitor_kind", "count",
                        "headcount_cap", *FACT),
    _table(HeadcountConfirmation): ("arrived", "id", "hall_id", "device_id", "recorded_at", "corrects_id"),
    _table(BoardView): ("zone_id", "board_id", "opened_at", "dwell_seconds", "read_aloud", *FACT),
    _table(QuizAttempt): ("mode", "bank", "score", "max_score", "question_count", "correct_count", "started_at",
                            "finished_at", "organisation_id", "card_text", *FACT),
    _table(QuizAnswer): ("attempt_id", "position", "question_id", "chosen", "correct", "seconds", "timed_out",
                           "points", *FACT),
    _table(Feedback): ("local_date", "rating", "tags", "suggestion", "organisation_id", "source", *FACT),
}
"""The columns of each seeded table, in the order of its tuples; tables are written in this order
(an outbox row's ``seq`` follows it, as the triggers' did)."""
