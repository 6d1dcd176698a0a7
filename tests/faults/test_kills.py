"""kill -9 at every kind of point: the first start, a migration; then the database opens and works.

Before issue 16 the first migration's CREATE TABLEs ran outside any transaction (Python's sqlite3
opens one only before INSERT/UPDATE/DELETE), so some kills left ``board_views`` without a version
row and every later start failed with "table board_views already exists".
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.clock import FakeClock
from kiosk.store.db import HEAD_REVISION, DatabaseError, create_db_engine, open_database, schema_is_current
from kiosk.store.facts import FactWriter
from kiosk.store.models import BoardView
from tests.faults.fault_helpers import ROOT, SCALE


def _child(url: str, n: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tests.faults.kill_child", "migrate", url, str(n)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _statements(url: str) -> int:
    done = _child(url, 0)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def _works(url: str) -> None:
    db = open_database(url)
    try:
        assert schema_is_current(db.engine)
        FactWriter(db, "h", "d", FakeClock()).add(
            BoardView(zone_id="z", board_id="b", opened_at=datetime(2026, 1, 1, tzinfo=UTC), dwell_seconds=1.0,
                      read_aloud=False))
        with db.transaction() as session:
            assert len(session.scalars(select(BoardView)).all()) >= 1
    finally:
        db.close()


def _points(total: int, count: int, seed: int) -> list[int]:
    """``count`` kill points spread over 1..total: the first and last always, the rest at random."""
    rng = random.Random(seed)
    middle = list(range(2, total))
    return sorted({1, total, *rng.sample(middle, min(len(middle), max(0, count - 2)))})


def test_kill_at_any_statement_of_the_first_start_never_bricks(tmp_path: Path) -> None:
    total = _statements(f"sqlite:///{tmp_path / 'count.sqlite3'}")
    assert total > 20  # three migrations: the kill points below really fall inside them
    points = _points(total, 6 * SCALE, seed=16)
    for n in points:
        url = f"sqlite:///{tmp_path / f'first-{n}.sqlite3'}"
        killed = _child(url, n)
        assert killed.returncode == -9, (n, killed.stderr)
        _works(url)
    print(f"first start: {len(points)} kills of {total} statements")


def test_kill_during_an_upgrade_keeps_every_fact(tmp_path: Path) -> None:
    from alembic import command

    from kiosk.store.db import _alembic_config

    points = None
    for attempt in range(2 * SCALE):
        path = tmp_path / f"old-{attempt}.sqlite3"
        url = f"sqlite:///{path}"
        engine = create_db_engine(url)
        cfg = _alembic_config()
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "0002")
        with sqlite3.connect(path) as raw:
            raw.execute("INSERT INTO local_settings VALUES ('kept', 'yes')")
        engine.dispose()
        if points is None:
            total = _statements(f"sqlite:///{tmp_path / 'count.sqlite3'}")
            points = _points(total, 4 * SCALE, seed=attempt)
        n = points[attempt % len(points)]
        _child(url, n)
        _works(url)
        with sqlite3.connect(path) as raw:
            assert raw.execute("SELECT value FROM local_settings WHERE key='kept'").fetchone() == ("yes",)
            assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)


def _half_made(path: Path, rows: bool) -> None:
    """What the old code left after a kill: some first-migration tables, an empty version table."""
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        raw.execute("CREATE TABLE board_views (id BLOB PRIMARY KEY, zone_id TEXT)")
        raw.execute("CREATE TABLE local_settings (key TEXT PRIMARY KEY, value TEXT)")
        if rows:
            raw.execute("INSERT INTO local_settings VALUES ('staff_pin_hash', 'x')")


def test_half_made_database_of_an_older_version_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "half.sqlite3"
    _half_made(path, rows=False)
    _works(f"sqlite:///{path}")


def test_half_made_database_holding_rows_is_refused_with_a_way_out(tmp_path: Path) -> None:
    path = tmp_path / "half.sqlite3"
    _half_made(path, rows=True)
    with pytest.raises(DatabaseError, match="改名保存") as caught:
        open_database(f"sqlite:///{path}")
    assert "local_settings" in str(caught.value)
    with sqlite3.connect(path) as raw:  # nothing was dropped
        assert raw.execute("SELECT count(*) FROM local_settings").fetchone() == (1,)


def test_database_of_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    open_database(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(DatabaseError, match="更新版本的程序"):
        open_database(f"sqlite:///{path}")


def test_kill_during_a_bank_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    from tests.unit.quizzone_helpers import small_bank_rows, write_csv

    bank = write_csv(tmp_path / "bank.csv", small_bank_rows())
    count_url = f"sqlite:///{tmp_path / 'count.sqlite3'}"
    open_database(count_url).close()
    done = subprocess.run([sys.executable, "-m", "tests.faults.kill_child", "import", count_url, "0", str(bank)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    total = int(done.stdout.split()[-1])
    full = _questions(count_url)
    assert full > 0
    for n in _points(total, 3 * SCALE, seed=14):
        url = f"sqlite:///{tmp_path / f'import-{n}.sqlite3'}"
        open_database(url).close()
        subprocess.run([sys.executable, "-m", "tests.faults.kill_child", "import", url, str(n), str(bank)],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert _questions(url) in (0, full)


def _questions(url: str) -> int:
    from kiosk.store.quiz_models import QuizQuestion

    db = open_database(url)
    try:
        with db.transaction() as session:
            return session.scalar(select(func.count()).select_from(QuizQuestion))
    finally:
        db.close()


def test_kill_during_a_checkin_burst_loses_and_doubles_nothing(tmp_path: Path, kiosk_config) -> None:
    import json
    import time

    import tomli_w

    from kiosk.services import build_services
    from kiosk.store.visits_models import Checkin

    config_file = tmp_path / "burst.toml"
    config_file.write_text(tomli_w.dumps({k: kiosk_config.values[k] for k in ("data_dir", "content_dir", "hall_id",
                                                                               "device_id")}), encoding="utf-8")
    services = build_services(kiosk_config)
    from kiosk.passes.keys import init_keys

    init_keys(kiosk_config.keys_path)
    from kiosk.clock import SystemClock, hall_date

    today = hall_date(SystemClock().now())
    services.visits.organisations.add("甲单位", "机关", None)
    codes = []
    for i in range(40):
        booking = services.visits.bookings.add(organisation="甲单位", visit_date=today, slot="09:00-10:00",
                                               headcount=10 + i, purpose="参观学习")
        codes.append(services.visits.passes.text(booking.id))
    services.close()
    acknowledged: set[str] = set()
    rng = random.Random(16)
    kills = 2 * SCALE
    for round_ in range(kills):
        file = tmp_path / f"codes-{round_}.txt"
        file.write_text("\n".join(rng.sample(codes, len(codes))))
        child = subprocess.Popen([sys.executable, "-m", "tests.faults.kill_child", "burst", str(config_file), "0",
                                  str(file)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        got = 0
        target = rng.randint(1, 8)
        assert child.stdout is not None
        for line in child.stdout:  # kill -9 after a few acknowledgements, mid-burst
            acknowledged.add(line.strip())
            got += 1
            if got >= target:
                break
        child.kill()
        rest = child.stdout.read()  # whatever it printed before the kill was acknowledged too
        acknowledged.update(x for x in rest.split() if x)
        child.wait()
    services = build_services(kiosk_config)
    with services.db.transaction() as session:
        rows = session.execute(select(Checkin.id, Checkin.booking_id)).all()
    services.close()
    stored = {str(r.id) for r in rows}
    assert acknowledged <= stored  # nothing acknowledged was lost
    assert len({r.booking_id for r in rows}) == len(rows)  # nothing doubled
    print(f"check-in burst: {kills} kills, {len(acknowledged)} acknowledged, 0 lost")
