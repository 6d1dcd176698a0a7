"""The staff PIN: hashed, checked, locked for 5 minutes after 5 wrong tries, lockout survives restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from kiosk.cli import main
from kiosk.clock import FakeClock
from kiosk.staff.pin import PinError, PinGate, PinOutcome
from kiosk.store.db import open_database
from kiosk.store.facts import FactWriter
from kiosk.store.models import LocalSetting, StaffEvent


@pytest.fixture
def gate(tmp_path: Path, clock: FakeClock) -> PinGate:
    db = open_database(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    return PinGate(db, FactWriter(db, "h", "d", clock), clock)


def test_not_set_until_set(gate: PinGate) -> None:
    assert gate.check("1234").outcome is PinOutcome.NOT_SET
    gate.set_pin("1234")
    assert gate.check("1234").outcome is PinOutcome.OK


def test_pin_is_stored_hashed(gate: PinGate) -> None:
    gate.set_pin("987654")
    with gate.db.transaction() as session:
        stored = session.get(LocalSetting, "staff_pin_hash").value
    assert stored.startswith("scrypt$") and "987654" not in stored


@pytest.mark.parametrize("bad", ["123", "abcd", "1234567890123", "１２３４"])
def test_bad_pins_are_refused(gate: PinGate, bad: str) -> None:
    with pytest.raises(PinError, match="4 到 12 位数字"):
        gate.set_pin(bad)


def test_five_wrong_tries_lock_for_five_minutes(gate: PinGate, clock: FakeClock) -> None:
    gate.set_pin("2468")
    results = [gate.check("0000") for _ in range(5)]
    assert [r.tries_left for r in results[:4]] == [4, 3, 2, 1]
    assert results[4].outcome is PinOutcome.LOCKED
    assert gate.check("2468").outcome is PinOutcome.LOCKED  # even the right PIN, while locked
    clock.advance(299)
    assert gate.check("2468").outcome is PinOutcome.LOCKED
    clock.advance(2)
    assert gate.check("2468").outcome is PinOutcome.OK


def test_lockout_survives_a_restart(tmp_path: Path, clock: FakeClock) -> None:
    url = f"sqlite:///{tmp_path / 'k.sqlite3'}"
    db = open_database(url)
    gate = PinGate(db, FactWriter(db, "h", "d", clock), clock)
    gate.set_pin("2468")
    for _ in range(5):
        gate.check("1111")
    db.close()
    db2 = open_database(url)
    again = PinGate(db2, FactWriter(db2, "h", "d", clock), clock)
    assert again.check("2468").outcome is PinOutcome.LOCKED


def test_right_pin_resets_the_count(gate: PinGate) -> None:
    gate.set_pin("2468")
    for _ in range(4):
        gate.check("1111")
    assert gate.check("2468").outcome is PinOutcome.OK
    assert gate.check("1111").tries_left == 4


def test_every_try_is_a_fact(gate: PinGate) -> None:
    gate.set_pin("2468")
    gate.check("1111")
    gate.check("2468")
    with gate.db.transaction() as session:
        kinds = session.scalars(select(StaffEvent.kind).order_by(StaffEvent.id)).all()
    assert kinds == ["pin_set", "pin_wrong", "pin_ok"]


def test_cli_set_pin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner(env={"KIOSK_DATA_DIR": str(tmp_path / "data")})
    result = runner.invoke(main, ["staff", "set-pin", "--db", url], input="13579\n13579\n")
    assert result.exit_code == 0, result.output
    assert "管理员密码已设置" in result.output
    bad = runner.invoke(main, ["staff", "set-pin", "--db", url, "--pin", "12"])
    assert bad.exit_code == 1 and "4 到 12 位数字" in bad.output
    db = open_database(url)
    clock = FakeClock()
    assert PinGate(db, FactWriter(db, "h", "d", clock), clock).check("13579").outcome is PinOutcome.OK
