"""`kiosk keys`: create the hall's signing key once, export the public keyring that verifies passes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from uuid import uuid4

from click.testing import CliRunner

from kiosk.cli import main
from kiosk.passes.codec import PassKind, issue_pass
from kiosk.passes.keys import load_keyring, load_signing_key
from kiosk.passes.outcomes import VerifyOutcome
from kiosk.passes.verify import verify_pass


def test_init_then_export_verifies_a_pass_and_second_init_refuses(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "keys"
    first = runner.invoke(main, ["keys", "init", "--dir", str(folder)])
    assert first.exit_code == 0 and "已生成签名密钥" in first.output
    again = runner.invoke(main, ["keys", "init", "--dir", str(folder)])
    assert again.exit_code == 1 and "已有签名密钥" in again.output

    exported = runner.invoke(main, ["keys", "export-public", "--dir", str(folder)])
    assert exported.exit_code == 0 and "PRIVATE" not in exported.output
    issued = issue_pass(booking_id=uuid4(), hall_id="demo-hall", valid_from=date(2026, 11, 21),
                        valid_to=date(2026, 11, 21), headcount=30, kind=PassKind.GROUP,
                        signing_key=load_signing_key(folder))
    verdict = verify_pass(issued.text, keyring=load_keyring(exported.output), hall_id="demo-hall",
                          today=date(2026, 11, 21))
    assert verdict.outcome is VerifyOutcome.VALID


def test_export_without_keys_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["keys", "export-public", "--dir", str(tmp_path / "none")])
    assert result.exit_code == 1 and "kiosk keys init" in result.output
