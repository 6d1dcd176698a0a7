"""Bulk writing of seeded facts: plain tuples in the database's own storage form, many per transaction.

The seed makes millions of rows; SQLAlchemy's per-row bind processing and SQLite's per-row outbox
trigger were most of its time. So on SQLite the rows go straight to the driver's ``executemany``
(ids as 32-digit hex, instants as naive UTC ``YYYY-MM-DD HH:MM:SS.ffffff``, days as ISO dates,
booleans as 0/1: exactly what the ``Uuid``, ``UTCDateTime``, ``Date`` and ``Boolean`` types store,
which ``tests/reports/test_seed_bulk.py`` checks against a Core insert of the same facts).

The sync outbox keeps its meaning: inside one ``BEGIN IMMEDIATE`` transaction the table's outbox
trigger is dropped, the rows are inserted, one ``INSERT … SELECT`` adds the outbox rows the trigger
would have added (same table name, same fact ids, same order, hence the same ``seq`` numbers), and
the trigger is re-created from its own stored SQL. The write lock is held throughout, so no other
writer can insert a fact while the trigger is away, and a crash rolls the whole step back, trigger
included. A table with no trigger (a hub's SQLite copy) gets no outbox rows, as with the trigger.

The per-day rollup triggers (revision 0013: ``AFTER INSERT … BEGIN INSERT INTO report_… SELECT … FROM
<table> AS src WHERE src.rowid = NEW.rowid GROUP BY … ON CONFLICT … DO UPDATE …; END``) are treated the
same way: dropped in the transaction, and their own statement run once over the step's rows (``src.rowid
= NEW.rowid`` becoming ``src.rowid > ?``), one grouped upsert instead of one per fact (they were 25 % of
the write; ``tests/reports/test_seed_bulk.py`` checks the rollups equal the per-fact path's). Any other
trigger, or one not of that shape (a later revision's), is left to fire per row: slower, never wrong.

A big load (``drop_indexes``) also drops the tables' NON-unique indexes first and re-creates them
in :meth:`BulkWriter.close` (``kiosk.store.bulk_indexes``: recorded in the dropping transaction, so
a killed load is repaired by the next ``open_database``); primary keys and unique indexes stay.

Elsewhere (PostgreSQL, where there is no outbox trigger) the same tuples are turned back into
Python values and written with a Core ``insert`` executemany.
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import Boolean, Date, Table, Uuid, insert

from kiosk.store.bulk_indexes import drop_secondary_indexes, restore_indexes
from kiosk.store.db import Database
from kiosk.store.types import UTCDateTime

Row = tuple[Any, ...]

SEED_PRAGMAS = ("PRAGMA synchronous=OFF", "PRAGMA cache_size=-131072", "PRAGMA temp_store=MEMORY", "PRAGMA threads=2")
"""For the seed's own connection only: synthetic rows can be made again, so no fsync per step and a
128 MB page cache for the index inserts (the kiosk's own connections keep synchronous=FULL); the
indexes re-created at the end sorted by two threads (the row-making child has finished by then)."""


class BulkWriter:
    """Writes ``{table: [row, ...]}`` in one transaction per :meth:`write` (columns fixed per table)."""

    def __init__(self, db: Database, tables: Mapping[Table, Sequence[str]], *, drop_indexes: bool = False) -> None:
        self.db = db
        self.dropped: list[str] = []
        self.columns = {table.name: cols for table, cols in tables.items()}
        self._tables = {table.name: table for table in tables}
        self.sqlite = db.engine.dialect.name == "sqlite"
        if self.sqlite:
            self._proxy = db.engine.raw_connection()
            self.raw: Any = cast(Any, self._proxy.driver_connection)
            if self.raw.in_transaction:
                self.raw.commit()
            for pragma in SEED_PRAGMAS:
                self.raw.execute(pragma)
            self.triggers: dict[str, str] = {}
            self.batched: dict[str, list[tuple[str, str, str]]] = {}
            for name, table, sql in self.raw.execute(
                    "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").fetchall():
                if table not in self.columns:
                    continue
                if name == f"sync_outbox_{table}":
                    self.triggers[table] = sql
                elif (statement := batch_statement(name, table, sql)) is not None:
                    self.batched.setdefault(table, []).append((name, sql, statement))
            self.insert_sql = {name: f'INSERT INTO "{name}" ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})'
                               for name, cols in self.columns.items()}
            if drop_indexes:
                self.dropped = drop_secondary_indexes(self.raw, self.columns)

    def write(self, batches: dict[str, list[Row]]) -> None:
        """Insert every table's rows, in the order of ``columns``, in one transaction."""
        if self.sqlite:
            self._write_sqlite(batches)
        else:
            self._write_core(batches)

    def close(self) -> None:
        """Re-create the indexes dropped for the load (each sorted once), then let go of the connection."""
        if self.sqlite:
            try:
                if self.dropped:
                    restore_indexes(self.raw)
            except sqlite3.Error as exc:  # still recorded: the next open_database re-creates them
                raise RuntimeError(f"未能重建数据表索引（{exc}）：下次打开数据库时会自动重建") from exc
            finally:
                self._proxy.close()

    def _write_sqlite(self, batches: dict[str, list[Row]]) -> None:
        raw = self.raw
        raw.execute("BEGIN IMMEDIATE")
        try:
            for name in self.columns:
                rows = batches.get(name)
                if not rows:
                    continue
                trigger = self.triggers.get(name)
                batched = self.batched.get(name, [])
                if trigger is None and not batched:
                    raw.executemany(self.insert_sql[name], rows)
                    continue
                last = raw.execute(f'SELECT coalesce(max(rowid), 0) FROM "{name}"').fetchone()[0]
                if trigger is not None:
                    raw.execute(f"DROP TRIGGER sync_outbox_{name}")
                for trigger_name, _sql, _statement in batched:
                    raw.execute(f'DROP TRIGGER "{trigger_name}"')
                raw.executemany(self.insert_sql[name], rows)
                if trigger is not None:
                    raw.execute(f"INSERT INTO sync_outbox (table_name, fact_id) SELECT '{name}', id FROM \"{name}\" "
                                "WHERE rowid > ? ORDER BY rowid", (last,))
                    raw.execute(trigger)
                for _name, sql, statement in batched:
                    raw.execute(statement, (last,))
                    raw.execute(sql)
            raw.execute("COMMIT")
        except BaseException:
            raw.execute("ROLLBACK")
            raise

    def _write_core(self, batches: dict[str, list[Row]]) -> None:
        with self.db.engine.begin() as connection:
            for name, cols in self.columns.items():
                rows = batches.get(name)
                if not rows:
                    continue
                table = self._tables[name]
                back = [_from_storage(table.c[c].type) for c in cols]
                dicts = [{c: (f(v) if f and v is not None else v) for c, f, v in zip(cols, back, row)} for row in rows]
                connection.execute(insert(table), dicts)


_ROW_TRIGGER = re.compile(r"CREATE TRIGGER (\"?)(?P<name>\w+)\1 AFTER INSERT ON (\"?)(?P<table>\w+)\3 BEGIN "
                          r"(?P<body>INSERT INTO \w+ .*); END", re.DOTALL)
_THIS_ROW = "src.rowid = NEW.rowid"


def batch_statement(name: str, table: str, sql: str) -> str | None:
    """For a rollup trigger of revision 0013's shape, its statement over every row after a rowid
    (one ``?``); None for any other trigger (it keeps firing per row)."""
    match = _ROW_TRIGGER.fullmatch(sql.strip())
    if match is None or match["name"] != name or match["table"] != table:
        return None
    body = match["body"]
    if body.count("NEW.") != 1 or body.count(_THIS_ROW) != 1 or ";" in body or "?" in body:
        return None
    if f"FROM {table} AS src" not in body and f'FROM "{table}" AS src' not in body:
        return None
    return body.replace(_THIS_ROW, "src.rowid > ?")


def _from_storage(kind: Any) -> Any:
    """The function that turns SQLite storage text back into the Python value the type binds."""
    if isinstance(kind, Uuid):
        return uuid.UUID
    if isinstance(kind, UTCDateTime):
        return lambda text: datetime.fromisoformat(text).replace(tzinfo=UTC)
    if isinstance(kind, Date):
        return date.fromisoformat
    if isinstance(kind, Boolean):
        return bool
    return None
