"""The outbox: which facts wait for the hub, in the order they were written (never by clock).

A row goes in through an SQLite trigger on every fact table, in the same transaction as the fact;
it leaves only when the hub has acknowledged the batch that carried it (:func:`acknowledge`,
called after the reply). :func:`ensure_triggers` adds the trigger to fact tables that later
revisions create, so every ``FactMixin`` table is covered with no work of its owner.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, delete, func, select, text
from sqlalchemy.orm import Session

from kiosk.store.sync_models import SyncOutbox
from kiosk.sync.wire import fact_tables, row_to_json


def ensure_triggers(engine: Engine) -> None:
    """Create the outbox trigger of every fact table that lacks one (SQLite kiosks only)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as connection:
        have = set(connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
        for name in fact_tables():
            if f"sync_outbox_{name}" not in have:
                connection.execute(text(
                    f'CREATE TRIGGER IF NOT EXISTS sync_outbox_{name} AFTER INSERT ON "{name}" '
                    f"BEGIN INSERT INTO sync_outbox (table_name, fact_id) VALUES ('{name}', NEW.id); END"))


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
    entries = session.execute(select(SyncOutbox.seq, SyncOutbox.table_name, SyncOutbox.fact_id)
                              .where(SyncOutbox.seq > after_seq).order_by(SyncOutbox.seq).limit(max_rows)).all()
    tables = fact_tables()
    rows: dict[tuple[str, Any], dict[str, Any]] = {}
    if entries:
        first, last = entries[0][0], entries[-1][0]
        for name in {name for _seq, name, _id in entries}:
            table = tables.get(name)
            if table is None:
                continue
            # One join over the batch's seq range per table (an IN list of ids was slower).
            query = (select(table).join(SyncOutbox, SyncOutbox.fact_id == table.c.id)
                     .where(SyncOutbox.table_name == name, SyncOutbox.seq.between(first, last)))
            for mapping in session.execute(query).mappings():
                rows[(name, mapping["id"])] = row_to_json(mapping)
    batch = Batch()
    for seq, name, fact_id in entries:
        found = rows.get((name, fact_id))
        if found is not None:
            encoded = json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            if batch.seqs and batch.size + len(encoded) + 1 > max_bytes:
                break
            batch.add(name, found, encoded)
        batch.seqs.append(seq)
    return batch


def acknowledge(session: Session, seqs: list[int]) -> None:
    """The hub has these facts: they no longer wait.

    Deleted by runs of consecutive numbers (``seq BETWEEN a AND b``): a batch's numbers are one
    run, so this is one statement (an ``IN`` list of 1,000 bound numbers cost more to compile
    than the whole batch's read).
    """
    for first, last in _runs(sorted(seqs)):
        session.execute(delete(SyncOutbox).where(SyncOutbox.seq.between(first, last)))


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
            delete(SyncOutbox).where(SyncOutbox.fact_id.in_(fact_ids[start:start + 500]))))
        done += result.rowcount or 0
    return done
