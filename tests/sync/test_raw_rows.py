"""The outbox's SQLite fast read (kiosk.sync.raw_rows) gives every fact table's rows the same JSON
values as SQLAlchemy's read through ``row_to_json``: what the hub stores is the same either way."""

from __future__ import annotations

import json
import math
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, String, Table, Text, Uuid, insert, select, text

from kiosk.store.db import open_database
from kiosk.store.types import UTCDateTime
from kiosk.sync.outbox import _stored_rows, encode_row, ensure_triggers, next_batch
from kiosk.sync.wire import fact_tables, row_from_json, row_to_json


def _value(column: Any, variant: int) -> Any:
    type_ = column.type
    if variant == 2 and column.nullable:
        return None
    if isinstance(type_, Uuid):
        return uuid.uuid4()
    if isinstance(type_, UTCDateTime):
        return datetime(2026, 12, 3, 11, 10, 5, 123456 if variant == 0 else 0, tzinfo=UTC)
    if isinstance(type_, Date):
        return date(2026, 2, 28)
    if isinstance(type_, Boolean):
        return variant == 0
    if isinstance(type_, Integer):
        return 3 if variant == 0 else 5  # a rating, a count: the rollup triggers read some of them
    if isinstance(type_, Float):
        return 0.1 + 0.2 if variant == 0 else 12.0
    if column.name == "tags":
        return '["讲解"]'  # feedback's tags are JSON (its rollup trigger reads them)
    if isinstance(type_, (String, Text)):
        length = getattr(type_, "length", None) or 40
        return '展馆 "引号" \\ \n'[:length] if variant == 0 else ""
    raise AssertionError(f"{column}: a type this test does not know")


def _rows(table: Table) -> list[dict[str, Any]]:
    return [{c.name: _value(c, variant) for c in table.columns} for variant in range(3)]


def test_every_fact_table_reads_the_same_as_through_sqlalchemy(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    ensure_triggers(db.engine)  # the fact tables of later areas get theirs when the kiosk starts
    tables = fact_tables()
    with db.transaction() as session:
        for table in tables.values():
            session.execute(insert(table), _rows(table))
    with db.transaction() as session:
        last = session.execute(text("SELECT max(seq) FROM sync_outbox")).scalar_one()
        for name, table in tables.items():
            fast = _stored_rows(session, table, 1, last).values()
            slow = {str(m["id"]): row_to_json(m) for m in session.execute(select(table)).mappings()}
            assert len(fast) == len(slow) == 3, name
            for row in fast:
                assert row_from_json(table, row) == row_from_json(table, slow[row["id"]]), name
    db.close()


def test_a_stored_value_of_another_shape_is_read_by_sqlalchemy(tmp_path: Path) -> None:
    """A time written by hand without its fraction, a UUID stored with dashes: still the same values."""
    db = open_database(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    table = fact_tables()["staff_events"]
    fact = uuid.uuid4()
    with db.transaction() as session:
        session.execute(text("INSERT INTO staff_events (id, hall_id, device_id, recorded_at, kind, detail) "
                             "VALUES (:id, 'h', 'd', '2026-03-01 02:00:00', 'pin_ok', '')"), {"id": str(fact)})
        batch = next_batch(session, max_rows=10, max_bytes=10**6)
    assert row_from_json(table, batch.facts["staff_events"][0]) == {
        "id": fact, "hall_id": "h", "device_id": "d", "recorded_at": datetime(2026, 3, 1, 2, tzinfo=UTC),
        "corrects_id": None, "kind": "pin_ok", "detail": ""}
    db.close()


def test_rows_are_encoded_as_the_stdlib_encodes_them() -> None:
    """msgspec's bytes parse to what ``json.dumps`` gave; a NaN (which msgspec would write as null,
    refused by the hub for a required column) is written as the stdlib writes it."""
    row = {"id": str(uuid.uuid4()), "detail": '展馆 "引号" \\ \n\u2028', "dwell_seconds": 0.1 + 0.2, "read_aloud": True,
           "corrects_id": None, "count": 3}
    assert json.loads(encode_row(row, ("dwell_seconds",))) == row
    assert encode_row({**row, "dwell_seconds": math.nan}, ("dwell_seconds",)) == json.dumps(
        {**row, "dwell_seconds": math.nan}, ensure_ascii=False, separators=(",", ":")).encode()
