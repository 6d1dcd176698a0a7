"""The push body decoded and checked in one pass of msgspec's C decoder, typed from the fact tables.

The stdlib ``json.loads`` followed by :func:`kiosk.sync.wire.row_from_json` per value cost the hub
about 17 ms per 1,000 facts, more than half its CPU time per batch (bench/bench_sync.py's
profile); msgspec decodes, type-checks (UUIDs, zoned datetimes, lengths, integer ranges, no
unknown fields) and builds the row tuples in about 1 ms. It accepts what ``row_from_json``
accepts, with the same values (and RFC 3339's lower-case ``t``/``z`` in a time besides), so a
body it refuses is read again by the slow path (:func:`kiosk.hub.ingest.check_batch`), which
either names the fault in a Chinese sentence (422) or accepts what msgspec was stricter about
(``NaN``, a UUID in braces).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any, cast

import msgspec
from sqlalchemy import BigInteger, Boolean, Date, Float, Integer, SmallInteger, String, Table, Text, Uuid

from kiosk.store.types import UTCDateTime
from kiosk.sync.wire import fact_tables, int_bounds

Batch = dict[Table, list[tuple[Any, ...]]]
"""Checked rows per table, each a tuple of values in ``table.columns`` order."""


def _field_type(column: Any) -> Any:
    """The msgspec type of one column (mirrors ``kiosk.sync.wire._converter``)."""
    type_ = column.type
    if isinstance(type_, Uuid):
        return uuid.UUID
    if isinstance(type_, UTCDateTime):
        return Annotated[datetime, msgspec.Meta(tz=True)]
    if isinstance(type_, Date):
        return date
    if isinstance(type_, Boolean):
        return bool
    if isinstance(type_, (Integer, BigInteger, SmallInteger)):
        low, high = int_bounds(type_)
        return Annotated[int, msgspec.Meta(ge=low, le=high)]
    if isinstance(type_, Float):
        return float
    if isinstance(type_, (String, Text)):
        length = getattr(type_, "length", None)
        return str if length is None else Annotated[str, msgspec.Meta(max_length=length)]
    raise TypeError(f"{column.table.name}.{column.name}: no msgspec type for {type_!r}")


def _row_struct(table: Table) -> Any:
    fields = [(str(c.name), _field_type(c) | None, None) if c.nullable else (str(c.name), _field_type(c))
              for c in table.columns]  # str(): SQLAlchemy's quoted_name is a str subclass msgspec refuses
    return msgspec.defstruct(f"Push_{table.name}", fields, kw_only=True, forbid_unknown_fields=True)


@cache
def _decoder() -> tuple[msgspec.json.Decoder[Any], dict[str, Table]]:
    tables = fact_tables()
    fields: list[tuple[str, Any, Any]] = [(str(name), list.__class_getitem__(_row_struct(t)), msgspec.field(default_factory=list))
              for name, t in tables.items()]
    facts = msgspec.defstruct("PushFacts", fields, kw_only=True, forbid_unknown_fields=True)
    body = msgspec.defstruct("PushBody", [("facts", facts)], kw_only=True)
    return msgspec.json.Decoder(body), tables


def decode_push(body: bytes) -> Batch | None:
    """The body's facts as row tuples per table, or None when msgspec refuses anything in it."""
    decoder, tables = _decoder()
    if b"\\u0000" in body:  # a NUL character (JSON can only escape it): the slow path refuses it in words
        return None
    try:
        decoded = decoder.decode(body)
    except msgspec.DecodeError:  # ValidationError is one: the slow path words the refusal
        return None
    astuple = msgspec.structs.astuple
    batch: Batch = {}
    for name, table in tables.items():
        rows = cast(list[Any], getattr(decoded.facts, name))
        if rows:
            batch[table] = [astuple(r) for r in rows]
    return batch
