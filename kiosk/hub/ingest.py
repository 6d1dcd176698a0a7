"""Ingest of pushed facts: checked whole, then one ``INSERT … ON CONFLICT DO NOTHING`` per table.

The fact id is the idempotency key (pretix's check-in nonce): a batch sent twice, cut off
halfway or replayed out of order changes nothing. A batch is all or nothing: every row is
converted and checked (table, columns, types, the sender's hall and device ids) before the first
statement runs, so a refused batch (403/422) writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from kiosk.hub.district import HubError
from kiosk.sync.wire import WireError, fact_tables, row_from_json

PG_MAX_PARAMETERS = 32_000
"""Bound parameters per statement, well below PostgreSQL's 65,535."""


@dataclass(frozen=True)
class Ingested:
    received: int
    inserted: int


def check_batch(facts: Any, *, hall_id: str, device_ids: frozenset[str] | None,
                max_rows: int) -> dict[Table, list[dict[str, Any]]]:
    """The batch as rows per table, or HubError (422 malformed, 403 not the sender's, 413 too many)."""
    if not isinstance(facts, dict):
        raise HubError("facts 应为 {表名: [记录, …]}。", 422)
    tables = fact_tables()
    total = sum(len(rows) for rows in facts.values() if isinstance(rows, list))
    if total > max_rows:
        raise HubError(f"一批最多 {max_rows} 条记录，收到 {total} 条。", 413)
    checked: dict[Table, list[dict[str, Any]]] = {}
    for name, rows in facts.items():
        table = tables.get(name)
        if table is None:
            raise HubError(f"未知的记录表 {name}。", 422)
        if not isinstance(rows, list):
            raise HubError(f"{name} 应为记录列表。", 422)
        converted = []
        for data in rows:
            try:
                row = row_from_json(table, data)
            except WireError as exc:
                raise HubError(str(exc), 422) from exc
            if row["hall_id"] != hall_id:
                raise HubError(f"记录 {row['id']} 属于展馆 {row['hall_id']}，本设备只能上传展馆 {hall_id} 的记录。", 403)
            if device_ids is not None and row["device_id"] not in device_ids:
                raise HubError(f"记录 {row['id']} 属于设备 {row['device_id']}，不是本设备的记录。", 403)
            converted.append(row)
        if converted:
            checked[table] = converted
    return checked


def insert_facts(session: Session, batch: dict[Table, list[dict[str, Any]]]) -> Ingested:
    """Insert every row that is not there yet; returns how many were new."""
    received = inserted = 0
    postgres = session.get_bind().dialect.name == "postgresql"
    for table, rows in batch.items():
        received += len(rows)
        per_statement = max(1, PG_MAX_PARAMETERS // max(1, len(table.columns)))
        for start in range(0, len(rows), per_statement):
            chunk = rows[start:start + per_statement]
            if postgres:
                statement = pg_insert(table).values(chunk).on_conflict_do_nothing()
            else:
                statement = insert(table).values(chunk).prefix_with("OR IGNORE")
            # RETURNING counts the new rows on every driver (rowcount of a multi-row VALUES is not).
            inserted += len(session.execute(statement.returning(table.c.id)).all())
    return Ingested(received, inserted)
