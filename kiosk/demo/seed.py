"""``kiosk demo seed``: realistic synthetic history, deterministic for a seed, written in bulk.

Patterns: halls closed most Mondays, busier Tuesday–Friday; seasonal peaks before 七一 and around
国庆, quiet at 春节 (February); groups of 10–80 whose size depends on the organisation kind, kinds in
realistic shares; 5 % no-shows, 2 % duplicate check-ins from a second offline kiosk, headcount
confirmations on most groups; walk-ins (members and 群众); board views with log-normal dwell; quiz
attempts whose questions have fixed difficulties; feedback mostly 4–5 with tags and a few suggestions.

On a kiosk the facts carry its hall and device ids (they sync like real ones); ``halls`` > 0 writes
that many synthetic halls (a hub's database). Ids are UUIDv7 built from the fact's time and the seeded
generator, so the same seed gives the same rows. Rows go in with Core ``insert`` executemany in
batches of :data:`BATCH` inside one transaction per day-range chunk (the bulk path facts take on a hub).
"""

from __future__ import annotations

import json
import math
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from kiosk.clock import hall_day_start
from kiosk.store.db import Database
from kiosk.store.feedback_models import Feedback
from kiosk.store.models import BoardView
from kiosk.store.quiz_models import QuizAnswer, QuizAttempt
from kiosk.store.visits_models import Booking, Checkin, HeadcountConfirmation, Organisation
from kiosk.visits.bookings import PURPOSES

BATCH = 20_000
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
        ms = int(instant.timestamp() * 1000) & ((1 << 48) - 1)
        rand = self.rng.getrandbits(74)
        value = (ms << 80) | (0x7 << 76) | ((rand >> 62) << 64) | (0b10 << 62) | (rand & ((1 << 62) - 1))
        return uuid.UUID(int=value)


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
                 scale: float = 1.0) -> SeedCounts:
    """Write synthetic facts for every day in [start, end] for each hall ({hall: [device, second device]});
    ``scale`` multiplies the daily rates (the snapshot uses a small history)."""
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
    with db.transaction() as session:
        session.execute(insert(Organisation), org_rows)
    counts.organisations = len(org_rows)
    total_days = (end - start).days + 1
    buffers: dict[type, list[dict[str, object]]] = {}

    def put(model: type, row: dict[str, object]) -> None:
        buffers.setdefault(model, []).append(row)

    connection = db.engine.connect()
    if db.engine.dialect.name == "sqlite":
        # synthetic rows can be made again: no fsync per batch (the kiosk's own writes keep FULL)
        connection.exec_driver_sql("PRAGMA synchronous=OFF")
        connection.commit()

    def flush() -> None:
        with connection.begin():
            for model in (Booking, Checkin, HeadcountConfirmation, BoardView, QuizAttempt, QuizAnswer, Feedback):
                rows = buffers.pop(model, [])
                for i in range(0, len(rows), BATCH):
                    connection.execute(insert(model), rows[i:i + BATCH])

    for offset in range(total_days):
        day = start + timedelta(days=offset)
        weight = MONTH_WEIGHT[day.month - 1] * WEEKDAY_WEIGHT[day.weekday()]
        if day.month == 6 and day.day >= 15 or day.month == 7 and day.day <= 5 or day.month == 10 and day.day <= 10:
            weight *= 1.5  # 七一 and 国庆
        opening = hall_day_start(day) + timedelta(hours=9)
        for hall, devices in sorted(hall_devices.items()):
            main, second = devices[0], devices[-1]

            def fact(at: datetime, device: str = main) -> dict[str, object]:
                return {"id": ids.at(at), "hall_id": hall, "device_id": device, "recorded_at": at, "corrects_id": None}

            def moment() -> datetime:
                return opening + timedelta(seconds=rng.uniform(0, 8 * 3600))

            for _ in range(_poisson(rng, per_day["groups"] * weight)):
                oid, k = orgs[rng.randrange(len(orgs))]
                _kind, _share, low, high = KINDS[k]
                expected = rng.randint(low, high)
                hour = rng.choice((9, 10, 14, 15))
                bid = ids.at(opening)
                put(Booking, {"id": bid, "organisation_id": oid, "visit_date": day, "slot_start": f"{hour:02d}:00",
                              "slot_end": f"{hour + 1:02d}:30", "expected_headcount": expected,
                              "purpose": rng.choices(PURPOSES, weights=PURPOSE_WEIGHTS)[0], "contact_name": None,
                              "contact_phone": None, "pass_id": None, "created_at": opening - timedelta(days=7),
                              "cancelled_at": None, "contact_purged_at": None})
                counts.bookings += 1
                if rng.random() < 0.05:
                    continue  # a no-show
                at = hall_day_start(day) + timedelta(hours=hour, minutes=rng.randint(-15, 20))
                row = fact(at) | {"kind": "pass", "local_date": day, "booking_id": bid, "pass_id": None,
                                  "organisation_id": oid, "visitor_kind": "group", "count": expected,
                                  "headcount_cap": expected}
                put(Checkin, row)
                counts.checkins += 1
                target = row["id"]
                if rng.random() < 0.02:  # the same pass accepted by the second, offline kiosk
                    later = at + timedelta(minutes=rng.randint(1, 10))
                    dup = fact(later, second) | {k2: v for k2, v in row.items() if k2 not in ("id", "device_id", "recorded_at")}
                    dup.update(fact(later, second))
                    put(Checkin, dup)
                    counts.checkins += 1
                if rng.random() < 0.6:
                    put(HeadcountConfirmation, fact(at + timedelta(minutes=3)) | {
                        "arrived": max(1, expected - rng.randint(0, 3)), "corrects_id": target})
                    counts.confirmations += 1
            for _ in range(_poisson(rng, per_day["walk_ins"] * weight)):
                at = moment()
                put(Checkin, fact(at) | {"kind": "walk_in", "local_date": day, "booking_id": None, "pass_id": None,
                                         "organisation_id": None,
                                         "visitor_kind": "member" if rng.random() < 0.4 else "public",
                                         "count": rng.choice((1, 1, 1, 2, 2, 3, 4)), "headcount_cap": None})
                counts.checkins += 1
            for _ in range(_poisson(rng, per_day["views"] * weight)):
                at = moment()
                z = rng.choices(range(len(zones)), weights=zone_pop)[0]
                put(BoardView, fact(at) | {"zone_id": zones[z], "board_id": f"{zones[z]}/board-{rng.randint(1, 8)}",
                                           "opened_at": at, "dwell_seconds": round(rng.lognormvariate(3.0, 0.8), 1),
                                           "read_aloud": rng.random() < 0.08})
                counts.board_views += 1
            for _ in range(_poisson(rng, per_day["attempts"] * weight)):
                at = moment()
                mode = rng.choices(("practice", "challenge", "daily"), weights=(0.5, 0.2, 0.3))[0]
                attempt_id = ids.at(at)
                ability = rng.gauss(0, 0.8)
                correct = 0
                for position, q in enumerate(rng.sample(range(QUESTIONS), ANSWERS_PER_ATTEMPT)):
                    p = 1 / (1 + math.exp(-(math.log(difficulty[q] / (1 - difficulty[q])) + ability)))
                    right = rng.random() < p
                    correct += right
                    put(QuizAnswer, fact(at) | {"attempt_id": attempt_id, "position": position,
                                                "question_id": f"demo-q{q:04d}",
                                                "chosen": json.dumps(["A" if right else rng.choice("BCD")]),
                                                "correct": right, "seconds": round(rng.uniform(3, 25), 1),
                                                "timed_out": False, "points": 10 if right else 0})
                put(QuizAttempt, fact(at) | {"id": attempt_id, "mode": mode, "bank": BANK, "score": correct * 10,
                                             "max_score": ANSWERS_PER_ATTEMPT * 10, "question_count": ANSWERS_PER_ATTEMPT,
                                             "correct_count": correct, "started_at": at - timedelta(minutes=3),
                                             "finished_at": at, "organisation_id": None, "card_text": ""})
                counts.quiz_attempts += 1
                counts.quiz_answers += ANSWERS_PER_ATTEMPT
            for _ in range(_poisson(rng, per_day["feedback"] * weight)):
                at = moment()
                rating = rng.choices((1, 2, 3, 4, 5), weights=(2, 3, 10, 35, 50))[0]
                put(Feedback, fact(at) | {"local_date": day, "rating": rating,
                                          "tags": json.dumps(rng.sample(TAGS, rng.randint(0, 3)), ensure_ascii=False),
                                          "suggestion": rng.choice(SUGGESTIONS) if rng.random() < 0.1 else "",
                                          "organisation_id": None, "source": "kiosk"})
                counts.feedback += 1
        counts.days += 1
        if sum(len(v) for v in buffers.values()) >= 100_000:
            flush()
            if progress:
                progress(offset + 1, total_days)
    flush()
    connection.close()
    if progress:
        progress(total_days, total_days)
    return counts
