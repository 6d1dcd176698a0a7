"""Rate limits kept in the database, so every hub process behind a load balancer counts the same.

Hits are counted per key (e.g. ``book:<client address>``) in fixed windows: one ``INSERT … ON CONFLICT
DO UPDATE SET hits = hits + 1 RETURNING hits`` counts and reads atomically on PostgreSQL and SQLite
alike. The limit is checked on a sliding window, though: this window's hits plus the previous window's
weighted by how much of it the last ``window_seconds`` still cover. A fixed window alone let a client
spend its allowance just before an edge and again just after (twice the limit in a few seconds).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
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
        now = self.clock.now().timestamp()
        epoch = int(now) // window_seconds * window_seconds
        start = datetime.fromtimestamp(epoch, UTC)
        previous_start = datetime.fromtimestamp(epoch - window_seconds, UTC)
        with self.db.transaction() as session:
            insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
            counted = insert(RateLimitHit).values(key=key[:128], window_start=start, hits=1).on_conflict_do_update(
                index_elements=["key", "window_start"], set_={"hits": RateLimitHit.hits + 1}
            ).returning(RateLimitHit.hits)
            hits = int(session.execute(counted).scalar_one())
            previous = session.scalar(select(RateLimitHit.hits).where(
                RateLimitHit.key == key[:128], RateLimitHit.window_start == previous_start)) or 0
        still_covered = 1 - (now - epoch) / window_seconds
        if hits + previous * still_covered > limit:
            retry = _seconds_until_under(limit, hits, previous, now - epoch, window_seconds)
            raise TooManyRequests(f"操作太频繁，请 {retry} 秒后再试。", retry_after=retry)

    def prune(self, *, older_than_seconds: int = 86400) -> int:
        """Drop windows long past (run now and then); returns how many rows went."""
        cutoff = self.clock.now() - timedelta(seconds=older_than_seconds)
        with self.db.transaction() as session:
            return int(getattr(session.execute(delete(RateLimitHit).where(RateLimitHit.window_start < cutoff)),
                               "rowcount"))


def _seconds_until_under(limit: int, hits: int, previous: int, into_window: float, window_seconds: int) -> int:
    """When one more request would be allowed: the previous window's share fades linearly, and if this
    window's own hits are already over the limit, only the next window (where they become the faded
    share) brings the count down."""
    if previous and hits < limit:  # hits + previous * (1 - t / w) < limit  ⇔  t > w * (1 - (limit - hits) / previous)
        fade_until = window_seconds * (1 - (limit - hits) / previous)
        return max(1, int(fade_until - into_window) + 1)
    if hits < limit:
        return 1
    fade_until = window_seconds * (1 + (1 - limit / hits))  # into the next window, where these hits fade
    return max(1, int(fade_until - into_window) + 1)
