"""A fact table's rows as SQLite stores them, turned straight into the push's JSON values.

The outbox read through SQLAlchemy turned every stored value into a Python object (a UUID from its
hex, a datetime from its text) and :func:`kiosk.sync.wire.row_to_json` turned it back into text:
about two thirds of a kiosk's 20 ms per 1,000 facts pushed (bench/bench_sync.py's profile). Here
the stored text becomes the wire's text by slicing (``0123…`` → ``01234567-89ab-…``,
``2026-12-03 11:10:00.000000`` → ``2026-12-03T11:10:00.000000+00:00``), booleans stored as 0/1
become ``true``/``false``, and everything else is already what JSON carries. The values mean what
``row_to_json`` of the same row means (a test compares them for every fact table); a stored value
of a shape this does not know is read by SQLAlchemy's own type instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Table, Uuid
from sqlalchemy.dialects import sqlite

from kiosk.store.types import UTCDateTime
from kiosk.sync.wire import to_json_value

Convert = Callable[[Any], Any]


def _uuid(slow: Convert) -> Convert:
    def convert(value: Any) -> Any:
        if isinstance(value, str) and len(value) == 32:
            return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
        return slow(value)
    return convert


def _utc_datetime(slow: Convert) -> Convert:
    def convert(value: Any) -> Any:
        # SQLAlchemy's SQLite storage: naive UTC "YYYY-MM-DD HH:MM:SS[.ffffff]"
        if isinstance(value, str) and len(value) in (19, 26) and value[10] == " " and value[4] == "-":
            return f"{value[:10]}T{value[11:]}+00:00"
        return slow(value)
    return convert


def _bool(value: Any) -> Any:
    return value if value is None or isinstance(value, bool) else bool(value)


def _slow(column: Any) -> Convert:
    """The column's value as SQLAlchemy reads it from SQLite, then as ``row_to_json`` writes it."""
    process = column.type.dialect_impl(_DIALECT).result_processor(_DIALECT, None)
    if isinstance(column.type, UTCDateTime):
        decorator = column.type

        def read(value: Any) -> Any:
            stored = process(value) if process is not None else value
            return to_json_value(decorator.process_result_value(stored, _DIALECT))
        return read
    if process is None:
        return to_json_value
    return lambda value: to_json_value(process(value))


_DIALECT = sqlite.dialect()


@cache
def converters(table: Table) -> tuple[tuple[str, ...], tuple[Convert | None, ...]]:
    """``table``'s column names and, per column, the conversion of its stored value (None: as stored)."""
    names: list[str] = []
    found: list[Convert | None] = []
    for column in table.columns:
        names.append(str(column.name))
        if isinstance(column.type, Uuid):
            found.append(_uuid(_slow(column)))
        elif isinstance(column.type, UTCDateTime):
            found.append(_utc_datetime(_slow(column)))
        elif isinstance(column.type, Boolean):
            found.append(_bool)
        else:
            found.append(None)  # text, numbers and dates: SQLite hands back what JSON carries
    return tuple(names), tuple(found)


def json_row(names: tuple[str, ...], convert: tuple[Convert | None, ...], stored: tuple[Any, ...]) -> dict[str, Any]:
    """One stored row (values in ``names`` order) as the push's JSON-ready mapping."""
    return {name: value if value is None or fn is None else fn(value)
            for name, fn, value in zip(names, convert, stored)}
