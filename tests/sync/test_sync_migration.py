"""Revision 0006 on a database made at revision 0003 (today's code before sync): every fact kept,
every fact waiting, reference rows owned by the hall, banks given stable ids, names unique per hall."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from kiosk.store.db import MIGRATIONS_DIR, create_db_engine, migrate


def _upgrade(engine, revision: str) -> None:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def test_0006_keeps_every_fact_and_makes_it_wait(tmp_path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    _upgrade(engine, "0003")
    now = datetime(2026, 11, 1, 8, tzinfo=UTC).replace(tzinfo=None)
    fact = dict(hall_id="old-hall", device_id="old-pc", recorded_at=now)
    org_id = uuid.uuid4()
    with engine.begin() as c:
        for i in range(5):
            c.execute(text("INSERT INTO board_views (id, hall_id, device_id, recorded_at, zone_id, board_id, opened_at, "
                           "dwell_seconds, read_aloud) VALUES (:id, :hall_id, :device_id, :recorded_at, 'z', 'b', "
                           ":recorded_at, 1.0, 0)"), {**fact, "id": uuid.uuid4().hex})
        c.execute(text("INSERT INTO staff_events (id, hall_id, device_id, recorded_at, kind, detail) VALUES "
                       "(:id, :hall_id, :device_id, :recorded_at, 'pin_ok', '')"), {**fact, "id": uuid.uuid4().hex})
        c.execute(text("INSERT INTO organisations (id, name, kind, created_at) VALUES (:id, '老支部', '社区', :t)"),
                  {"id": org_id.hex, "t": now})
        c.execute(text("INSERT INTO quiz_banks (name, source_file, content_hash, origin, imported_at, question_count) "
                       "VALUES ('党史题库', 'a.csv', 'x', 'staff', :t, 0)"), {"t": now})
        c.execute(text("INSERT INTO quiz_attempts (id, hall_id, device_id, recorded_at, mode, bank, score, max_score, "
                       "question_count, correct_count, started_at, finished_at, card_text) VALUES (:id, :hall_id, "
                       ":device_id, :recorded_at, 'practice', '党史题库', 1, 1, 1, 1, :recorded_at, :recorded_at, '')"),
                  {**fact, "id": uuid.uuid4().hex})
    migrate(engine)
    with engine.begin() as c:
        assert c.execute(text("SELECT count(*) FROM board_views")).scalar() == 5
        assert c.execute(text("SELECT count(*) FROM sync_outbox")).scalar() == 7
        assert dict(c.execute(text("SELECT table_name, count(*) FROM sync_outbox GROUP BY table_name")).all()) == {
            "board_views": 5, "staff_events": 1, "quiz_attempts": 1}
        assert c.execute(text("SELECT hall_id FROM organisations")).scalar() == "old-hall"
        uid, version = c.execute(text("SELECT uid, version FROM quiz_banks")).one()
        assert uid and version == 1
        assert c.execute(text("SELECT bank_uid FROM quiz_attempts")).scalar() == uid
        device = c.execute(text("SELECT device_id FROM device_identity")).scalar()
        assert uuid.UUID(device) and device != "old-pc"
        # A new fact joins the outbox in its own transaction (the trigger).
        c.execute(text("INSERT INTO staff_events (id, hall_id, device_id, recorded_at, kind, detail) VALUES "
                       "(:id, 'old-hall', :d, :t, 'pin_ok', '')"), {"id": uuid.uuid4().hex, "d": device, "t": now})
        assert c.execute(text("SELECT count(*) FROM sync_outbox")).scalar() == 8
        # Names are unique per hall, not across the database.
        c.execute(text("INSERT INTO organisations (id, name, kind, created_at, hall_id) VALUES (:id, '老支部', '社区', :t, 'other')"),
                  {"id": uuid.uuid4().hex, "t": now})
    with pytest.raises(IntegrityError), engine.begin() as c:
        c.execute(text("INSERT INTO organisations (id, name, kind, created_at, hall_id) VALUES (:id, '老支部', '社区', :t, 'old-hall')"),
                  {"id": uuid.uuid4().hex, "t": now})
    engine.dispose()


def test_enrolment_carries_the_old_device_ids(tmp_path, content_dir) -> None:
    """Facts made before 0006 carry the host name as device id: they are listed as aliases."""
    from kiosk.config import load_config
    from kiosk.services import build_services
    from kiosk.store.models import StaffEvent
    from kiosk.sync.identity import fact_device_aliases

    (tmp_path / "d").mkdir()
    config = load_config(tmp_path / "k.toml").with_overrides(data_dir=str(tmp_path / "d"), content_dir=str(content_dir),
                                                             device_id="old-pc")
    services = build_services(config)
    services.facts.add(StaffEvent(kind="pin_ok", detail=""))
    services.close()
    services = build_services(config.with_overrides(device_id=None))
    assert fact_device_aliases(services.db, "new-uuid") == ["old-pc"]
    services.close()


def test_attempts_name_their_bank_by_stable_id_and_version(tmp_path, content_dir) -> None:
    from sqlalchemy import select

    from kiosk.config import load_config
    from kiosk.services import build_services
    from kiosk.store.quiz_models import QuizAttempt, QuizBank
    from kiosk.ids import new_fact_id

    (tmp_path / "d").mkdir()
    services = build_services(load_config(tmp_path / "k.toml").with_overrides(
        data_dir=str(tmp_path / "d"), content_dir=str(content_dir), hall_id="test-hall"))
    now = services.clock.now()
    with services.db.transaction() as session:
        session.add(QuizBank(name="党史", source_file="a.csv", content_hash="h1", origin="staff", imported_at=now,
                             question_count=0))
    with services.db.transaction() as session:
        bank = session.scalars(select(QuizBank)).one()
        uid, first_version = bank.uid, bank.version
        bank.content_hash = "h2"  # a re-import with other content
    with services.db.transaction() as session:
        assert session.scalars(select(QuizBank.version)).one() == first_version + 1
        assert session.scalars(select(QuizBank.hall_id)).one() == "test-hall"
    attempt = services.facts.add(QuizAttempt(mode="practice", bank="党史", score=1, max_score=1, question_count=1,
                                             correct_count=1, started_at=now, finished_at=now, card_text=""))
    with services.db.transaction() as session:
        stored = session.get(QuizAttempt, attempt.id)
        assert stored.bank_uid == uid and stored.bank_version == first_version + 1
    services.close()
    assert new_fact_id()
