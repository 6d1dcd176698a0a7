"""Booking pages under load on loopback (bounded): p95 latency of the calendar and booking form with
50 concurrent users, as a ratio to a static file served by the same process in the same run; and
bookings per second (one client, fresh CSRF each) until the first error or the slot is full.

    .venv/bin/python bench/bench_booking.py [--users 50] [--requests 20] [--bookings 300]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx

from kiosk.booking.demo import seed_demo
from kiosk.booking.schedule import HallSchedules
from kiosk.booking.service import KeysRoot
from kiosk.clock import FakeClock
from kiosk.hub.web import WebContext, create_app
from kiosk.hub.web.loopback import serving
from kiosk.store.db import open_database
from datetime import date

MONDAY = date(2026, 11, 23)  # a Monday after the FakeClock's start


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] * 1000


def _load(base: str, path: str, users: int, per_user: int) -> list[float]:
    samples: list[float] = []
    lock = threading.Lock()

    def user() -> None:
        with httpx.Client(base_url=base) as client:
            for _ in range(per_user):
                start = time.perf_counter()
                client.get(path).raise_for_status()
                with lock:
                    samples.append(time.perf_counter() - start)

    threads = [threading.Thread(target=user) for _ in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--bookings", type=int, default=300)
    parser.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-booking-"))
    db = open_database(args.db or f"sqlite:///{work / 'hub.sqlite3'}")
    clock = FakeClock()
    world = seed_demo(db, clock, work / "keys")
    schedules = HallSchedules(db, clock)
    slots = [schedules.add_slot(world.hall_id, f"{h:02d}:00-{h:02d}:50", people=2000, groups=100)
             for h in range(16, 16 + max(1, (args.bookings + 99) // 100))]  # a slot takes at most 100 groups
    slot = slots[0]
    ctx = WebContext(db, clock, KeysRoot(world.keys_root), cookie_secure=False, book_limit=(10**9, 60))
    with serving(create_app(ctx)) as base:
        form = f"/halls/{world.hall_id}/book?day={MONDAY.isoformat()}&slot={slot.id}"
        _load(base, "/static/site.css", 5, 5)  # warm up
        ref = _p95(_load(base, "/static/site.css", args.users, args.requests))
        cal = _p95(_load(base, f"/halls/{world.hall_id}?month={MONDAY:%Y-%m}", args.users, args.requests))
        book = _p95(_load(base, form, args.users, args.requests))
        print(f"{args.users} users × {args.requests} requests, load average {os.getloadavg()[0]:.2f}, "
              f"{os.cpu_count()} CPUs")
        print(f"p95 static CSS (reference): {ref:.1f} ms")
        print(f"p95 calendar page: {cal:.1f} ms ({cal / ref:.1f}× reference)")
        print(f"p95 booking form:  {book:.1f} ms ({book / ref:.1f}× reference)")
        made, start = 0, time.perf_counter()
        with httpx.Client(base_url=base) as client:
            for n in range(args.bookings):
                page = client.get(form)
                csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
                done = client.post(f"/halls/{world.hall_id}/book", data={
                    "csrf": csrf, "day": MONDAY.isoformat(), "slot": str(slots[n // 100].id), "organisation": f"压测单位{n}",
                    "kind": "其他", "purpose": "参观学习", "headcount": "1", "contact_name": "测试",
                    "contact_phone": "13800000000", "consent": "yes"}, follow_redirects=False)
                if done.status_code != 303:
                    print(f"first error after {made} bookings: HTTP {done.status_code}")
                    break
                made += 1
        elapsed = time.perf_counter() - start
        print(f"bookings: {made} in {elapsed:.1f} s = {made / elapsed:.1f}/s (form GET + POST each, one client)")
    db.close()


if __name__ == "__main__":
    main()
