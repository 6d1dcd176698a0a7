"""Ingest of pushed facts: checked whole, then one binary COPY per table, idempotent by fact id.

The fact id is the idempotency key (pretix's check-in nonce): a batch sent twice, cut off
halfway or replayed out of order changes nothing. A batch is all or nothing: every row is
converted and checked (table, columns, types, the sender's hall and device ids) before the first
statement runs, so a refused batch (403/413/422) writes nothing. A push body is checked by
:func:`kiosk.hub.push_decode.decode_push` (msgspec, in C) and, when that refuses it, by
:func:`check_batch` (which words the refusal); bundles take :func:`check_batch` directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, event, insert, text
from sqlalchemy.orm import Session

from kiosk.hub.district import HubError
from kiosk.hub.push_decode import Batch
from kiosk.sync.wire import WireError, fact_tables, row_from_json


@dataclass(frozen=True)
class Ingested:
    received: int
    inserted: int


def check_batch(facts: Any, *, hall_id: str, device_ids: frozenset[str] | None, max_rows: int) -> Batch:
    """The batch as row tuples per table, or HubError (422 malformed, 403 not the sender's, 413 too many)."""
    if not isinstance(facts, dict):
        raise HubError("facts 应为 {表名: [记录, …]}。", 422)
    tables = fact_tables()
    total = sum(len(rows) for rows in facts.values() if isinstance(rows, list))
    if total > max_rows:
        raise HubError(f"一批最多 {max_rows} 条记录，收到 {total} 条。", 413)
    checked: Batch = {}
    for name, rows in facts.items():
        table = tables.get(name)
        if table is None:
            raise HubError(f"未知的记录表 {name}。", 422)
        if not isinstance(rows, list):
            raise HubError(f"{name} 应为记录列表。", 422)
        names = [c.name for c in table.columns]
        converted = []
        for data in rows:
            try:
                row = row_from_json(table, data)
            except WireError as exc:
                raise HubError(str(exc), 422) from exc
            converted.append(tuple(row[n] for n in names))
        if converted:
            checked[table] = converted
    check_owner(checked, hall_id=hall_id, device_ids=device_ids, max_rows=max_rows)
    return checked


def check_owner(batch: Batch, *, hall_id: str, device_ids: frozenset[str] | None, max_rows: int) -> None:
    """HubError 413 for more than ``max_rows`` rows, 403 for a row of another hall or device."""
    total = sum(map(len, batch.values()))
    if total > max_rows:
        raise HubError(f"一批最多 {max_rows} 条记录，收到 {total} 条。", 413)
    for table, rows in batch.items():
        hall_at, device_at, id_at = (_position(table, n) for n in ("hall_id", "device_id", "id"))
        halls = {r[hall_at] for r in rows}
        if halls != {hall_id}:
            row = next(r for r in rows if r[hall_at] != hall_id)
            raise HubError(f"记录 {row[id_at]} 属于展馆 {row[hall_at]}，本设备只能上传展馆 {hall_id} 的记录。", 403)
        if device_ids is not None and not {r[device_at] for r in rows} <= device_ids:
            row = next(r for r in rows if r[device_at] not in device_ids)
            raise HubError(f"记录 {row[id_at]} 属于设备 {row[device_at]}，不是本设备的记录。", 403)


def _position(table: Table, name: str) -> int:
    return [c.name for c in table.columns].index(name)


def insert_facts(session: Session, batch: Batch) -> Ingested:
    """Insert every row that is not there yet; returns how many were new.

    On PostgreSQL each table's rows are COPYed (binary) straight into the table inside a
    savepoint (:func:`_copy_rows`); a row already there — a replay, a batch sent twice — breaks
    the primary key, the savepoint is rolled back and the rows take the staging path instead
    (:func:`_copy_staged`: COPY into a temp table, ``INSERT … SELECT … ON CONFLICT DO NOTHING``).
    The conflict check stays PostgreSQL's either way (the fact id is the key); a fresh batch —
    nearly every push — costs one COPY.
    """
    received = inserted = 0
    postgres = session.get_bind().dialect.name == "postgresql"
    for table, rows in batch.items():
        received += len(rows)
        if postgres:
            inserted += _copy_rows(session, table, rows)
        else:
            names = [c.name for c in table.columns]
            statement = insert(table).prefix_with("OR IGNORE").returning(table.c.id, sort_by_parameter_order=False)
            inserted += len(session.execute(statement, [dict(zip(names, r)) for r in rows]).all())
    return Ingested(received, inserted)


STAGED = "ingest_staged_tables"
"""Key in a pooled connection's ``info``: the staging tables that connection already has."""
TYPES = "ingest_column_types"
"""Key in a pooled connection's ``info``: each fact table's column type OIDs (for binary COPY)."""


def _copy_rows(session: Session, table: Table, rows: list[tuple[Any, ...]]) -> int:
    """COPY ``rows`` into ``table`` (or, when one is there already, through the staging table)."""
    connection = session.connection()
    types = _column_types(connection, table)
    driver: Any = connection.connection.driver_connection
    with driver.cursor() as cursor:
        cursor.execute("SAVEPOINT ingest_copy")
        try:
            _copy(cursor, table.name, table, types, rows)
        except Exception as exc:  # noqa: BLE001 - the driver's error, sorted by its SQLSTATE below
            cursor.execute("ROLLBACK TO SAVEPOINT ingest_copy")
            if getattr(exc, "sqlstate", None) != "23505":  # not a unique violation: a value PostgreSQL refuses
                _refuse_value(exc)
            return _copy_staged(connection, cursor, table, types, rows)
        return len(rows)  # the savepoint is left to the commit (a RELEASE would be one more round trip)


def _copy_staged(connection: Connection, cursor: Any, table: Table, types: list[int],
                 rows: list[tuple[Any, ...]]) -> int:
    """COPY ``rows`` into ``table``'s staging table, insert the new ones; returns how many were new.

    The staging table is a ``TEMP`` table ``ON COMMIT DELETE ROWS``: private to the connection
    (several hub processes and requests never see each other's rows), emptied by the commit,
    created once per pooled connection (its catalogue entry is not rewritten per batch) and never
    WAL-logged.
    """
    if not event.contains(connection.engine, "rollback", _forget_staged):
        event.listen(connection.engine, "rollback", _forget_staged)
    staged: set[str] = connection.info.setdefault(STAGED, set())
    stage = f"_ingest_{table.name}"
    if table.name not in staged:
        cursor.execute(f'CREATE TEMP TABLE IF NOT EXISTS "{stage}" (LIKE "{table.name}") ON COMMIT DELETE ROWS')
        staged.add(table.name)
    try:
        _copy(cursor, stage, table, types, rows)
    except Exception as exc:  # noqa: BLE001 - the driver's error (a value PostgreSQL refuses)
        _refuse_value(exc)
    columns = _column_list(table)
    # The staging rows are moved, not copied: the table is empty again for the next batch of
    # this transaction (a DELETE of a temp table writes no WAL; TRUNCATE would rewrite pg_class).
    cursor.execute(f'WITH moved AS (DELETE FROM "{stage}" RETURNING {columns}) '
                   f'INSERT INTO "{table.name}" ({columns}) SELECT {columns} FROM moved ON CONFLICT DO NOTHING')
    return int(cursor.rowcount)


def _copy(cursor: Any, target: str, table: Table, types: list[int], rows: Iterable[tuple[Any, ...]]) -> None:
    """One binary COPY of ``rows`` (tuples in ``table.columns`` order) into ``target``.

    Binary: psycopg's C dumpers write UUIDs, datetimes and numbers as PostgreSQL's own bytes
    (the text format cost a ``str()`` per UUID and an ``isoformat()`` per datetime in Python).
    """
    with cursor.copy(f'COPY "{target}" ({_column_list(table)}) FROM STDIN (FORMAT BINARY)') as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


def _column_list(table: Table) -> str:
    return ", ".join(f'"{c.name}"' for c in table.columns)


def _column_types(connection: Connection, table: Table) -> list[int]:
    """The type OID of each of ``table``'s columns as the database has them (once per connection)."""
    known: dict[str, list[int]] = connection.info.setdefault(TYPES, {})
    if table.name not in known:
        found: dict[str, int] = dict(connection.execute(text(
            "SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = CAST(:t AS regclass) "
            "AND attnum > 0 AND NOT attisdropped"), {"t": f'"{table.name}"'}).all())
        known[table.name] = [int(found[c.name]) for c in table.columns]
    return known[table.name]


def _refuse_value(exc: Exception) -> None:
    """A value PostgreSQL refuses (SQLSTATE class 22: data exception) is the pusher's fault: 422."""
    state = str(getattr(exc, "sqlstate", "") or "")
    if state.startswith("22"):
        detail = str(exc).splitlines()[0] if str(exc) else state
        raise HubError(f"记录中有数据库无法保存的值（{detail}），整批未写入。", 422) from exc
    raise exc


def _forget_staged(connection: Connection) -> None:
    """A rollback undoes a ``CREATE TEMP TABLE`` of its transaction: create it again next time."""
    connection.info.pop(STAGED, None)
