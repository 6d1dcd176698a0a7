"""A kiosk whose own database is PostgreSQL (``db_url``): its facts reach the outbox through the
PL/pgSQL trigger (revision 0012) in the same transaction, and sync to the hub; the hub's own
database never gets the triggers."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text

from kiosk.store.db import open_database
from kiosk.sync.outbox import ensure_triggers
from tests.conftest import PG_URL
from tests.sync.conftest import enrolment_code, make_kiosk
from tests.sync.helpers import hub_fact_ids, kiosk_fact_ids, waiting, write_facts

pytestmark = pytest.mark.postgres


@pytest.fixture
def kiosk_pg_url():  # type: ignore[no-untyped-def]
    schema = f"kiosk_pg_{uuid.uuid4().hex[:8]}"
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def outbox_triggers(engine) -> set[str]:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return set(connection.execute(text(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relnamespace = current_schema()::regnamespace AND t.tgname LIKE 'sync_outbox_%'")).scalars())


def test_a_fact_written_on_a_postgres_kiosk_waits_and_syncs(tmp_path, content_dir, hub, hub_db, kiosk_pg_url) -> None:
    # Facts written before the kiosk ever started (no trigger yet) are queued when it attaches them.
    early = open_database(kiosk_pg_url)
    assert outbox_triggers(early.engine) == set()
    early.close()
    kiosk = make_kiosk(tmp_path, "pg", content_dir, db_url=kiosk_pg_url)
    assert kiosk.db.engine.dialect.name == "postgresql"
    assert "sync_outbox_board_views" in outbox_triggers(kiosk.db.engine)
    write_facts(kiosk, 12)
    assert waiting(kiosk) == 12  # each fact's outbox row came in its own transaction
    kiosk.sync.enrol(hub.url, enrolment_code(hub_db))
    kiosk.sync.push()
    assert waiting(kiosk) == 0
    assert set(hub_fact_ids(hub_db, {kiosk.config.device})) == kiosk_fact_ids(kiosk)
    kiosk.close()


def test_facts_stored_before_the_trigger_are_queued_once(tmp_path, content_dir, kiosk_pg_url) -> None:
    kiosk = make_kiosk(tmp_path, "pg", content_dir, db_url=kiosk_pg_url)
    write_facts(kiosk, 5)
    with kiosk.db.engine.begin() as connection:  # as a kiosk on a database made before revision 0012
        connection.execute(text("DROP TRIGGER sync_outbox_board_views ON board_views"))
        connection.execute(text("DELETE FROM sync_outbox WHERE table_name = 'board_views'"))
    before = waiting(kiosk)
    ensure_triggers(kiosk.db.engine)
    ensure_triggers(kiosk.db.engine)  # twice: nothing queued twice
    with kiosk.db.engine.connect() as connection:
        board_views = connection.execute(text("SELECT count(*) FROM board_views")).scalar()
    assert waiting(kiosk) == before + board_views
    kiosk.close()


def test_the_hub_database_never_queues_what_it_receives(hub, hub_db) -> None:
    ensure_triggers(hub_db.engine)  # a kiosk command pointed at the hub's database
    assert outbox_triggers(hub_db.engine) == set()


def test_a_postgres_kiosk_pulls_bookings_revocations_and_banks(tmp_path, content_dir, hub, hub_db, hub_db_url,
                                                              kiosk_pg_url) -> None:
    """Pull applied with PostgreSQL's upserts: a booking made on the hub is accepted after a pull,
    refused as revoked after its cancellation is pulled, and a hub bank reaches the kiosk."""
    from click.testing import CliRunner

    from kiosk.cli import main
    from kiosk.clock import hall_date
    from kiosk.passes.outcomes import CheckinOutcome
    from tests.sync.conftest import HALL, admin_headers  # noqa: F401
    from tests.sync.test_sync_pull import _booking, _org

    import httpx

    kiosk = make_kiosk(tmp_path, "pg", content_dir, db_url=kiosk_pg_url)
    assert kiosk.db.engine.dialect.name == "postgresql"
    kiosk.sync.enrol(hub.url, enrolment_code(hub_db))
    booking = _booking(hub, hub_db, _org(hub, hub_db, "城南街道党工委"), hall_date(kiosk.clock.now()).isoformat())
    bank = tmp_path / "bank.csv"
    bank.write_text("题型,题干,选项A,选项B,选项C,选项D,答案,解析,出处,难度,分类\n"
                    "单选,中心题库第一题？,甲,乙,丙,丁,B,,,易,党史\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["hub", "import-bank", str(bank), "--hall", HALL, "--bank", "本机PG题库", "--db", hub_db_url])
    assert done.exit_code == 0, done.output
    kiosk.sync.pull()
    kiosk.sync.pull()  # a second pull of nothing new changes nothing
    assert kiosk.visits.scan(booking["pass"]).outcome is CheckinOutcome.ACCEPTED
    assert [q.stem for q in kiosk.quiz.bank("本机PG题库").questions] == ["中心题库第一题？"]
    assert httpx.post(f"{hub.url}/api/admin/halls/{HALL}/bookings/{booking['id']}/cancel",
                      headers=admin_headers(hub_db)).status_code == 200
    kiosk.sync.pull()
    assert kiosk.visits.scan(booking["pass"]).outcome is CheckinOutcome.REVOKED
    kiosk.close()


def test_organisations_of_one_reply_are_applied_parents_first() -> None:
    from kiosk.sync.pull_apply import _parents_first

    rows = [{"id": 3, "parent_id": 2}, {"id": 1, "parent_id": None}, {"id": 2, "parent_id": 1}, {"id": 4, "parent_id": 9}]
    assert [r["id"] for r in _parents_first(rows)] == [1, 2, 3, 4]
