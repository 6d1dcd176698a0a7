"""Monthly partitions of the hub's big fact tables (created by revision 0007), kept ahead of time.

A row whose month has no partition lands in the DEFAULT partition; a month is added only while
the default holds none of its rows (PostgreSQL refuses otherwise), so this never fails on old data.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

PARTITIONED_TABLES = ("checkins", "board_views", "quiz_attempts", "quiz_answers")
MONTHS_AHEAD = 3


def _month(year: int, month: int) -> tuple[int, int]:
    return year + (month - 1) // 12, (month - 1) % 12 + 1


def ensure_partitions(session: Session, now: datetime, months_ahead: int = MONTHS_AHEAD) -> int:
    """Create the partitions of this month and the next ``months_ahead``; returns how many were new."""
    if session.get_bind().dialect.name != "postgresql":
        return 0
    created = 0
    for table in PARTITIONED_TABLES:
        partitioned = session.execute(text(
            "SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
            "WHERE c.relname = :t AND c.relnamespace = current_schema()::regnamespace"), {"t": table}).first()
        if partitioned is None:
            continue
        for offset in range(months_ahead + 1):
            y, m = _month(now.year, now.month + offset)
            ny, nm = _month(now.year, now.month + offset + 1)
            name = f"{table}_p{y:04d}{m:02d}"
            start, end = f"{y:04d}-{m:02d}-01", f"{ny:04d}-{nm:02d}-01"
            exists = session.execute(text("SELECT to_regclass(:n)"), {"n": name}).scalar()
            if exists:
                continue
            in_default = session.execute(text(
                f"SELECT 1 FROM {table}_default WHERE recorded_at >= :a AND recorded_at < :b LIMIT 1"),
                {"a": start, "b": end}).first()
            if in_default:
                continue
            session.execute(text(f"CREATE TABLE {name} PARTITION OF {table} FOR VALUES FROM ('{start}') TO ('{end}')"))
            created += 1
    return created
