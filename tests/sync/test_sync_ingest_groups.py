"""The hub's ingest path (binary COPY, then the staging table's ``INSERT … ON CONFLICT DO NOTHING`` on a
replay) keeps the group rollup of revision 0014 equal to the arrival rules on the hub's partitioned
tables: confirmations pushed before their check-ins, two halls, a batch sent again."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import insert

from kiosk.hub.ingest import check_batch, insert_facts
from kiosk.reports.scope import ReportScope
from kiosk.store.visits_models import Booking, Checkin, HeadcountConfirmation, Organisation
from tests.reports.group_rollup_helpers import assert_same
from tests.reports.test_group_rollup import D1, D2, D3, the_history
from tests.sync.conftest import HALL, OTHER_HALL

pytestmark = pytest.mark.postgres

HALLS = {"hall-a": HALL, "hall-b": OTHER_HALL}


def as_json(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in row.items():
        if isinstance(value, uuid.UUID):
            value = str(value)
        elif isinstance(value, (datetime, date)):
            value = value.isoformat()
        out[key] = HALLS.get(value, value) if key == "hall_id" else value
    return out


def push(hub_db, facts: list[tuple[Any, dict[str, Any]]]) -> int:  # type: ignore[no-untyped-def]
    """One push per hall (a device pushes its own hall's facts), tables in the order they appear."""
    inserted = 0
    for short, hall in HALLS.items():
        tables: dict[str, list[dict[str, Any]]] = {}
        for model, row in facts:
            if row["hall_id"] == short:
                tables.setdefault(model.__tablename__, []).append(as_json(row))
        if tables:
            with hub_db.transaction() as session:
                inserted += insert_facts(session, check_batch(tables, hall_id=hall, device_ids=None,
                                                              max_rows=2000)).inserted
    return inserted


def test_hub_ingest_keeps_the_group_rollup_equal_to_the_rules(hub_db) -> None:  # type: ignore[no-untyped-def]
    ref, facts, late = the_history()
    tag = uuid.uuid4().hex[:6]
    for org in ref.orgs:
        org["name"] += tag  # the hub's session-wide schema: names of this test's own
    with hub_db.transaction() as session:
        session.execute(insert(Organisation), ref.orgs)
        session.execute(insert(Booking), ref.bookings)
    confirmations = [f for f in facts if f[0] is HeadcountConfirmation]
    checkins = [f for f in facts + late if f[0] is Checkin]
    assert push(hub_db, confirmations) == len(confirmations)  # before their check-ins
    assert push(hub_db, checkins) == len(checkins)
    assert push(hub_db, facts + late) == 0  # sent again: the staging path, nothing added
    scopes = [ReportScope.of(D1, D3, HALL), ReportScope.of(D1, D3, [HALL, OTHER_HALL]), ReportScope.of(D2, D3, HALL),
              ReportScope.of(D2, D2, OTHER_HALL), ReportScope.of(D1, D1, HALL)]
    with hub_db.transaction() as session:
        figures = [assert_same(session, scope, today=D2) for scope in scopes]
    assert figures[1]["totals"].group_members == 38 + 18 + 30 + 11 + 15 + 7 + 9
