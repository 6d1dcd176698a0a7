"""A kiosk's pull of N bookings made on the booking pages' service (default 1,000), from a real hub
process (`kiosk hub serve`) on PostgreSQL, as a ratio to a bare SELECT of the same rows in the same run.

    KIOSK_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_booking_pull.py
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, select, text  # noqa: E402

from kiosk.booking.hub_keys import HubHallKeys  # noqa: E402
from kiosk.booking.schedule import HallSchedules  # noqa: E402
from kiosk.booking.service import BookingRequest, OnlineBookings  # noqa: E402
from kiosk.clock import FakeClock, SystemClock, hall_date, hall_day_start  # noqa: E402
from kiosk.hub import sequence  # noqa: E402
from kiosk.hub.district import add_hall  # noqa: E402
from kiosk.store.db import open_database  # noqa: E402
from kiosk.store.visits_models import Booking  # noqa: E402
from tests.content_factory import make_content  # noqa: E402
from tests.sync.conftest import HubProcess, free_port, make_kiosk  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bookings", type=int, default=1000)
    args = parser.parse_args()
    base_url = os.environ.get("KIOSK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    schema = f"bench_pull_{uuid.uuid4().hex[:8]}"
    engine = create_engine(base_url)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{base_url}{'&' if '?' in base_url else '?'}options=-csearch_path%3D{schema}"
    hub = None
    try:
        db = open_database(url)
        sequence.install(db.sessions)
        clock = SystemClock()
        with db.transaction() as session:
            add_hall(session, "bench-hall", "压测馆", clock.now())
        schedules = HallSchedules(db, clock)
        schedules.set_hall("bench-hall", name="压测馆", open_weekdays=set(range(7)))
        visit = hall_date(clock.now()) + timedelta(days=1)
        service = OnlineBookings(db, clock, HubHallKeys(db))
        made = time.perf_counter()
        per_slot = 100
        slots = [schedules.add_slot("bench-hall", f"{h:02d}:00-{h:02d}:30", people=2000, groups=per_slot)
                 for h in range(0, (args.bookings + per_slot - 1) // per_slot)]
        for n in range(args.bookings):
            service.book(BookingRequest("bench-hall", visit.isoformat(), str(slots[n // per_slot].id), f"压测单位{n}",
                                        "其他", "参观学习", "5", "测试", "13800000000", True))
        made = time.perf_counter() - made
        hub = HubProcess(url, free_port()).start()
        work = Path(tempfile.mkdtemp(prefix="bench-pull-"))
        from kiosk.hub.district import new_enrolment

        with db.transaction() as session:
            code = new_enrolment(session, "bench-hall", "bench", clock.now(), 30)
        (work / "k").mkdir()
        k = make_kiosk(work, "k", make_content(work / "content"), hall="bench-hall",
                       clock=FakeClock(hall_day_start(visit) + timedelta(hours=1)))
        k.sync.enrol(hub.url, code)
        start = time.perf_counter()
        rows = k.sync.pull()
        pulled = time.perf_counter() - start
        start = time.perf_counter()
        with db.transaction() as session:
            bare = len(session.execute(select(Booking).where(Booking.hall_id == "bench-hall")).all())
        bare_s = time.perf_counter() - start
        print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs")
        print(f"{args.bookings} bookings made through OnlineBookings in {made:.1f} s ({args.bookings / made:.0f}/s)")
        print(f"kiosk pull: {rows} rows in {pulled:.2f} s; bare SELECT of {bare} bookings {bare_s * 1000:.0f} ms "
              f"(pull = {pulled / bare_s:.0f}× the bare read)")
    finally:
        if hub is not None:
            hub.stop()
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


if __name__ == "__main__":
    main()
