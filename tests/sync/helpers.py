"""Writing facts on a kiosk and reading what the hub holds, for the sync tests."""

from __future__ import annotations

import random
from sqlalchemy import insert, select

from kiosk.clock import hall_date
from kiosk.services import KioskServices
from kiosk.store.db import Database
from kiosk.store.models import BoardView, StaffEvent
from kiosk.store.visits_models import Checkin
from kiosk.sync.wire import fact_tables


def write_facts(kiosk: KioskServices, n: int, rng: random.Random | None = None) -> None:
    """``n`` facts of three tables: ORM adds (board views, staff events) and a Core insert (check-ins)."""
    rng = rng or random.Random(n)
    for i in range(n):
        kind = rng.randrange(3)
        if hasattr(kiosk.clock, "advance"):
            kiosk.clock.advance(1)
        if kind == 0:
            now = kiosk.clock.now()
            kiosk.facts.add(BoardView(zone_id="z1", board_id=f"b{i}", opened_at=now, dwell_seconds=3.5, read_aloud=False))
        elif kind == 1:
            kiosk.facts.add(StaffEvent(kind="pin_ok", detail=str(i)))
        else:
            now = kiosk.clock.now()
            with kiosk.db.transaction() as session:
                session.execute(insert(Checkin).values(**kiosk.facts.stamp_values(now), kind="walk_in",
                                                        local_date=hall_date(now), visitor_kind="public", count=1))


def kiosk_fact_ids(kiosk: KioskServices) -> set[tuple[str, str]]:
    """(table, id) of every fact this kiosk made itself."""
    found = set()
    with kiosk.db.transaction() as session:
        for name, table in fact_tables().items():
            for fact_id in session.execute(select(table.c.id).where(table.c.device_id == kiosk.config.device)).scalars():
                found.add((name, str(fact_id)))
    return found


def hub_fact_ids(hub_db: Database, device_ids: set[str]) -> list[tuple[str, str]]:
    """(table, id) of every fact on the hub from these devices, as a list (duplicates would show)."""
    found = []
    with hub_db.transaction() as session:
        for name, table in fact_tables().items():
            for fact_id in session.execute(select(table.c.id).where(table.c.device_id.in_(sorted(device_ids)))).scalars():
                found.append((name, str(fact_id)))
    return found


def waiting(kiosk: KioskServices) -> int:
    return kiosk.sync.status()["waiting_total"]


def write_board_views_bulk(kiosk: KioskServices, n: int) -> None:
    """``n`` board views in one transaction (a backlog), through the same stamping as every fact."""
    now = kiosk.clock.now()
    rows = [{**kiosk.facts.stamp_values(now), "zone_id": "z1", "board_id": f"b{i}", "opened_at": now,
             "dwell_seconds": 2.0, "read_aloud": False, "corrects_id": None} for i in range(n)]
    with kiosk.db.transaction() as session:
        session.execute(insert(BoardView), rows)
