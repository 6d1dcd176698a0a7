"""A big bulk load on SQLite without its tables' secondary indexes, and the indexes always put back.

Twelve million rows inserted one B-tree entry at a time into each non-unique index cost more than
the rows themselves (the ten-year demo seed: ≈ 10 s CPU of its ≈ 16 s write per seeded year); one
``CREATE INDEX`` at the end sorts each index once instead. Only NON-unique indexes are dropped:
primary keys and unique indexes stay, since they are what makes a repeated fact count once.

A database must never stay without its indexes, so the dropped indexes' own SQL is written to
``local_settings`` (key :data:`DROPPED_KEY`) in the very transaction that drops them, and
:func:`restore_indexes` — run by the loader when it ends, however it ends, and by
``kiosk.store.db.open_database`` at every open — re-creates whichever of them are missing and clears
the record in one transaction. A killed loader therefore leaves a database that the next open repairs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

DROPPED_KEY = "bulk_load_dropped_indexes"
"""``local_settings`` key: JSON list of ``[name, sql]`` of indexes a bulk load dropped, not yet put back."""


def _recorded(raw: Any) -> list[list[str]]:
    row = raw.execute("SELECT value FROM local_settings WHERE key = ?", (DROPPED_KEY,)).fetchone()
    return [list(pair) for pair in json.loads(row[0])] if row else []


def drop_secondary_indexes(raw: Any, tables: Iterable[str]) -> list[str]:
    """Drop the non-unique indexes of ``tables`` in one transaction of the sqlite3 connection ``raw``
    (autocommit mode), recording their SQL first; returns their names."""
    names = sorted(set(tables))
    raw.execute("BEGIN IMMEDIATE")
    try:
        found = raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join('?' * len(names))}) ORDER BY name", names).fetchall()
        dropped = [[name, sql] for name, sql in found if not sql.lstrip().upper().startswith("CREATE UNIQUE")]
        if dropped:
            record = _recorded(raw) + dropped
            raw.execute("INSERT INTO local_settings (key, value) VALUES (?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (DROPPED_KEY, json.dumps(record)))
            for name, _sql in dropped:
                raw.execute(f'DROP INDEX "{name}"')
        raw.execute("COMMIT")
    except BaseException:
        if raw.in_transaction:
            raw.execute("ROLLBACK")
        raise
    return [name for name, _sql in dropped]


def restore_indexes(raw: Any) -> list[str]:
    """Re-create every recorded index that is missing and clear the record (one transaction);
    returns the names re-created. Cheap when nothing is recorded (one primary-key read)."""
    has_settings = raw.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'local_settings'").fetchone()
    if not has_settings or not _recorded(raw):
        return []
    raw.execute("BEGIN IMMEDIATE")
    try:
        made = []
        for name, sql in _recorded(raw):  # read again under the write lock
            if raw.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)).fetchone():
                continue
            raw.execute(sql)
            made.append(name)
        raw.execute("DELETE FROM local_settings WHERE key = ?", (DROPPED_KEY,))
        raw.execute("COMMIT")
    except BaseException:
        if raw.in_transaction:
            raw.execute("ROLLBACK")
        raise
    return made
