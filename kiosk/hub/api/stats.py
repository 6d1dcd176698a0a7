"""District reports (admin token): ``GET /api/stats/summary?from=&to=&hall=`` (hall repeatable).

The statistics issue's query layer (``kiosk.reports.summary.build_summary`` over a
``ReportScope``), the same code a kiosk runs on its SQLite (contract 5), run here on PostgreSQL
for one hall, several, or the whole district (no ``hall``), in one REPEATABLE READ snapshot.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Security
from sqlalchemy.orm import Session

from kiosk.hub.deps import AdminAuth, get_database, require_admin
from kiosk.store.db import Database

router = APIRouter(prefix="/api/stats", tags=["stats"])


@router.get("/summary")
def summary(
    start: date = Query(alias="from"),
    end: date = Query(alias="to"),
    hall: list[str] | None = Query(default=None),
    _admin: AdminAuth = Security(require_admin),
    db: Database = Depends(get_database),
) -> dict[str, Any]:
    from kiosk.reports.scope import ReportScope, ScopeError
    from kiosk.reports.summary import build_summary

    try:
        scope = ReportScope.of(start, end, hall or None)
    except ScopeError as exc:
        raise HTTPException(422, detail=str(exc)) from exc
    with db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
        with Session(connection) as session, session.begin():
            return build_summary(session, scope).to_json()
