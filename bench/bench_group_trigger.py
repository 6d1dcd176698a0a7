"""Benchmark: what the group rollup's trigger (revision 0014) adds to the hub's ingest of check-ins.

Run: .venv/bin/python bench/bench_group_trigger.py [--batches 20] [--repeat 3]
     (PostgreSQL at $KIOSK_TEST_PG_URL; a fresh schema of its own, dropped at the end)

Pushes batches of 1,000 check-ins through the hub's ingest (:func:`kiosk.hub.ingest.insert_facts`:
one binary COPY per batch, one transaction each) with the trigger ``report_group_days_checkin``
enabled and disabled, alternating, fresh ids every run; two mixes: the seed's (~4 % pass check-ins,
the rest walk-ins) and passes only (the worst case: every row upserts a group row). The bare
reference is the same ingest with the trigger disabled (the other triggers stay on, as on the hub).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from kiosk.hub.ingest import insert_facts  # noqa: E402
from kiosk.store.db import open_database  # noqa: E402
from kiosk.store.visits_models import Checkin  # noqa: E402

PG_URL = os.environ.get("KIOSK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BATCH = 1000


def batch(rng: random.Random, pass_share: float, day: date) -> list[tuple[object, ...]]:
    names = [c.name for c in Checkin.__table__.columns]
    rows = []
    at = datetime(day.year, day.month, day.day, 2, tzinfo=UTC)
    bookings = [uuid.uuid4() for _ in range(BATCH // 20 + 1)]
    for i in range(BATCH):
        passed = rng.random() < pass_share
        values = {"id": uuid.uuid4(), "hall_id": "bench-hall", "device_id": "bench-kiosk",
                  "recorded_at": at + timedelta(seconds=i), "corrects_id": None,
                  "kind": "pass" if passed else "walk_in", "local_date": day,
                  "booking_id": rng.choice(bookings) if passed else None, "pass_id": None, "organisation_id": None,
                  "visitor_kind": "group" if passed else "member", "count": 20 if passed else 1,
                  "headcount_cap": 20 if passed else None}
        rows.append(tuple(values[n] for n in names))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", type=int, default=20, help="batches of 1,000 check-ins per run")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    schema = f"bench_group_trigger_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    rng = random.Random(1)
    try:
        db = open_database(url)
        table = Checkin.__table__
        day = date(2026, 6, 1)
        results: dict[tuple[str, bool], list[float]] = {}
        for _ in range(args.repeat):
            for mix, share in (("seed mix (4 % passes)", 0.04), ("passes only", 1.0)):
                for enabled in (True, False):
                    with db.engine.begin() as c:
                        c.execute(text(f"ALTER TABLE checkins {'ENABLE' if enabled else 'DISABLE'} "
                                       "TRIGGER report_group_days_checkin"))
                    batches = [batch(rng, share, day + timedelta(days=i % 28)) for i in range(args.batches)]
                    started = time.perf_counter()
                    for rows in batches:
                        with db.transaction() as session:
                            insert_facts(session, {table: rows})
                    results.setdefault((mix, enabled), []).append(time.perf_counter() - started)
        print(f"ingest of {args.batches} × {BATCH} check-ins (COPY, a transaction per batch), best of {args.repeat}")
        print(f"{'mix':<24} {'with trigger':>14} {'without':>10} {'added':>10} {'ratio':>6}  (ms per 1,000)")
        for mix in ("seed mix (4 % passes)", "passes only"):
            on, off = (min(results[(mix, e)]) * 1000 / args.batches for e in (True, False))
            print(f"{mix:<24} {on:>14.1f} {off:>10.1f} {on - off:>10.1f} {on / off:>6.2f}")
        db.close()
        print(f"load average after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
