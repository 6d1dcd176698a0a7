"""Facts and reference rows as JSON, the same on the kiosk and the hub.

Generic over every fact table: :func:`fact_tables` finds every ``FactMixin`` subclass mapped on
``Base`` (so the fact tables of other areas — feedback, theatre screenings — sync with no work of
theirs), and the conversion follows each column's SQLAlchemy type.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import BigInteger, Boolean, Date, Float, Integer, SmallInteger, String, Table, Text, Uuid

from kiosk.store.models import Base, FactMixin
from kiosk.store.types import UTCDateTime


class WireError(ValueError):
    """A row that does not fit its table (message in Chinese)."""


def fact_tables() -> dict[str, Table]:
    """Every fact table by name (every mapped ``FactMixin`` subclass), in name order."""
    found: dict[str, Table] = {}
    for mapper in Base.registry.mappers:
        if issubclass(mapper.class_, FactMixin):
            table = cast(Table, mapper.local_table)
            found[table.name] = table
    return dict(sorted(found.items()))


def to_json_value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def row_to_json(row: Any) -> dict[str, Any]:
    """A row mapping (``RowMapping`` or dict) as JSON-ready values."""
    return {key: to_json_value(value) for key, value in dict(row).items()}


def int_bounds(type_: Any) -> tuple[int, int]:
    """The range an integer column holds on PostgreSQL (a value outside it is refused, not wrapped:
    the hub's binary COPY would otherwise store only its low bytes)."""
    bits = 64 if isinstance(type_, BigInteger) else 16 if isinstance(type_, SmallInteger) else 32
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1


@cache
def _converters(table: Table) -> dict[str, tuple[Any, bool]]:
    return {column.name: (_converter(column.type), bool(column.nullable))
            for column in table.columns}


def _converter(type_: Any) -> Any:
    if isinstance(type_, Uuid):
        return lambda v: v if isinstance(v, uuid.UUID) else uuid.UUID(str(v))
    if isinstance(type_, UTCDateTime):
        def to_datetime(v: Any) -> datetime:
            parsed = v if isinstance(v, datetime) else datetime.fromisoformat(v)
            if parsed.tzinfo is None:
                raise ValueError("时间须带时区")
            return parsed
        return to_datetime
    if isinstance(type_, Date):
        return lambda v: v if isinstance(v, date) else date.fromisoformat(v)
    if isinstance(type_, Boolean):
        def to_bool(v: Any) -> bool:
            if not isinstance(v, bool):
                raise ValueError("应为 true/false")
            return v
        return to_bool
    if isinstance(type_, Integer):
        low, high = int_bounds(type_)

        def to_int(v: Any) -> int:
            if isinstance(v, bool) or not isinstance(v, int):
                raise ValueError("应为整数")
            if not low <= v <= high:
                raise ValueError(f"超出范围（{low} 至 {high}）")
            return v
        return to_int
    if isinstance(type_, Float):
        def to_float(v: Any) -> float:
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise ValueError("应为数字")
            return float(v)
        return to_float
    if isinstance(type_, (String, Text)):
        length = getattr(type_, "length", None)

        def to_str(v: Any) -> str:
            if not isinstance(v, str):
                raise ValueError("应为文本")
            if length is not None and len(v) > length:
                raise ValueError(f"超过 {length} 个字")
            if "\x00" in v:
                raise ValueError("含有空字符（\\u0000），数据库无法保存")
            return v
        return to_str
    return lambda v: v


def row_from_json(table: Table, data: Any) -> dict[str, Any]:
    """The row ``data`` (a JSON object) with Python values for ``table``'s columns.

    Raises:
        WireError: not an object, an unknown column, a required column missing, a wrong type.
    """
    if not isinstance(data, dict):
        raise WireError(f"{table.name}：每条记录应为 JSON 对象")
    converters = _converters(table)
    if not data.keys() <= converters.keys():
        unknown = data.keys() - converters.keys()
        raise WireError(f"{table.name}：未知的字段 {', '.join(sorted(map(str, unknown)))}")
    row: dict[str, Any] = {}
    for name, (convert, optional) in converters.items():
        value = data.get(name)
        if value is None:
            if not optional:
                raise WireError(f"{table.name}：缺少字段 {name}")
            row[name] = None
            continue
        try:
            row[name] = convert(value)
        except (ValueError, TypeError, AttributeError) as exc:
            raise WireError(f"{table.name}.{name}：{exc}") from exc
    return row
