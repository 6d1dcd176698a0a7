"""The hub's ingest path on the real PostgreSQL: COPY into a per-connection staging table, then
one INSERT … ON CONFLICT DO NOTHING — idempotent, exact counts, safe after a rollback."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select, text

from kiosk.hub.ingest import check_batch, insert_facts
from kiosk.store.models import BoardView
from tests.sync.conftest import HALL

pytestmark = pytest.mark.postgres

DEVICE = "ingest-test-device"


def board_view(now: datetime) -> dict[str, object]:
    from uuid6 import uuid7

    return {"id": str(uuid7()), "hall_id": HALL, "device_id": DEVICE, "recorded_at": now.isoformat(),
            "zone_id": "z1", "board_id": "b1", "opened_at": now.isoformat(), "dwell_seconds": 3.5,
            "read_aloud": False, "corrects_id": None}


def batch_of(rows: list[dict[str, object]]):  # type: ignore[no-untyped-def]
    return check_batch({"board_views": rows}, hall_id=HALL, device_ids=frozenset({DEVICE}), max_rows=2000)


def stored(hub_db, ids: list[object]) -> int:  # type: ignore[no-untyped-def]
    with hub_db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(BoardView)
                                  .where(BoardView.id.in_([uuid.UUID(str(i)) for i in ids]))) or 0)


def test_ingest_counts_new_rows_once_and_replays_change_nothing(hub_db) -> None:
    now = datetime.now(timezone.utc)
    rows = [board_view(now) for _ in range(50)]
    with hub_db.transaction() as session:
        # A row twice in one batch, and one batch twice in one transaction (a bundle can do that).
        assert insert_facts(session, batch_of([*rows, rows[0]])).inserted == 50
        assert insert_facts(session, batch_of(rows)).inserted == 0
    with hub_db.transaction() as session:
        done = insert_facts(session, batch_of(rows[:10] + [board_view(now)]))
    assert (done.received, done.inserted) == (11, 1)
    assert stored(hub_db, [r["id"] for r in rows]) == 50


def test_ingest_after_a_rolled_back_first_use_of_a_connection(hub_db) -> None:
    """The rollback undoes the CREATE TEMP TABLE of its transaction: the next batch on that
    pooled connection must create it again, not fail (or write nothing)."""
    now = datetime.now(timezone.utc)
    lost, kept = [board_view(now)], [board_view(now)]
    hub_db.engine.dispose()  # fresh connections: the next use of each creates its staging table
    session = hub_db.sessions()
    session.begin()
    backend = session.execute(text("SELECT pg_backend_pid()")).scalar()
    insert_facts(session, batch_of(lost))
    session.rollback()
    session.close()
    with hub_db.transaction() as session:
        assert session.execute(text("SELECT pg_backend_pid()")).scalar() == backend  # the same pooled connection
        assert insert_facts(session, batch_of(kept)).inserted == 1
    assert stored(hub_db, [lost[0]["id"]]) == 0
    assert stored(hub_db, [kept[0]["id"]]) == 1


def test_values_postgresql_cannot_hold_are_refused_over_http_and_nothing_is_written(tmp_path, content_dir, hub, hub_db) -> None:
    """The binary COPY would keep only the low bytes of an oversized integer, and PostgreSQL
    cannot store a NUL character: both are a 422 with a sentence, and the batch's good rows are
    not written either. A body msgspec is stricter about (a UUID in braces) is still taken."""
    import httpx

    from tests.sync.conftest import enrolled_kiosk

    kiosk = enrolled_kiosk(tmp_path, "k", content_dir, hub, hub_db)
    device = kiosk.config.device
    auth = {"Authorization": f"Bearer {kiosk.sync.token_path.read_text().strip()}"}
    now = datetime.now(timezone.utc)

    def view(**changes: object) -> dict[str, object]:
        return {**board_view(now), "device_id": device, **changes}

    def checkin(count: int) -> dict[str, object]:
        from uuid6 import uuid7

        return {"id": str(uuid7()), "hall_id": HALL, "device_id": device, "recorded_at": now.isoformat(),
                "kind": "walk_in", "local_date": now.date().isoformat(), "visitor_kind": "public", "count": count}

    good = [view() for _ in range(3)]
    for facts, words in (({"board_views": good, "checkins": [checkin(2 ** 40)]}, "超出范围"),
                         ({"board_views": [*good, view(board_id="b\x00")]}, "空字符")):
        reply = httpx.post(f"{hub.url}/api/sync/push", json={"facts": facts}, headers=auth)
        assert reply.status_code == 422 and words in reply.json()["detail"], reply.text
    assert stored(hub_db, [r["id"] for r in good]) == 0
    braced = view(id="{" + str(uuid.uuid4()) + "}")
    reply = httpx.post(f"{hub.url}/api/sync/push", json={"facts": {"board_views": [*good, braced]}}, headers=auth)
    assert reply.status_code == 200 and reply.json() == {"received": 4, "inserted": 4}
    # The same batch again, with one new row: the straight COPY meets the key, the staging path counts one.
    again = httpx.post(f"{hub.url}/api/sync/push", json={"facts": {"board_views": [*good, view()]}}, headers=auth)
    assert again.json() == {"received": 4, "inserted": 1}
    kiosk.close()
