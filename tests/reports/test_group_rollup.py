"""The per-(hall, day, booking) rollup of revision 0014 gives exactly the arrival rules' group figures,
however the facts came: one by one (a kiosk), a confirmation before its check-in (sync), many rows in
one statement (the hub; the PostgreSQL trigger runs once per statement), a fact again (a replay), a
booking after its check-ins; and a database at 0013 is backfilled by the upgrade."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kiosk.reports.scope import ReportScope
from kiosk.store.db import MIGRATIONS_DIR, Database, open_database
from kiosk.store.visits_models import Booking, Checkin, HeadcountConfirmation, Organisation
from tests.reports.group_rollup_helpers import assert_same

D1, D2, D3 = date(2026, 5, 11), date(2026, 5, 12), date(2026, 5, 13)
Fact = tuple[Any, dict[str, Any]]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """Hall-local ``hour`` of ``day`` as UTC (the hall is UTC+8)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


def stamp(hall: str, device: str, when: datetime) -> dict[str, Any]:
    return {"id": uuid.uuid4(), "hall_id": hall, "device_id": device, "recorded_at": when, "corrects_id": None}


def checkin(booking: uuid.UUID | None, day: date, hour: int, count: int, *, hall: str = "hall-a",
            device: str = "kiosk-1", org: uuid.UUID | None = None, minute: int = 0) -> Fact:
    return Checkin, {**stamp(hall, device, at(day, hour, minute)), "kind": "pass", "local_date": day,
                     "booking_id": booking, "pass_id": None, "organisation_id": org, "visitor_kind": "group",
                     "count": count, "headcount_cap": count}


def walk_in(day: date, hour: int, kind: str, count: int, hall: str = "hall-a") -> Fact:
    return Checkin, {**stamp(hall, "kiosk-1", at(day, hour)), "kind": "walk_in", "local_date": day,
                     "booking_id": None, "pass_id": None, "organisation_id": None, "visitor_kind": kind,
                     "count": count, "headcount_cap": None}


def confirm(of: Fact, arrived: int, when: datetime, device: str = "kiosk-1") -> Fact:
    row = of[1]
    return HeadcountConfirmation, {**stamp(row["hall_id"], device, when), "corrects_id": row["id"], "arrived": arrived}


class Reference:
    """Organisations and bookings (reference data), written before or after the facts."""

    def __init__(self) -> None:
        self.orgs: list[dict[str, Any]] = []
        self.bookings: list[dict[str, Any]] = []

    def org(self, name: str, kind: str) -> uuid.UUID:
        oid = uuid.uuid4()
        self.orgs.append({"id": oid, "name": name, "kind": kind, "created_at": at(D1, 0), "hall_id": ""})
        return oid

    def booking(self, org: uuid.UUID, day: date, purpose: str, expected: int = 30) -> uuid.UUID:
        bid = uuid.uuid4()
        self.bookings.append({"id": bid, "organisation_id": org, "visit_date": day, "slot_start": "09:00",
                              "slot_end": "10:00", "expected_headcount": expected, "purpose": purpose,
                              "created_at": at(D1, 0), "hall_id": ""})
        return bid

    def write(self, db: Database) -> None:
        with db.transaction() as session:
            if self.orgs:
                session.execute(insert(Organisation), self.orgs)
            if self.bookings:
                session.execute(insert(Booking), self.bookings)


def write(db: Database, facts: list[Fact], how: str) -> None:
    """``one``: a statement and transaction per fact, in order; ``bulk``: one statement per table (the
    hub's ``INSERT … SELECT``), in the order the tables first appear; ``replay``: ignore-insert again."""
    if how == "one":
        for model, row in facts:
            with db.transaction() as session:
                session.execute(insert(model), [row])
        return
    ignore = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    with db.transaction() as session:
        for model in dict.fromkeys(m for m, _r in facts):
            rows = [r for m, r in facts if m is model]
            statement = ignore(model).on_conflict_do_nothing() if how == "replay" else insert(model)
            session.execute(statement.values(rows))


def the_history() -> tuple[Reference, list[Fact], list[Fact]]:
    """(reference, facts, late facts): every case the rules decide, in one hall-a/hall-b history."""
    ref = Reference()
    a, b, c = ref.org("机关甲", "机关"), ref.org("社区乙", "社区"), ref.org("学校丙", "学校")
    b1 = ref.booking(a, D1, "参观学习")  # two offline kiosks accept it; the leader confirms on kiosk-2's
    b2 = ref.booking(b, D1, "重温入党誓词")  # its confirmation is synced before its check-in
    b3 = ref.booking(c, D1, "观看红色影片")  # checked in on D1 and again on D2
    b4 = ref.booking(a, D2, "参观学习")  # checked in in hall-a and hall-b; confirmed in hall-b
    ref.booking(b, D2, "参观学习")  # never comes
    b6 = uuid.uuid4()  # a pass whose booking this database never saw
    facts: list[Fact] = []
    first = checkin(b1, D1, 9, 40, device="kiosk-1", org=a)
    second = checkin(b1, D1, 9, 40, device="kiosk-2", org=a, minute=5)
    facts += [first, second, confirm(second, 38, at(D1, 9, 10), "kiosk-2"),
              confirm(first, 35, at(D1, 9, 8))]  # older than kiosk-2's 38: 38 stays
    early = checkin(b2, D1, 14, 20, org=b)
    facts += [confirm(early, 18, at(D1, 14, 3)), early]
    day1, day2 = checkin(b3, D1, 10, 30, org=c), checkin(b3, D2, 11, 30, device="kiosk-2", org=c)
    facts += [day1, day2, confirm(day2, 25, at(D2, 11, 5), "kiosk-2")]
    here, there = checkin(b4, D2, 9, 12, org=a), checkin(b4, D2, 10, 12, hall="hall-b", org=a)
    facts += [here, there, confirm(there, 11, at(D2, 10, 2)), confirm(here, 9, at(D2, 9, 1))]
    facts += [checkin(b6, D2, 15, 15), checkin(b6, D2, 16, 15, device="kiosk-2")]
    facts += [checkin(None, D3, 9, 7), checkin(None, D3, 10, 8, hall="hall-b")]  # passes with no booking id
    facts += [walk_in(D1, 9, "member", 3), walk_in(D2, 10, "public", 5), walk_in(D3, 11, "member", 2, "hall-b")]
    late_booking = uuid.uuid4()  # its check-in comes first (org unknown then), the booking after
    late = [checkin(late_booking, D3, 13, 9)]
    ref.bookings.append({"id": late_booking, "organisation_id": b, "visit_date": D3, "slot_start": "13:00",
                         "slot_end": "14:00", "expected_headcount": 9, "purpose": "重温入党誓词",
                         "created_at": at(D1, 0), "hall_id": ""})
    return ref, facts, late


SCOPES = [ReportScope.of(D1, D3), ReportScope.of(D1, D1), ReportScope.of(D2, D3), ReportScope.of(D2, D2),
          ReportScope.of(D1, D3, "hall-a"), ReportScope.of(D1, D3, "hall-b"), ReportScope.of(D2, D2, "hall-b"),
          ReportScope.of(D1, D3, ["hall-a", "hall-b"]), ReportScope.of(D3, D3)]


def check_every_scope(db: Database) -> dict[str, Any]:
    with db.transaction() as session:
        figures = [assert_same(session, scope, today=D2) for scope in SCOPES]
    return figures[0]


@pytest.mark.parametrize("how", ["one", "bulk"])
def test_the_rollup_gives_the_rules_figures_however_the_facts_came(report_db: Database, how: str) -> None:
    ref, facts, late = the_history()
    booking_after = ref.bookings.pop()  # the late check-in's booking comes after it
    ref.write(report_db)
    write(report_db, facts + late, how)
    before = check_every_scope(report_db)
    with report_db.transaction() as session:
        session.execute(insert(Booking), [booking_after])
    after = check_every_scope(report_db)
    assert after["totals"].organisations == before["totals"].organisations - 1  # its own key became 社区乙's
    write(report_db, facts + late, "replay")  # the same facts pushed again: nothing changes
    assert check_every_scope(report_db) == after
    totals = after["totals"]
    # b1 38, b2 18, b3 30 (D1's cap: D2's 25 confirms D2), b4 11 (hall-b's newer), b6 15, no booking 7, late 9
    assert (totals.groups, totals.group_members, totals.organisations) == (7, 38 + 18 + 30 + 11 + 15 + 7 + 9, 5)
    assert sorted(d.checkins for d in after["duplicates"]) == [2, 2, 2, 2]  # b1, b3, b4, b6
    with report_db.transaction() as session:  # the range cutting between b3's days: D2 counts it again
        d2 = assert_same(session, ReportScope.of(D2, D3))
    assert ("观看红色影片", 1, 25) in [(p.purpose, p.groups, p.people) for p in d2["purposes"]]


def test_a_confirmation_before_its_check_in_in_one_bulk_statement_each(report_db: Database) -> None:
    ref, facts, late = the_history()
    ref.write(report_db)
    confirmations = [f for f in facts if f[0] is HeadcountConfirmation]
    write(report_db, confirmations, "bulk")  # every confirmation first, then every check-in
    write(report_db, [f for f in facts + late if f[0] is Checkin], "bulk")
    totals = check_every_scope(report_db)["totals"]
    assert totals.group_members == 38 + 18 + 30 + 11 + 15 + 7 + 9


def test_upgrade_to_0014_backfills_the_groups_and_keeps_every_fact(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_engine(url)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0013")
    ref, facts, late = the_history()
    with Session(engine) as session, session.begin():  # the tables as 0013 left them
        session.execute(insert(Organisation), ref.orgs)
        session.execute(insert(Booking), ref.bookings)
        for model, row in facts:
            session.execute(insert(model), [row])
    engine.dispose()
    db = open_database(url)  # migrates to head: the rollup is built from the facts already there
    with db.engine.connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM checkins")).scalar()
        confirmations = connection.execute(text("SELECT count(*) FROM headcount_confirmations")).scalar()
    assert (stored, confirmations) == (sum(1 for m, _r in facts if m is Checkin),
                                       sum(1 for m, _r in facts if m is HeadcountConfirmation))
    check_every_scope(db)
    write(db, late, "one")  # the triggers keep it from there
    totals = check_every_scope(db)["totals"]
    assert totals.group_members == 38 + 18 + 30 + 11 + 15 + 7 + 9
    db.close()


@pytest.mark.postgres
def test_upgrade_to_0014_backfills_on_postgres(fresh_pg_url: str) -> None:
    schema_url = fresh_pg_url
    engine = create_engine(schema_url)
    with engine.begin() as connection:  # this module's schema, emptied: 0013 rebuilt from nothing
        connection.execute(text("DROP SCHEMA IF EXISTS rollup_upgrade CASCADE"))
        connection.execute(text("CREATE SCHEMA rollup_upgrade"))
    engine.dispose()
    url = schema_url.replace(schema_url.rsplit("%3D", 1)[1], "rollup_upgrade")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_engine(url)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0013")
    ref, facts, late = the_history()
    with Session(engine) as session, session.begin():
        session.execute(insert(Organisation), ref.orgs)
        session.execute(insert(Booking), ref.bookings)
        for model, row in facts:
            session.execute(insert(model), [row])
    engine.dispose()
    db = open_database(url)
    check_every_scope(db)
    write(db, late, "bulk")
    assert check_every_scope(db)["totals"].group_members == 38 + 18 + 30 + 11 + 15 + 7 + 9
    db.close()
    engine = create_engine(schema_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA rollup_upgrade CASCADE"))
    engine.dispose()


@pytest.mark.postgres
def test_two_transactions_adding_days_of_one_booking_leave_neither_single(fresh_pg_url: str) -> None:
    """Two kiosks' pushes of one booking's two days, ingested at once: the counter's row lock makes
    the second wait for the first, and it then sees the first's row (both ranked, counted once)."""
    import threading

    from kiosk.store.report_rollup_models import GroupDay

    db = open_database(fresh_pg_url)
    with db.transaction() as session:
        session.execute(text("TRUNCATE checkins, headcount_confirmations, report_group_days, report_group_bookings"))
    booking = uuid.uuid4()
    first, second = checkin(booking, D1, 9, 10), checkin(booking, D2, 9, 12, device="kiosk-2")
    one, two = db.engine.connect(), db.engine.connect()
    one.begin()
    one.execute(insert(Checkin), [first[1]])  # not committed yet
    two.begin()
    done = threading.Event()

    def push_second() -> None:
        two.execute(insert(Checkin), [second[1]])  # waits on the counter row of ``booking``
        two.commit()
        done.set()

    worker = threading.Thread(target=push_second)
    worker.start()
    assert not done.wait(1.0)  # it waits for the first transaction
    one.commit()
    worker.join(10)
    assert done.is_set()
    one.close()
    two.close()
    with db.transaction() as session:
        assert sorted(session.execute(select(GroupDay.single)).scalars()) == [False, False]
        figures = assert_same(session, ReportScope.of(D1, D2))
    assert figures["totals"].groups == 1
    db.close()
