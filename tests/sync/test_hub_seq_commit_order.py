"""The commit-order hazard of the hub sequence, made deterministic: a writer that has drawn its
number and not yet committed must never let a later number commit first, or a pull would move the
kiosk's cursor past the earlier one (kiosk.hub.sequence's per-hall advisory lock)."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from kiosk.hub.pull import changes_since
from kiosk.store.visits_models import Organisation
from tests.sync.conftest import HALL

pytestmark = pytest.mark.postgres


def _pull(hub_db, since: int) -> dict:
    with hub_db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
        with Session(connection) as session, session.begin():
            return changes_since(session, HALL, since, now=datetime.now(UTC), exclude_devices=frozenset())


def _org(name: str) -> Organisation:
    return Organisation(id=uuid.uuid4(), name=name, kind="社区", created_at=datetime.now(UTC), hall_id=HALL)


def test_a_number_drawn_and_not_committed_holds_back_every_later_one(hub_db) -> None:
    cursor = _pull(hub_db, 0)["seq"]
    tag = uuid.uuid4().hex[:8]
    first = hub_db.sessions()
    first.begin()
    first.add(_org(f"先取号{tag}"))
    first.flush()  # draws its number; the transaction stays open
    first_pid = first.execute(text("SELECT pg_backend_pid()")).scalar_one()
    done = threading.Event()
    errors: list[BaseException] = []

    def later() -> None:
        try:
            with hub_db.transaction() as session:
                session.add(_org(f"后取号{tag}"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            done.set()

    thread = threading.Thread(target=later)
    thread.start()
    try:
        # Either the later writer commits a higher number first (the hazard), or it waits.
        done.wait(1.0)
        seen = _pull(hub_db, cursor)
        cursor = max(cursor, seen["seq"])
        first.commit()
    finally:
        first.close()
        thread.join(10)
    assert not errors
    after = _pull(hub_db, cursor)
    names = {o["name"] for o in seen["organisations"]} | {o["name"] for o in after["organisations"]}
    assert {f"先取号{tag}", f"后取号{tag}"} <= names, (
        f"a pull skipped a number: first writer pid {first_pid}; first pull {seen['organisations']}, "
        f"then since {cursor}: {after['organisations']}")
