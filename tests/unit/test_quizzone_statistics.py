"""Item statistics from stored answers: regraded against the current key, computed per mode,
α per question set, challenge left out of discrimination and α (``kiosk quiz stats``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.clock import FakeClock
from kiosk.quizzone.errors import QuizZoneError
from kiosk.quizzone.service import QuizZoneService
from kiosk.store.db import Database
from quiz.session import Mode
from tests.unit.quizzone_helpers import make_service, record, small_bank_rows, summary_of, write_csv

DAY = 24 * 3600


def _answer(service: QuizZoneService, mode: Mode, plan: list[tuple[str, str]], bank: str = "统计") -> None:
    """Record one attempt; each answer is graded with the key stored *now* (as the session would)."""
    questions = service.bank(bank).by_id()
    records = [record(qid, [chosen], chosen in questions[qid].answer) for qid, chosen in plan]
    service.record_attempt(mode=mode.value, bank=bank, summary=summary_of(records, mode), records=records)


def test_fixing_a_wrong_key_and_reimporting_changes_the_statistics(sqlite_db: Database, clock: FakeClock,
                                                                   tmp_path: Path) -> None:
    service = make_service(sqlite_db, clock, tmp_path / "keys")
    rows = small_bank_rows(3)  # every key is B
    service.import_bank_file(write_csv(tmp_path / "s.csv", rows), "统计")
    q0, q1, q2 = (q.id for q in service.bank("统计").questions)
    # Everybody knows q1 is really C: graded wrong with the mistaken key B.
    for chosen in (("B", "C", "B"), ("B", "C", "A"), ("A", "C", "B"), ("B", "C", "D")):
        _answer(service, Mode.DAILY, list(zip((q0, q1, q2), chosen)))
    before = service.statistics("统计").mode("daily").statistics.item(q1)
    assert before.facility == 0.0 and before.correct == 0

    rows[1][6] = "C"  # staff fix the key and import the file again
    clock.advance(60)
    service.import_bank_file(write_csv(tmp_path / "s.csv", rows), "统计")
    after = service.statistics("统计").mode("daily").statistics
    assert after.item(q1).facility == 100.0 and after.item(q1).correct == 4
    assert after.item(q0).facility == 75.0  # unchanged questions keep their grades
    assert after.mean == pytest.approx(2.25)  # 1.25 before: the attempt scores follow the regrade too

    # A question removed from the bank keeps the grade it was given.
    clock.advance(60)
    service.import_bank_file(write_csv(tmp_path / "s.csv", [rows[0], rows[2]]), "统计")
    retired = service.statistics("统计").mode("daily").statistics.item(q1)
    assert retired.correct == 0
    assert service.statistics("统计").stem(retired) == "第 1 题：哪一项正确？"


def _three_modes(service: QuizZoneService, clock: FakeClock) -> list[str]:
    ids = [q.id for q in service.bank("统计").questions]
    day1, day2 = ids[:3], ids[3:6]
    pattern = [("B", "B", "B"), ("B", "B", "A"), ("B", "A", "A"), ("A", "A", "A")]  # α = 0.75 (by hand)
    for chosen in pattern:
        _answer(service, Mode.DAILY, list(zip(day1, chosen)))
    clock.advance(DAY)
    for chosen in pattern:
        _answer(service, Mode.DAILY, list(zip(day2, chosen)))
    # Challenge: long runs ending at the first wrong answer.
    for run_length in (8, 9):
        _answer(service, Mode.CHALLENGE, [(qid, "B") for qid in ids[:run_length]] + [(ids[run_length], "A")])
    return ids


def test_statistics_are_per_mode_with_alpha_per_daily_set(sqlite_db: Database, clock: FakeClock,
                                                          tmp_path: Path) -> None:
    service = make_service(sqlite_db, clock, tmp_path / "keys")
    service.import_bank_file(write_csv(tmp_path / "s.csv", small_bank_rows(12)), "统计")
    ids = _three_modes(service, clock)
    report = service.statistics("统计")
    assert [m.mode for m in report.modes] == ["practice", "challenge", "daily"]
    daily = report.mode("daily")
    assert daily.statistics.attempts == 8 and daily.statistics.mean == pytest.approx(1.5)  # out of 3, not 10
    data = report.to_json()
    assert data["attempts"] == 10
    modes = {m["mode"]: m for m in data["modes"]}
    assert modes["practice"]["attempts"] == 0 and modes["practice"]["questions"] == []
    assert [(s["label"], s["attempts"], s["alpha"]) for s in modes["daily"]["alpha_sets"]] == [
        ("2026-11-21", 4, 0.75), ("2026-11-22", 4, 0.75)]
    assert modes["daily"]["discrimination"] is True
    challenge = modes["challenge"]
    assert challenge["attempts"] == 2 and challenge["mean"] == 8.5
    assert challenge["discrimination"] is False and challenge["alpha_sets"] == []
    assert "答错即止" in challenge["note"]
    assert all(q["discrimination"] is None for q in challenge["questions"])
    assert {q["id"]: q["facility"] for q in challenge["questions"]}[ids[8]] == 50.0

    only = service.statistics("统计", mode="challenge")
    assert [m.mode for m in only.modes] == ["challenge"]
    with pytest.raises(QuizZoneError):
        service.statistics("统计", mode="contest")


def test_stats_command_reports_each_mode_and_filters_with_mode(sqlite_db: Database, clock: FakeClock,
                                                               tmp_path: Path, content_dir: Path) -> None:
    import tomli_w

    config = tmp_path / "kiosk.toml"
    config.write_text(tomli_w.dumps({"data_dir": str(tmp_path / "data"), "content_dir": str(content_dir),
                                     "device_id": "k", "hall_id": "test-hall",
                                     "db_url": str(sqlite_db.engine.url)}), encoding="utf-8")
    service = make_service(sqlite_db, clock, tmp_path / "keys")
    service.import_bank_file(write_csv(tmp_path / "s.csv", small_bank_rows(12)), "统计")
    _three_modes(service, clock)

    def stats(*args: str) -> str:
        result = CliRunner().invoke(main, ["--config", str(config), "quiz", "--db", str(sqlite_db.engine.url),
                                           "stats", "统计", *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    text = stats()
    assert "每日答题" in text and "挑战答题" in text and "2026-11-22" in text and "答错即止" in text
    data = json.loads(stats("--mode", "daily", "--json"))
    assert [m["mode"] for m in data["modes"]] == ["daily"] and data["attempts"] == 8
    bad = CliRunner().invoke(main, ["--config", str(config), "quiz", "stats", "统计", "--mode", "contest"])
    assert bad.exit_code == 2
    help_text = CliRunner().invoke(main, ["--config", str(config), "quiz", "stats", "--help"]).stdout
    assert "alpha_sets" in help_text and "--mode" in help_text
