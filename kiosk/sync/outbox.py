"""The outbox: which facts wait for the hub, in the order they were written (never by clock).

A row goes in through a trigger on every fact table (SQLite, or PostgreSQL for a kiosk on it), in the same transaction as the fact;
it leaves only when the hub has acknowledged the batch that carried it (:func:`acknowledge`,
called after the reply). :func:`ensure_triggers` adds the trigger to fact tables that later
revisions create, so every ``FactMixin`` table is covered with no work of its owner.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

import msgspec
from sqlalchemy import Connection, CursorResult, Engine, Float, Table, delete, func, select, text
from sqlalchemy.orm import Session

from kiosk.store.sync_models import SyncOutbox
from kiosk.sync.raw_rows import converters, json_row
from kiosk.sync.wire import fact_tables, row_to_json


def ensure_triggers(engine: Engine) -> None:
    """Give every fact table its outbox trigger where it lacks one (a kiosk's database).

    SQLite: a trigger per table, as revision 0006 made them. PostgreSQL: a trigger per table
    calling ``sync_outbox_enqueue('<table>')`` (revision 0012; a partitioned table's partitions
    inherit it); the facts a table already holds are queued
    as it gets its trigger (they never waited before: that kiosk never pushed). A hub's database
    is left alone (:func:`is_hub_database`): the hub never queues what it receives.
    """
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            have = set(connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
            for name in fact_tables():
                if f"sync_outbox_{name}" not in have:
                    connection.execute(text(
                        f'CREATE TRIGGER IF NOT EXISTS sync_outbox_{name} AFTER INSERT ON "{name}" '
                        f"BEGIN INSERT INTO sync_outbox (table_name, fact_id) VALUES ('{name}', NEW.id); END"))
    elif engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            if is_hub_database(connection):
                return
            have = set(connection.execute(text(_PG_TRIGGERS)).scalars())
            for name in fact_tables():
                if f"sync_outbox_{name}" in have:
                    continue
                # The trigger first: CREATE TRIGGER locks out inserts until this commits, so no
                # fact falls between the queueing of the old ones and the trigger.
                connection.execute(text(f'CREATE TRIGGER sync_outbox_{name} AFTER INSERT ON "{name}" '
                                        f"FOR EACH ROW EXECUTE FUNCTION sync_outbox_enqueue('{name}')"))
                connection.execute(text(
                    f"INSERT INTO sync_outbox (table_name, fact_id) SELECT '{name}', f.id FROM \"{name}\" f "
                    f"WHERE NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.table_name = '{name}' AND o.fact_id = f.id) "
                    "ORDER BY f.recorded_at, f.id"))


_PG_TRIGGERS = ("SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relnamespace = current_schema()::regnamespace AND t.tgname LIKE 'sync_outbox_%'")


def is_hub_database(connection: Connection) -> bool:
    """True for a hub's database: it has a district admin or a registered hall (a kiosk's never has)."""
    return bool(connection.execute(text(
        "SELECT EXISTS (SELECT 1 FROM hub_admins) OR EXISTS (SELECT 1 FROM halls)")).scalar())


def drop_triggers(engine: Engine) -> int:
    """Remove the outbox triggers from a PostgreSQL hub database (a kiosk command run against it
    before ``kiosk hub init`` could have attached them); returns how many were removed."""
    if engine.dialect.name != "postgresql":
        return 0
    with engine.begin() as connection:
        have = set(connection.execute(text(_PG_TRIGGERS)).scalars())
        for name in fact_tables():
            if f"sync_outbox_{name}" in have:
                connection.execute(text(f'DROP TRIGGER sync_outbox_{name} ON "{name}"'))
        return len(have)


def waiting_counts(session: Session) -> dict[str, int]:
    """Facts waiting per table (every fact table listed, 0 included)."""
    counts = dict(session.execute(select(SyncOutbox.table_name, func.count()).group_by(SyncOutbox.table_name)).all())
    return {name: int(counts.get(name, 0)) for name in fact_tables()}


@dataclass
class Batch:
    """Facts to push together: their outbox numbers and their rows as JSON, per table."""

    seqs: list[int] = field(default_factory=list)
    facts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    size: int = 0
    encoded: dict[str, list[bytes]] = field(default_factory=dict)
    """Each row of ``facts`` as JSON, encoded once (for the byte bound) and reused by :meth:`body`."""

    def __len__(self) -> int:
        return len(self.seqs)

    def add(self, name: str, row: dict[str, Any], encoded: bytes) -> None:
        self.facts.setdefault(name, []).append(row)
        self.encoded.setdefault(name, []).append(encoded)
        self.size += len(encoded) + 1

    def body(self) -> bytes:
        """``{"facts": {table: [row, …]}}`` as UTF-8 JSON."""
        if sum(map(len, self.encoded.values())) != sum(map(len, self.facts.values())):
            return json.dumps({"facts": self.facts}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        tables = b",".join(json.dumps(name).encode() + b":[" + b",".join(rows) + b"]"
                           for name, rows in self.encoded.items())
        return b'{"facts":{' + tables + b"}}"


def next_batch(session: Session, *, max_rows: int, max_bytes: int, after_seq: int = 0) -> Batch:
    """The oldest waiting facts, at most ``max_rows`` of them and about ``max_bytes`` of JSON.

    A fact whose outbox row outlived the fact (a purge) is acknowledged away with nothing to send.
    """
    entries = session.execute(select(SyncOutbox.seq, SyncOutbox.table_name)
                              .where(SyncOutbox.seq > after_seq).order_by(SyncOutbox.seq).limit(max_rows)).all()
    tables = fact_tables()
    rows: dict[int, dict[str, Any]] = {}
    if entries:
        first, last = entries[0][0], entries[-1][0]
        read = _stored_rows if session.get_bind().dialect.name == "sqlite" else _mapped_rows
        for name in {name for _seq, name in entries}:
            table = tables.get(name)
            if table is not None:
                rows.update(read(session, table, first, last))
    batch = Batch()
    for seq, name in entries:
        found = rows.get(seq)
        if found is not None:
            encoded = encode_row(found, _float_columns(tables[name]))
            if batch.seqs and batch.size + len(encoded) + 1 > max_bytes:
                break
            batch.add(name, found, encoded)
        batch.seqs.append(seq)
    return batch


_ENCODER = msgspec.json.Encoder()


def encode_row(row: dict[str, Any], floats: tuple[str, ...]) -> bytes:
    """One fact as UTF-8 JSON: msgspec's C encoder (a tenth of ``json.dumps``'s time), or
    ``json.dumps`` for a row whose ``floats`` hold a value JSON has no number for (msgspec writes
    NaN and the infinities as null, which the hub refuses for a required column; the stdlib's
    ``NaN`` it takes, as before)."""
    if any(row[name] is not None and not math.isfinite(row[name]) for name in floats):
        return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _ENCODER.encode(row)


@cache
def _float_columns(table: Table) -> tuple[str, ...]:
    return tuple(str(c.name) for c in table.columns if isinstance(c.type, Float))


def _stored_rows(session: Session, table: Table, first: int, last: int) -> dict[int, dict[str, Any]]:
    """The rows of ``table`` queued between outbox numbers ``first`` and ``last``, by outbox number,
    read as SQLite stores them and made JSON-ready by :mod:`kiosk.sync.raw_rows` (SQLAlchemy's
    result types made objects of every value only for :func:`row_to_json` to make text of them
    again: two thirds of the read's time)."""
    names, convert = converters(table)
    columns = ", ".join(f't."{n}"' for n in names)
    # One join over the batch's seq range per table (an IN list of ids was slower).
    cursor = session.connection().connection.driver_connection.execute(  # type: ignore[union-attr]
        f'SELECT o.seq, {columns} FROM "{table.name}" t JOIN sync_outbox o ON o.fact_id = t.id '
        "WHERE o.table_name = ? AND o.seq BETWEEN ? AND ?", (table.name, first, last))
    return {stored[0]: json_row(names, convert, stored[1:]) for stored in cursor}


def _mapped_rows(session: Session, table: Table, first: int, last: int) -> dict[int, dict[str, Any]]:
    """:func:`_stored_rows` through SQLAlchemy's types (a kiosk on PostgreSQL: its driver already
    hands back UUIDs and zoned datetimes)."""
    names = [str(c.name) for c in table.columns]
    query = (select(SyncOutbox.seq, *table.columns).join(SyncOutbox, SyncOutbox.fact_id == table.c.id)
             .where(SyncOutbox.table_name == table.name, SyncOutbox.seq.between(first, last)))
    return {seq: row_to_json(dict(zip(names, values))) for seq, *values in session.execute(query)}


def acknowledge(session: Session, seqs: list[int]) -> None:
    """The hub has these facts: they no longer wait.

    Deleted by runs of consecutive numbers (``seq BETWEEN a AND b``): a batch's numbers are one
    run, so this is one statement (an ``IN`` list of 1,000 bound numbers cost more to compile
    than the whole batch's read).
    """
    for first, last in _runs(sorted(seqs)):
        # synchronize_session=False: the ORM's default fetched every deleted number back to
        # look it up in the identity map (a tenth of a 1,000-fact push's time on the kiosk).
        session.execute(delete(SyncOutbox).where(SyncOutbox.seq.between(first, last))
                        .execution_options(synchronize_session=False))


def _runs(seqs: list[int]) -> list[tuple[int, int]]:
    """Sorted numbers as (first, last) of each run of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for seq in seqs:
        if runs and seq <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], max(seq, runs[-1][1]))
        else:
            runs.append((seq, seq))
    return runs


def acknowledge_ids(session: Session, fact_ids: list[Any]) -> int:
    """Acknowledge by fact id (a hub bundle's list); returns how many stopped waiting."""
    done = 0
    for start in range(0, len(fact_ids), 500):
        result = cast(CursorResult[Any], session.execute(
            delete(SyncOutbox).where(SyncOutbox.fact_id.in_(fact_ids[start:start + 500]))
            .execution_options(synchronize_session=False)))
        done += result.rowcount or 0
    return done
