"""Ingest of pushed facts: checked whole, then COPY and one ``INSERT … ON CONFLICT DO NOTHING`` per table.

The fact id is the idempotency key (pretix's check-in nonce): a batch sent twice, cut off
halfway or replayed out of order changes nothing. A batch is all or nothing: every row is
converted and checked (table, columns, types, the sender's hall and device ids) before the first
statement runs, so a refused batch (403/422) writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Connection, Date, Table, Uuid, event, insert
from sqlalchemy.orm import Session

from kiosk.hub.district import HubError
from kiosk.store.types import UTCDateTime
from kiosk.sync.wire import WireError, fact_tables, row_from_json


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
    """Insert every row that is not there yet; returns how many were new.

    On PostgreSQL (:func:`_copy_and_insert`) the checked rows are COPYed into a session-local
    staging table, then one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` per table moves the new
    ones over: COPY is PostgreSQL's bulk path, and the conflict check stays PostgreSQL's (the fact
    id is the key). The rows were converted and checked in Python first (:func:`check_batch`), so
    every refusal is a 422 or 403 with a sentence, never a database error, and nothing is written.
    """
    received = inserted = 0
    postgres = session.get_bind().dialect.name == "postgresql"
    for table, rows in batch.items():
        received += len(rows)
        if postgres:
            inserted += _copy_and_insert(session, table, rows)
        else:
            statement = insert(table).prefix_with("OR IGNORE").returning(table.c.id, sort_by_parameter_order=False)
            inserted += len(session.execute(statement, rows).all())
    return Ingested(received, inserted)


STAGED = "ingest_staged_tables"
"""Key in a pooled connection's ``info``: the staging tables that connection already has."""


def _copy_and_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> int:
    """COPY ``rows`` into ``table``'s staging table, insert the new ones; returns how many were new.

    The staging table is a ``TEMP`` table ``ON COMMIT DELETE ROWS``: private to the connection
    (several hub processes and requests never see each other's rows), emptied by the commit,
    created once per pooled connection (its catalogue entry is not rewritten per batch) and never
    WAL-logged. Measured (bench/bench_sync.py): about twice the speed of the previous
    ``json_populate_recordset`` statement on the same rows.
    """
    connection = session.connection()
    if not event.contains(connection.engine, "rollback", _forget_staged):
        event.listen(connection.engine, "rollback", _forget_staged)
    staged: set[str] = connection.info.setdefault(STAGED, set())
    stage = f"_ingest_{table.name}"
    columns = ", ".join(f'"{c.name}"' for c in table.columns)
    driver: Any = connection.connection.driver_connection
    with driver.cursor() as cursor:
        if table.name not in staged:
            cursor.execute(f'CREATE TEMP TABLE IF NOT EXISTS "{stage}" (LIKE "{table.name}") ON COMMIT DELETE ROWS')
            staged.add(table.name)
        as_text = _copy_text(table)
        with cursor.copy(f'COPY "{stage}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[name] if text is None or row[name] is None else text(row[name])
                                for name, text in as_text])
        # The staging rows are moved, not copied: the table is empty again for the next batch of
        # this transaction (a DELETE of a temp table writes no WAL; TRUNCATE would rewrite pg_class).
        cursor.execute(f'WITH moved AS (DELETE FROM "{stage}" RETURNING {columns}) '
                       f'INSERT INTO "{table.name}" ({columns}) SELECT {columns} FROM moved ON CONFLICT DO NOTHING')
        return int(cursor.rowcount)


@cache
def _copy_text(table: Table) -> tuple[tuple[str, Callable[[Any], str] | None], ...]:
    """Per column, its name and how a checked value is written into COPY (None: as it is).

    UUIDs and datetimes go as their canonical text: psycopg's dumpers for them cost more than
    the whole rest of a row (bench/bench_sync.py's profile), and PostgreSQL parses that text in C.
    """
    def text_of(column: Any) -> Callable[[Any], str] | None:
        if isinstance(column.type, Uuid):
            return str
        if isinstance(column.type, (UTCDateTime, Date)):
            return _iso
        return None
    return tuple((column.name, text_of(column)) for column in table.columns)


def _iso(value: date) -> str:
    return value.isoformat()


def _forget_staged(connection: Connection) -> None:
    """A rollback undoes a ``CREATE TEMP TABLE`` of its transaction: create it again next time."""
    connection.info.pop(STAGED, None)
