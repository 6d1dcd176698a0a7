"""Benchmark: what reading an attempt's organisation through its correction facts costs.

Run: .venv/bin/python bench/bench_attempt_organisation.py [--attempts 100000] [--chosen 0.1]

One hall, one year of quiz attempts (100,000 ≈ the design's 1,000,000 answers a year at ten answers an
attempt), a share of them with a group chosen on the result screen (``quiz_attempt_organisations``).
Measured on SQLite, each as a ratio to the bare query measured in the same run:

* per-organisation attempts of the year (``kiosk.reports.quiz.by_organisation``); bare = the same
  grouping joined on ``quiz_attempts.organisation_id`` only (what it cost before the choices existed)
* today's leaderboard (``kiosk.quizzone.leaderboard``); bare = the same grouping without the choices
* writing one choice (``write_attempt_organisation``, with its outbox trigger); bare = one board view
  written through the same ``FactWriter``
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import case, func, insert, select  # noqa: E402

from kiosk.clock import FakeClock  # noqa: E402
from kiosk.ids import new_fact_id  # noqa: E402
from kiosk.quizzone.leaderboard import leaderboard, period_bounds  # noqa: E402
from kiosk.quizzone.records import write_attempt_organisation  # noqa: E402
from kiosk.reports import quiz  # noqa: E402
from kiosk.reports.scope import ReportScope  # noqa: E402
from kiosk.store.db import open_database  # noqa: E402
from kiosk.store.facts import FactWriter  # noqa: E402
from kiosk.store.models import BoardView  # noqa: E402
from kiosk.store.quiz_models import QuizAttempt, QuizAttemptOrganisation  # noqa: E402
from kiosk.store.visits_models import Organisation  # noqa: E402
from kiosk.sync.outbox import ensure_triggers  # noqa: E402

HALL, DEVICE = "bench-hall", "bench-kiosk"
END = datetime(2026, 11, 28, 8, tzinfo=UTC)  # late in a month: "this month" holds ~27 days


def best(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def line(name: str, seconds: float, bare: float) -> None:
    print(f"{name:<34} {seconds * 1000:>9.2f} ms   bare {bare * 1000:>9.2f} ms   ratio {seconds / bare:>6.2f}")


def seed(db, attempts: int, chosen: float, rng: random.Random) -> list[uuid.UUID]:  # type: ignore[no-untyped-def]
    orgs = [uuid.uuid4() for _ in range(265)]
    now = END
    with db.transaction() as session:
        session.execute(insert(Organisation), [{"id": o, "name": f"第{i}党支部", "kind": "机关", "created_at": now,
                                                "hall_id": HALL} for i, o in enumerate(orgs)])
        rows, choices = [], []
        for i in range(attempts):
            at = END - timedelta(seconds=rng.randrange(365 * 86400))
            attempt_id = new_fact_id()
            own = rng.choice(orgs) if rng.random() < 0.5 else None
            rows.append({"id": attempt_id, "hall_id": HALL, "device_id": DEVICE, "recorded_at": at, "corrects_id": None,
                         "mode": "challenge", "bank": "b", "score": rng.randrange(11), "max_score": 10,
                         "question_count": 10, "correct_count": 5, "started_at": at, "finished_at": at,
                         "organisation_id": own, "card_text": "", "bank_uid": None, "bank_version": None})
            if own is None and rng.random() < chosen * 2:
                choices.append({"id": new_fact_id(), "hall_id": HALL, "device_id": DEVICE, "corrects_id": attempt_id,
                                "recorded_at": at + timedelta(seconds=20), "attempt_id": attempt_id,
                                "organisation_id": rng.choice(orgs)})
        session.execute(insert(QuizAttempt), rows)
        session.execute(insert(QuizAttemptOrganisation), choices)
    print(f"{attempts} attempts, {len(choices)} chosen on the result screen, 265 organisations")
    return orgs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--chosen", type=float, default=0.1)
    args = parser.parse_args()
    load = os.getloadavg()
    if load[0] > (os.cpu_count() or 1):
        print(f"警告：机器负载高（{load[0]:.1f}，{os.cpu_count()} 核），数字只看比值")
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        ensure_triggers(db.engine)
        rng = random.Random(8)
        orgs = seed(db, args.attempts, args.chosen, rng)
        year = ReportScope.of((END - timedelta(days=364)).date(), END.date())

        def by_org() -> None:
            with db.transaction() as session:
                quiz.by_organisation(session, year)

        def by_org_bare() -> None:  # the grouping as it was before the choices (the attempt's own column)
            begin, end = year.utc_bounds()
            percent = QuizAttempt.score * 100.0 / case((QuizAttempt.max_score > 0, QuizAttempt.max_score), else_=1)
            name = func.coalesce(Organisation.name, "none")
            with db.transaction() as session:
                session.execute(select(name, func.count(), func.avg(percent))
                                .where(QuizAttempt.finished_at >= begin, QuizAttempt.finished_at < end,
                                       QuizAttempt.hall_id == HALL)
                                .outerjoin(Organisation, Organisation.id == QuizAttempt.organisation_id)
                                .group_by(name).order_by(func.count().desc(), name).limit(20)).all()

        line("by_organisation, a year", best(by_org), best(by_org_bare))

        def board() -> None:
            leaderboard(db, hall_id=HALL, device_id=DEVICE, period="month", mode="challenge", now=END)

        def board_bare() -> None:
            start, end = period_bounds("month", END)
            with db.transaction() as session:
                session.execute(select(QuizAttempt.organisation_id, QuizAttempt.device_id, func.max(QuizAttempt.score),
                                       func.count())
                                .where(QuizAttempt.hall_id == HALL, QuizAttempt.mode == "challenge",
                                       QuizAttempt.finished_at >= start, QuizAttempt.finished_at < end)
                                .group_by(QuizAttempt.organisation_id, QuizAttempt.device_id)).all()

        line("leaderboard, this month", best(board), best(board_bare))

        clock = FakeClock(END)
        writer = FactWriter(db, HALL, DEVICE, clock)
        with db.transaction() as session:
            targets = list(session.scalars(select(QuizAttempt.id).limit(50)))
        it = iter(targets)
        write = best(lambda: write_attempt_organisation(writer, attempt_id=next(it), organisation_id=orgs[0]), 20)
        view = best(lambda: writer.add(BoardView(zone_id="z", board_id="b", opened_at=END, dwell_seconds=1.0,
                                                 read_aloud=False)), 20)
        line("write one choice", write, view)
        db.close()
    print(f"负载（1/5/15 分钟）：{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}；结束时 {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
