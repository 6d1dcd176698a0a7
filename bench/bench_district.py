"""Benchmark: the district's annual summary on PostgreSQL, as a ratio to a bare count(*) over the
same rows, and how it grows with the number of halls.

Run: .venv/bin/python bench/bench_district.py [--halls 10] [--steps 2,5,10] [--keep-schema]
     [--schema NAME]   (reuse a schema kept by an earlier --keep-schema run: no seeding)
     (PostgreSQL at $KIOSK_TEST_PG_URL; a fresh schema of its own, dropped at the end unless kept)

Seeds ``--halls`` synthetic halls × 1 year with ``kiosk demo seed --halls H --years 1 --db …``
(the real CLI in a subprocess), then times ``build_summary`` (kiosk.reports) of that year for the
first N halls of each ``--steps`` value, for the whole district (scope with no hall filter) and
for one hall. Each figure is the best of ``--repeat`` runs. bare = ``count(*)`` over the same rows
of every fact table the summary reads, in the same session. The issue's goal: 100 halls ≤ 1 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

from kiosk.clock import SystemClock, hall_date  # noqa: E402
from kiosk.reports.scope import ReportScope  # noqa: E402
from kiosk.reports.summary import build_summary  # noqa: E402
from kiosk.store.db import open_database  # noqa: E402
from kiosk.store.feedback_models import Feedback  # noqa: E402
from kiosk.store.models import BoardView  # noqa: E402
from kiosk.store.quiz_models import QuizAttempt  # noqa: E402
from kiosk.store.visits_models import Checkin  # noqa: E402

PG_URL = os.environ.get("KIOSK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def hall(i: int) -> str:
    return f"demo-hall-{i:02d}"  # the ids ``kiosk demo seed --halls`` writes


def bare_counts(session, scope: ReportScope) -> float:  # type: ignore[no-untyped-def]
    """count(*) over the scope's rows of every fact table the summary reads, in seconds."""
    begin, end = scope.utc_bounds()
    started = time.perf_counter()
    for query, column in (
        (select(func.count()).where(Checkin.local_date >= scope.start, Checkin.local_date <= scope.end), Checkin.hall_id),
        (select(func.count()).where(BoardView.opened_at >= begin, BoardView.opened_at < end), BoardView.hall_id),
        (select(func.count()).where(QuizAttempt.finished_at >= begin, QuizAttempt.finished_at < end), QuizAttempt.hall_id),
        (select(func.count()).where(Feedback.local_date >= scope.start, Feedback.local_date <= scope.end), Feedback.hall_id),
    ):
        session.execute(scope.narrow(query, column)).one()
    return time.perf_counter() - started


def best(repeat: int, fn, *args):  # type: ignore[no-untyped-def]
    return min(_timed(fn, *args) for _ in range(repeat))


def _timed(fn, *args) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--halls", type=int, default=10, help="halls to seed (× 1 year each)")
    parser.add_argument("--steps", default="", help="hall counts to time, e.g. 2,5,10 (default: 1, 2, 5, 10 … up to --halls)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep-schema", action="store_true", help="keep the seeded schema (its name is printed)")
    parser.add_argument("--schema", default="", help="use this already seeded schema (kept by --keep-schema)")
    args = parser.parse_args()
    steps = sorted({int(s) for s in args.steps.split(",") if s.strip()} if args.steps else
                   {n for n in (1, 2, 5, 10, 20, 50, 100, 200) if n <= args.halls} | {args.halls})
    schema = args.schema or f"bench_district_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL)
    if not args.schema:
        with admin.begin() as c:
            c.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores); schema {schema}")
    try:
        if not args.schema:
            started = time.perf_counter()
            seeded = subprocess.run([sys.executable, "-m", "kiosk.cli", "demo", "seed", "--halls", str(args.halls),
                                     "--years", "1", "--db", url], cwd=ROOT, capture_output=True, text=True)
            if seeded.returncode != 0:
                raise SystemExit(f"seed failed: {seeded.stderr or seeded.stdout}")
            print(f"seed: {args.halls} halls × 1 year in {time.perf_counter() - started:.0f} s — {seeded.stdout.strip()}")
        db = open_database(url)
        end = hall_date(SystemClock().now()) - timedelta(days=1)
        start = end.replace(year=end.year - 1) + timedelta(days=1)
        with db.engine.connect() as c:
            c.execute(text("ANALYZE"))
            c.commit()
        print(f"summary of {start} .. {end}, best of {args.repeat}; bare = count(*) over the same rows")
        print(f"{'halls':>6} {'scope':<10} {'summary ms':>11} {'bare ms':>9} {'ratio':>7}")
        rows = []
        with db.transaction() as session:
            for n in steps:
                for name, scope in ((f"{n} halls", ReportScope.of(start, end, [hall(i) for i in range(1, n + 1)])),
                                    ("one hall", ReportScope.of(start, end, hall(1)))):
                    if name == "one hall" and n != steps[-1]:
                        continue
                    if n == args.halls and name != "one hall":
                        scope = ReportScope.of(start, end)  # the whole district: no hall filter at all
                        name = "district"
                    bare = best(args.repeat, bare_counts, session, scope)
                    seconds = best(args.repeat, build_summary, session, scope)
                    rows.append((n, seconds))
                    print(f"{n:>6} {name:<10} {seconds * 1000:>11.0f} {bare * 1000:>9.1f} {seconds / bare:>7.1f}")
        district = [(n, s) for n, s in rows][:-1]  # without the one-hall line
        if len(district) >= 2:
            (n0, s0), (n1, s1) = district[0], district[-1]
            per_hall = (s1 - s0) / max(1, n1 - n0)
            print(f"growth: {per_hall * 1000:.0f} ms per added hall; straight line to 100 halls ≈ "
                  f"{(s1 + per_hall * (100 - n1)):.1f} s (goal ≤ 1 s)")
        db.close()
        print(f"load average after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        if args.keep_schema:
            print(f"schema kept: {schema}  (rerun with --schema {schema}; drop with DROP SCHEMA \"{schema}\" CASCADE)")
        else:
            with admin.begin() as c:
                c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
