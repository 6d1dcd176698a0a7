"""Benchmark: the district's annual summary on PostgreSQL at 100 halls, as a ratio to a bare count(*)
over the same check-ins, and how it grows with the number of halls.

Run: .venv/bin/python bench/bench_district.py [--halls 100] [--seeded 1] [--steps 1,10,50,100]
     [--rules] [--answers] [--keep-schema] [--schema NAME]
     (PostgreSQL at $KIOSK_TEST_PG_URL; a fresh schema of its own, dropped at the end unless kept)

Seeding one hall-year with ``kiosk demo seed`` takes ~160 s (most of it a million quiz answers), so
100 real seeds do not fit in a run. This bench seeds ``--seeded`` halls × 1 year for real
(:func:`kiosk.demo.seed.seed_history`, the generator of ``kiosk demo seed --halls``; without quiz
answers unless ``--answers``: the summary reads none) and then clones them inside PostgreSQL up to
``--halls``: hall k is a copy of seeded hall ((k-1) mod seeded) + 1 with every id derived as
``md5(old id || ':' || k)::uuid`` (organisations, bookings, passes, check-ins, confirmations,
feedback, contest events), written by ``INSERT … SELECT`` so the rollup triggers fire as on the
hub's ingest. The clones' board views (~150,000 a hall-year) and quiz attempts (~120,000) are not
copied as facts (27 M rows do not fit in minutes): their per-day rollup rows are, which is all the
summary reads of them and what the triggers would have made of the copied facts.

Then times ``build_summary`` (kiosk.reports) of that year for the first N halls of each ``--steps``
value, for the whole district (no hall filter) and for one hall; each the best of ``--repeat`` runs.
bare = ``count(*)`` over the same check-ins, in the same session. ``--rules`` also times, once, the
group figures by the arrival rules over every check-in (what the summary read before revision 0014).
The issue's goal: 100 halls ≤ 1 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

from kiosk.clock import SystemClock, hall_date  # noqa: E402
from kiosk.demo.seed import seed_history  # noqa: E402
from kiosk.reports import visits  # noqa: E402
from kiosk.reports.scope import ReportScope  # noqa: E402
from kiosk.reports.summary import build_summary  # noqa: E402
from kiosk.store.db import open_database  # noqa: E402
from kiosk.store.visits_models import Checkin  # noqa: E402

PG_URL = os.environ.get("KIOSK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

MAPPED = {"id", "corrects_id", "booking_id", "pass_id", "organisation_id", "parent_id", "contest_id"}
"""uuid columns given a derived id in a clone (the same function everywhere, so references hold)."""
CLONED_FACTS = ("organisations", "bookings", "checkins", "headcount_confirmations", "feedback", "quiz_contest_events")
CLONED_ROLLUPS = ("report_board_view_days", "report_quiz_attempt_days")


def hall(i: int) -> str:
    return f"demo-hall-{i:02d}"  # the ids ``kiosk demo seed --halls`` writes


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def bare_count(session, scope: ReportScope) -> float:  # type: ignore[no-untyped-def]
    """count(*) over the scope's check-ins, in seconds."""
    started = time.perf_counter()
    query = select(func.count()).where(Checkin.local_date >= scope.start, Checkin.local_date <= scope.end)
    session.execute(scope.narrow(query, Checkin.hall_id)).one()
    return time.perf_counter() - started


def rules_groups(session, scope: ReportScope) -> None:  # type: ignore[no-untyped-def]
    """The group part of the summary as it was before revision 0014: the arrival rules over every check-in."""
    groups = visits.group_rows(session, scope)
    visits.visit_totals(session, scope, groups, [])
    visits.booking_counts(session, scope, groups, None)
    visits.duplicates(session, scope)


def best(repeat: int, fn, *args):  # type: ignore[no-untyped-def]
    return min(_timed(fn, *args) for _ in range(repeat))


def _timed(fn, *args) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def _columns(connection, table: str) -> list[str]:  # type: ignore[no-untyped-def]
    return list(connection.execute(text(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = :t ORDER BY ordinal_position"), {"t": table}).scalars())


def clone(engine, seeded: int, halls: int) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Halls seeded+1 … halls as copies of the seeded ones (see the module's docstring); rows per table."""
    written: dict[str, int] = {}
    with engine.begin() as connection:
        columns = {t: _columns(connection, t) for t in CLONED_FACTS + CLONED_ROLLUPS}
    for k in range(seeded + 1, halls + 1):
        source, target = hall((k - 1) % seeded + 1), hall(k)
        with engine.begin() as connection:
            for table in CLONED_FACTS + CLONED_ROLLUPS:
                names = columns[table]
                values = []
                for name in names:
                    if name in MAPPED:
                        values.append(f"md5({name}::text || ':{k}')::uuid")
                    elif name == "hall_id":
                        values.append(f"'{target}'")
                    elif name == "device_id":
                        values.append(f"replace(device_id, '{source}', '{target}')")
                    elif name == "hub_seq":
                        values.append("NULL")
                    elif name == "name" and table == "organisations":
                        values.append("name")
                    else:
                        values.append(name)
                if table == "organisations":
                    where = "hall_id = ''"  # the seed's organisations are every seeded hall's
                elif table == "bookings":  # the seed's bookings carry no hall (a kiosk's own bookings)
                    where = "hall_id = ''" + ("" if seeded == 1 else  # else: this hall's are its check-ins'
                                            f" AND id IN (SELECT booking_id FROM checkins WHERE hall_id = '{source}')")
                else:
                    where = f"hall_id = '{source}'"
                result = connection.exec_driver_sql(  # no bind parameters: ':{k}' is text
                    f'INSERT INTO {table} ({", ".join(names)}) SELECT {", ".join(values)} FROM {table} WHERE {where}')
                written[table] = written.get(table, 0) + (result.rowcount or 0)
    return written


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--halls", type=int, default=100, help="halls in the district (seeded + cloned)")
    parser.add_argument("--seeded", type=int, default=1,
                        help="halls seeded for real (× 1 year each; with more than one, the clones get no no-show bookings)")
    parser.add_argument("--steps", default="", help="hall counts to time, e.g. 1,10,100 (default: 1, 2, 5, 10 … up to --halls)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rules", action="store_true", help="also time the arrival rules' group figures once")
    parser.add_argument("--answers", action="store_true", help="seed quiz answers too (×5 the seeding time)")
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
    print(f"load average {load()} ({os.cpu_count()} cores); schema {schema}")
    end = hall_date(SystemClock().now()) - timedelta(days=1)
    start = end.replace(year=end.year - 1) + timedelta(days=1)
    try:
        db = open_database(url)
        if not args.schema:
            started = time.perf_counter()
            counts = seed_history(db, start=start, end=end, seed=1, quiz_answers=args.answers,
                                  hall_devices={hall(i): [f"{hall(i)}-kiosk-1", f"{hall(i)}-kiosk-2"]
                                                for i in range(1, args.seeded + 1)})
            print(f"seed: {args.seeded} halls × 1 year in {time.perf_counter() - started:.0f} s — check-ins "
                  f"{counts.checkins}, confirmations {counts.confirmations}, board views {counts.board_views}, "
                  f"quiz attempts {counts.quiz_attempts}, answers {counts.quiz_answers}, feedback {counts.feedback}")
            if args.halls > args.seeded:
                started = time.perf_counter()
                written = clone(db.engine, args.seeded, args.halls)
                seconds = time.perf_counter() - started
                print(f"clone: halls {args.seeded + 1}..{args.halls} in {seconds:.0f} s "
                      f"({written.get('checkins', 0) / seconds:,.0f} check-ins/s, triggers included) — "
                      + ", ".join(f"{t} {n}" for t, n in written.items()) + f"; load {load()}")
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            started = time.perf_counter()
            c.execute(text("VACUUM ANALYZE"))  # as autovacuum would have, after millions of rows in minutes
            print(f"VACUUM ANALYZE in {time.perf_counter() - started:.0f} s")
            total = c.execute(text("SELECT count(*) FROM checkins")).scalar_one()
            groups = c.execute(text("SELECT count(*) FROM report_group_days")).scalar_one()
        print(f"district: {total:,} check-ins, {groups:,} rows of report_group_days")
        print(f"summary of {start} .. {end}, best of {args.repeat}; bare = count(*) over the same check-ins; "
              f"load {load()}")
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
                    bare = best(args.repeat, bare_count, session, scope)
                    seconds = best(args.repeat, build_summary, session, scope)
                    rows.append((n, seconds))
                    print(f"{n:>6} {name:<10} {seconds * 1000:>11.0f} {bare * 1000:>9.1f} {seconds / bare:>7.2f}")
            if args.rules:
                scope = ReportScope.of(start, end)
                bare = bare_count(session, scope)
                seconds = _timed(rules_groups, session, scope)
                print(f"before 0014, the arrival rules' group figures alone, district, once: {seconds * 1000:.0f} ms "
                      f"(bare {bare * 1000:.1f} ms, ratio {seconds / bare:.1f})")
        district = rows[:-1]  # without the one-hall line
        if len(district) >= 2:
            (n0, s0), (n1, s1) = district[0], district[-1]
            per_hall = (s1 - s0) / max(1, n1 - n0)
            print(f"growth: {per_hall * 1000:.1f} ms per added hall (goal: 100 halls ≤ 1 s)")
        db.close()
        print(f"load average after {load()}")
    finally:
        if args.keep_schema:
            print(f"schema kept: {schema}  (rerun with --schema {schema}; drop with DROP SCHEMA \"{schema}\" CASCADE)")
        else:
            with admin.begin() as c:
                c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
