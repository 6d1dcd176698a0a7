"""District reports (admin token): ``GET /api/stats/summary?from=&to=&hall=`` (hall repeatable).

Today the arrivals figures of ``kiosk.visits.stats`` — the same query layer a kiosk runs on its
SQLite (contract 5), run here on PostgreSQL for one hall, several, or the whole district. When the
statistics issue's ``kiosk.reports`` lands, its summary replaces the body of :func:`summary`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Security

from kiosk.hub.deps import AdminAuth, get_database, require_admin
from kiosk.store.db import Database
from kiosk.visits.stats import ArrivalStats

router = APIRouter(prefix="/api/stats", tags=["stats"])


@router.get("/summary")
def summary(
    start: date = Query(alias="from"),
    end: date = Query(alias="to"),
    hall: list[str] | None = Query(default=None),
    _admin: AdminAuth = Security(require_admin),
    db: Database = Depends(get_database),
) -> dict[str, Any]:
    if end < start:
        raise HTTPException(422, detail="结束日期早于开始日期")
    stats = ArrivalStats(db)
    halls = hall or [None]
    reports = [stats.arrivals(start, end, hall_id=h) for h in halls]
    keys = ("organisations", "members", "groups", "group_members", "walk_in_members", "public")
    total = {k: sum(r.to_json()[k] for r in reports) for k in keys}
    return {"from": start.isoformat(), "to": end.isoformat(), "halls": hall or "all", **total,
            "by_hall": {h: r.to_json() for h, r in zip(halls, reports) if h is not None}}
