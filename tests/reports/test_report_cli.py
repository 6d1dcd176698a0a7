"""`kiosk stats summary|export` and `kiosk demo seed` through click's CliRunner, on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tomli_w
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from kiosk.cli import main
from kiosk.demo.seed import seed_history
from kiosk.reports.scope import ReportScope
from kiosk.reports.summary import SUMMARY_KEYS, build_summary
from kiosk.store.db import open_database
from tests.reports.history import HALL, OTHER_HALL, build


@pytest.fixture
def kiosk(tmp_path: Path, content_dir: Path):
    config = tmp_path / "kiosk.toml"
    config.write_text(tomli_w.dumps({"data_dir": str(tmp_path / "data"), "content_dir": str(content_dir),
                                     "hall_id": HALL, "device_id": "desk-1"}), encoding="utf-8")
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(main, ["--config", str(config), *args])

    db = open_database(f"sqlite:///{tmp_path / 'data' / 'kiosk.sqlite3'}")
    build(db, HALL)
    build(db, OTHER_HALL, suffix="乙")
    db.close()
    return run


def test_summary_json_has_the_promised_keys_and_this_hall_by_default(kiosk) -> None:
    result = kiosk("stats", "summary", "--year", "2026", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(SUMMARY_KEYS) <= set(data) and data["halls"] == [HALL]
    assert (data["organisations"], data["party_members"], data["satisfaction_rate"]) == (3, 111, 0.75)
    both = json.loads(kiosk("stats", "summary", "--from", "2026-01-01", "--to", "2026-12-31", "--all-halls",
                            "--json").output)
    assert both["halls"] is None and both["party_members"] == 222
    two = json.loads(kiosk("stats", "summary", "--year", "2026", "--hall", HALL, "--hall", OTHER_HALL, "--json").output)
    assert two["halls"] == sorted([HALL, OTHER_HALL]) and two["groups"] == 8
    text = kiosk("stats", "summary", "--year", "2026")
    assert text.exit_code == 0 and text.output.startswith("2026年1月1日至12月31日，共接待基层党组织 3 个")


def test_summary_and_xlsx_agree(kiosk, tmp_path: Path) -> None:
    data = json.loads(kiosk("stats", "summary", "--year", "2026", "--json").output)
    out = tmp_path / "r.xlsx"
    result = kiosk("stats", "export", "--format", "xlsx", "--year", "2026", "--out", str(out))
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["汇总"]
    values = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(5, 21)}
    assert values["党员（名）"] == data["party_members"] and values["展板浏览（次）"] == data["board_views"]
    assert values["接待基层党组织（个）"] == data["organisations"]


def test_bad_input_is_a_chinese_sentence(kiosk, tmp_path: Path) -> None:
    backwards = kiosk("stats", "summary", "--from", "2026-05-01", "--to", "2026-04-01")
    assert backwards.exit_code == 2 and "起始日期晚于结束日期" in backwards.output
    both = kiosk("stats", "summary", "--year", "2026", "--from", "2026-01-01", "--to", "2026-01-02")
    assert both.exit_code == 2 and "不能同时使用" in both.output
    pdf_table = kiosk("stats", "export", "--format", "pdf", "--table", "feedback", "--out", str(tmp_path / "x.pdf"))
    assert pdf_table.exit_code == 2 and "PDF" in pdf_table.output
    assert "Traceback" not in backwards.output + both.output + pdf_table.output


def test_arrivals_still_works_in_its_new_home(kiosk) -> None:
    result = kiosk("stats", "arrivals", "--year", "2026", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["organisations"], data["members"], len(data["duplicates"])) == (3, 111, 1)


def test_demo_seed_is_deterministic_and_realistic(tmp_path: Path) -> None:
    from datetime import date

    figures = []
    for name in ("a", "b"):
        db = open_database(f"sqlite:///{tmp_path / f'{name}.sqlite3'}")
        counts = seed_history(db, start=date(2026, 6, 20), end=date(2026, 7, 3),
                              hall_devices={"h": ["k1", "k2"]}, seed=7, scale=0.3)
        with db.transaction() as session:
            figures.append((counts.to_json(), build_summary(session, ReportScope.of(date(2026, 6, 20),
                                                                                   date(2026, 7, 3), "h")).to_json()))
        db.close()
    (counts_a, summary_a), (counts_b, summary_b) = figures
    assert counts_a == counts_b and summary_a == summary_b
    assert summary_a["groups"] > 15 and summary_a["no_shows"] >= 1 and summary_a["duplicates"] >= 1
    assert 0.6 < summary_a["satisfaction_rate"] < 0.98
    assert counts_a["quiz_answers"] == 10 * counts_a["quiz_attempts"] > 10_000


def test_demo_seed_twice_into_one_database_is_refused_in_chinese(kiosk, tmp_path: Path) -> None:
    """The seed's organisations have fixed names: a second seed of the same database stops with a
    sentence (exit 1), not a traceback, and leaves the first history as it was."""
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    first = kiosk("demo", "seed", "--days", "3", "--db", url, "--json")
    assert first.exit_code == 0, first.output
    again = kiosk("demo", "seed", "--days", "3", "--db", url)
    assert again.exit_code == 1
    assert "已有同名的演示单位" in again.output and "Traceback" not in again.output
    assert again.exception is None or isinstance(again.exception, SystemExit)


def test_demo_seed_folds_the_quiz_totals_unless_told_not_to(kiosk, tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from kiosk.store.quiz_models import QuizAttempt
    from kiosk.store.quiz_totals_models import QuizFoldedAttempt

    for flag, name in (((), "folded"), (("--no-fold",), "plain")):
        url = f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
        assert kiosk("demo", "seed", "--days", "2", "--db", url, *flag).exit_code == 0
        db = open_database(url)
        with db.transaction() as session:
            attempts = session.execute(select(func.count()).select_from(QuizAttempt)).scalar_one()
            folded = session.execute(select(func.count()).select_from(QuizFoldedAttempt)).scalar_one()
        db.close()
        assert attempts > 0 and folded == (attempts if name == "folded" else 0)
