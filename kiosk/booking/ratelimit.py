"""Rate limits kept in the database, so every hub process behind a load balancer counts the same.

A fixed window per key (e.g. ``book:<client address>``): one ``INSERT … ON CONFLICT DO UPDATE SET
hits = hits + 1 RETURNING hits`` counts and reads atomically on PostgreSQL and SQLite alike.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from kiosk.booking.errors import TooManyRequests
from kiosk.booking.models import RateLimitHit
from kiosk.clock import Clock
from kiosk.store.db import Database


class RateLimiter:
    """Counts requests per key and window; ``check`` raises TooManyRequests past the limit."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def check(self, key: str, *, limit: int, window_seconds: int) -> None:
        """Count one request for key; TooManyRequests (with a Chinese message) once over ``limit``."""
        now = self.clock.now()
        epoch = int(now.timestamp()) // window_seconds * window_seconds
        start = datetime.fromtimestamp(epoch, UTC)
        with self.db.transaction() as session:
            insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
            counted = insert(RateLimitHit).values(key=key[:128], window_start=start, hits=1).on_conflict_do_update(
                index_elements=["key", "window_start"], set_={"hits": RateLimitHit.hits + 1}
            ).returning(RateLimitHit.hits)
            hits = int(session.execute(counted).scalar_one())
        if hits > limit:
            retry = max(1, epoch + window_seconds - int(now.timestamp()))
            raise TooManyRequests(f"操作太频繁，请 {retry} 秒后再试。", retry_after=retry)

    def prune(self, *, older_than_seconds: int = 86400) -> int:
        """Drop windows long past (run now and then); returns how many rows went."""
        cutoff = self.clock.now() - timedelta(seconds=older_than_seconds)
        with self.db.transaction() as session:
            return int(getattr(session.execute(delete(RateLimitHit).where(RateLimitHit.window_start < cutoff)),
                               "rowcount"))
