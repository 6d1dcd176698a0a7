"""`kiosk quiz ...` against a temp config: import (all or nothing), show, export/template round trips,
list, stats, leaderboard, attempt-group, verify-card, and trusting another kiosk's card key."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from click.testing import CliRunner, Result

from kiosk.cli import main
from kiosk.clock import Clock, FakeClock, SystemClock
from kiosk.config import load_config
from kiosk.services import build_services
from tests.unit.quizzone_helpers import DEMO_BANK, record, small_bank_rows, summary_of, wrong_answer, write_csv

SHOW_KEYS = {"id", "type", "stem", "options", "answer", "explanation", "source", "difficulty", "category"}


def _write_config(folder: Path, content: Path, device: str = "kiosk-1") -> Path:
    (folder / "data").mkdir(parents=True, exist_ok=True)  # a configured data dir must exist
    path = folder / "kiosk.toml"
    path.write_text(tomli_w.dumps({"data_dir": str(folder / "data"), "content_dir": str(content),
                                   "device_id": device, "hall_id": "test-hall"}), encoding="utf-8")
    return path


@pytest.fixture
def config_path(tmp_path: Path, content_dir: Path) -> Path:
    return _write_config(tmp_path / "kiosk", content_dir)  # the small test content: no banks of its own


def run(config: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--config", str(config), "quiz", *args])


def show(config: Path, bank: str) -> dict[str, object]:
    result = run(config, "show", bank, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_import_show_and_reimport_without_duplicates(config_path: Path) -> None:
    imported = run(config_path, "import", str(DEMO_BANK), "--bank", "党建")
    assert imported.exit_code == 0, imported.output
    assert "共 134 道题" in imported.stdout and "新增 134" in imported.stdout
    data = show(config_path, "党建")
    assert data["bank"] == "党建"
    questions = data["questions"]
    assert isinstance(questions, list) and len(questions) == 134
    assert all(set(q) == SHOW_KEYS for q in questions)
    by_type: dict[str, dict[str, list[str]]] = {}
    for q in questions:
        by_type.setdefault(q["type"], q)  # the first question of each type
    assert set(by_type) == {"single", "multiple", "truefalse", "fill"}
    assert by_type["single"]["answer"] == ["B"] and len(by_type["single"]["options"]) == 4
    assert all(len(a) == 1 and a in "ABCDEF" for a in by_type["multiple"]["answer"])
    assert by_type["truefalse"]["answer"] in (["true"], ["false"]) and by_type["truefalse"]["options"] == []
    assert by_type["fill"]["options"] == [] and by_type["fill"]["answer"]

    again = run(config_path, "import", str(DEMO_BANK), "--bank", "党建")
    assert again.exit_code == 0 and "新增 0，更新 134" in again.stdout
    assert show(config_path, "党建") == data
    listed = run(config_path, "list", "--json")
    assert json.loads(listed.stdout)[0]["questions"] == 134


def test_a_bad_file_imports_nothing_and_prints_every_problem(config_path: Path, tmp_path: Path) -> None:
    rows = small_bank_rows(4)
    rows[0][6] = "E"  # answer beyond the options
    rows[2][1] = "长" * 5000  # a 5,000-character cell
    rows[3][0] = "判断"  # a 判断 with options
    bad = write_csv(tmp_path / "坏题库.csv", rows)
    result = run(config_path, "import", str(bad), "--bank", "坏")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ", 1)[0] for line in lines[:3]] == ["坏题库.csv:2", "坏题库.csv:4", "坏题库.csv:5"]
    assert "没有导入任何题目" in result.stderr
    missing = run(config_path, "show", "坏", "--json")
    assert missing.exit_code == 1 and "没有名为“坏”的题库" in missing.output


def test_missing_file_and_unknown_bank_are_clear(config_path: Path, tmp_path: Path) -> None:
    result = run(config_path, "import", str(tmp_path / "none.xlsx"), "--bank", "x")
    assert result.exit_code == 1 and "找不到文件" in result.output
    result = run(config_path, "export", "无此题库", "--out", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 1 and not (tmp_path / "x.xlsx").exists()


def test_export_then_import_gives_the_same_bank(config_path: Path, tmp_path: Path) -> None:
    run(config_path, "import", str(DEMO_BANK), "--bank", "党建")
    out = tmp_path / "导出.xlsx"
    exported = run(config_path, "export", "党建", "--out", str(out))
    assert exported.exit_code == 0 and out.exists()
    assert run(config_path, "import", str(out), "--bank", "副本").exit_code == 0
    assert show(config_path, "副本")["questions"] == show(config_path, "党建")["questions"]
    again = run(config_path, "import", str(out), "--bank", "党建")  # the export re-imported: no copies
    assert again.exit_code == 0 and "新增 0，更新 134，移出 0" in again.stdout


def test_template_imports_with_one_example_of_each_type(config_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    assert run(config_path, "template", "--out", str(out)).exit_code == 0
    assert run(config_path, "import", str(out), "--bank", "模板").exit_code == 0
    questions = show(config_path, "模板")["questions"]
    assert isinstance(questions, list)
    types = [q["type"] for q in questions]
    assert sorted(types) == ["fill", "matching", "multiple", "numerical", "single", "truefalse"]


def _record_attempts(config_path: Path, scores: list[int], clock: Clock | None = None) -> list[str]:
    services = build_services(load_config(config_path), clock=clock or FakeClock())
    try:
        bank = services.quiz.bank("党建")
        cards = []
        for score in scores:
            # Right up to ``score``, then one wrong answer (the first option that is not the key).
            records = [record(q.id, list(q.answer) if i < score else wrong_answer(q),
                              i < score) for i, q in enumerate(bank.questions[:score + 1])]
            cards.append(services.quiz.record_attempt(mode="challenge", bank="党建", summary=summary_of(records),
                                                      records=records).card_text)
        return cards
    finally:
        services.close()


def test_verify_card_leaderboard_and_stats(config_path: Path) -> None:
    run(config_path, "import", str(DEMO_BANK), "--bank", "党建")
    cards = _record_attempts(config_path, [3, 5])
    ok = run(config_path, "verify-card", cards[1])
    assert ok.exit_code == 0, ok.output
    assert "分数：5 / 6" in ok.stdout and "模式：挑战答题" in ok.stdout and "日期：2026-11-21" in ok.stdout
    assert "展馆：test-hall" in ok.stdout and "有效" in ok.stdout
    forged = run(config_path, "verify-card", cards[1].replace(":5:6:", ":6:6:"))
    assert forged.exit_code == 1 and "无效" in forged.stdout
    assert run(config_path, "verify-card", "HK1:乱码").exit_code == 1

    assert run(config_path, "leaderboard", "--period", "week").exit_code == 2

    stats = run(config_path, "stats", "党建", "--json")
    assert stats.exit_code == 0
    data = json.loads(stats.stdout)
    challenge = next(m for m in data["modes"] if m["mode"] == "challenge")
    assert data["attempts"] == 2 and challenge["attempts"] == 2 and challenge["mean"] == 4.0
    first = challenge["questions"][0]
    assert first["attempts"] == 2 and first["facility"] == 100.0 and "too_easy" in first["flags"]
    text = run(config_path, "stats", "党建")
    assert "2 次作答" in text.stdout and "太容易" in text.stdout


def test_cards_of_another_kiosk_verify_once_its_key_is_trusted(config_path: Path, tmp_path: Path,
                                                               content_dir: Path) -> None:
    run(config_path, "import", str(DEMO_BANK), "--bank", "党建")
    card = _record_attempts(config_path, [2])[0]
    office = _write_config(tmp_path / "office", content_dir, device="office")
    assert run(office, "verify-card", card).exit_code == 1
    public = run(config_path, "card-key")
    assert public.exit_code == 0 and "PRIVATE" not in public.stdout
    key_file = tmp_path / "kiosk-1.txt"
    key_file.write_text(public.stdout, encoding="utf-8")
    trusted = run(office, "trust-card-key", str(key_file))
    assert trusted.exit_code == 0, trusted.output
    assert run(office, "verify-card", card).exit_code == 0
    junk = tmp_path / "junk.txt"
    junk.write_text("not a keyring", encoding="utf-8")
    assert run(office, "trust-card-key", str(junk)).exit_code == 1


def test_list_reports_content_bank_problems(tmp_path: Path, content_dir: Path) -> None:
    banks = content_dir / "quiz" / "banks"
    banks.mkdir(parents=True)
    shutil.copy(DEMO_BANK, banks / DEMO_BANK.name)
    rows = small_bank_rows(2)
    rows[1][6] = "X"
    write_csv(banks / "坏.csv", rows)
    config = _write_config(tmp_path / "k", content_dir)
    result = run(config, "list")
    assert result.exit_code == 0
    assert "党的基本知识：134 道题" in result.stdout and "坏.csv:3:" in result.stderr


def test_leaderboard_shows_todays_attempts(config_path: Path) -> None:
    run(config_path, "import", str(DEMO_BANK), "--bank", "党建")
    _record_attempts(config_path, [2, 7, 4], clock=SystemClock())  # the CLI runs on the real clock: today
    board = run(config_path, "leaderboard", "--period", "today", "--json")
    assert board.exit_code == 0, board.output
    assert json.loads(board.stdout) == {"period": "today", "mode": "challenge",
                                        "rows": [{"rank": 1, "name": "本机 kiosk-1", "score": 7, "attempts": 3}]}
    text = run(config_path, "leaderboard")
    assert "第 1 名  本机 kiosk-1  7 分（3 次）" in text.stdout
    assert "还没有成绩" in run(config_path, "leaderboard", "--mode", "daily").stdout


def _one_attempt_and_an_organisation(config_path: Path) -> Any:
    """The demo bank imported, 红星社区党支部 registered and one challenge attempt (3 right) recorded
    with no group; returns the attempt's id."""
    run(config_path, "import", str(DEMO_BANK), "--bank", "党建")
    services = build_services(load_config(config_path), clock=SystemClock())
    try:
        services.visits.organisations.add("红星社区党支部", "社区", None)
        bank = services.quiz.bank("党建")
        records = [record(q.id, list(q.answer), True) for q in bank.questions[:3]]
        return services.quiz.record_attempt(mode="challenge", bank="党建", summary=summary_of(records),
                                            records=records).attempt_id
    finally:
        services.close()


def test_attempt_group_corrects_the_organisation_and_refuses_unknowns_in_chinese(config_path: Path) -> None:
    attempt = _one_attempt_and_an_organisation(config_path)

    done = run(config_path, "attempt-group", str(attempt), "--org", "红星社区党支部")
    assert done.exit_code == 0, done.output
    assert "红星社区党支部" in done.stdout
    board = json.loads(run(config_path, "leaderboard", "--json").stdout)
    assert board["rows"] == [{"rank": 1, "name": "红星社区党支部", "score": 3, "attempts": 1}]

    unknown_org = run(config_path, "attempt-group", str(attempt), "--org", "没有的单位")
    assert unknown_org.exit_code == 1 and "找不到组织" in unknown_org.stderr
    unknown_attempt = run(config_path, "attempt-group", "00000000-0000-0000-0000-000000000001",
                          "--org", "红星社区党支部")
    assert unknown_attempt.exit_code == 1 and "找不到这次答题" in unknown_attempt.stderr
    malformed = run(config_path, "attempt-group", "不是编号", "--org", "红星社区党支部")
    assert malformed.exit_code == 1 and "不是答题记录编号" in malformed.stderr
    for refused in (unknown_org, unknown_attempt, malformed):
        assert refused.exception is None or isinstance(refused.exception, SystemExit)
        assert "Traceback" not in refused.output


def test_attempt_group_none_clears_the_group_and_the_leaderboard_follows(config_path: Path) -> None:
    attempt = _one_attempt_and_an_organisation(config_path)
    assert run(config_path, "attempt-group", str(attempt), "--org", "红星社区党支部").exit_code == 0

    cleared = run(config_path, "attempt-group", str(attempt), "--none")
    assert cleared.exit_code == 0, cleared.output
    assert "已取消这次答题所属的单位" in cleared.stdout
    board = json.loads(run(config_path, "leaderboard", "--json").stdout)
    assert board["rows"] == [{"rank": 1, "name": "本机 kiosk-1", "score": 3, "attempts": 1}]

    both = run(config_path, "attempt-group", str(attempt), "--org", "红星社区党支部", "--none")
    assert both.exit_code == 1 and "--org 和 --none 只能给一个" in both.stderr
    neither = run(config_path, "attempt-group", str(attempt))
    assert neither.exit_code == 1 and "请给出 --org 单位名称，或用 --none 取消" in neither.stderr
    unknown_attempt = run(config_path, "attempt-group", "00000000-0000-0000-0000-000000000001", "--none")
    assert unknown_attempt.exit_code == 1 and "找不到这次答题" in unknown_attempt.stderr
    for refused in (both, neither, unknown_attempt):
        assert refused.exception is None or isinstance(refused.exception, SystemExit)
        assert "Traceback" not in refused.output


def test_attempts_lists_a_day_newest_first_with_its_group(config_path: Path) -> None:
    run(config_path, "import", str(DEMO_BANK), "--bank", "党建")
    clock = FakeClock(datetime(2026, 11, 20, 15, 50, tzinfo=UTC))  # 23:50 on 20 Nov in the hall
    services = build_services(load_config(config_path), clock=clock)
    try:
        org = services.visits.organisations.add("红星社区党支部", "社区", None)
        bank = services.quiz.bank("党建")
        ids = []
        for right, mode, minutes in ((1, "challenge", 20), (3, "practice", 30), (2, "daily", 0)):
            records = [record(q.id, list(q.answer), i < right) for i, q in enumerate(bank.questions[:3])]
            ids.append(services.quiz.record_attempt(mode=mode, bank="党建", summary=summary_of(records),
                                                    records=records).attempt_id)
            clock.advance(minutes * 60)  # 00:10 and 00:40 on 21 Nov
        services.quiz.choose_organisation(ids[1], org.id)
    finally:
        services.close()

    listed = run(config_path, "attempts", "--date", "2026-11-21", "--json")
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout) == {"date": "2026-11-21", "attempts": [
        {"id": str(ids[2]), "finished_at": "2026-11-21 00:40:00", "mode": "daily", "bank": "党建",
         "score": 2, "max_score": 3, "group": ""},
        {"id": str(ids[1]), "finished_at": "2026-11-21 00:10:00", "mode": "practice", "bank": "党建",
         "score": 3, "max_score": 3, "group": "红星社区党支部"},
    ]}
    limited = json.loads(run(config_path, "attempts", "--date", "2026-11-21", "--limit", "1", "--json").stdout)
    assert [a["id"] for a in limited["attempts"]] == [str(ids[2])]
    text = run(config_path, "attempts", "--date", "2026-11-20").stdout
    assert str(ids[0]) in text and "挑战答题" in text and "23:50:00" in text and "1/3" in text
    assert str(ids[1]) not in text
    assert "没有答题记录" in run(config_path, "attempts", "--date", "2026-01-01").stdout
    assert "今天还没有答题记录" in run(config_path, "attempts").stdout  # today by default (the system clock)

    for bad, sentence in ((("--date", "11/21"), "日期应写成 2026-11-21 的样子"),
                          (("--limit", "0"), "--limit 应是 1 到 1000 之间的整数"),
                          (("--limit", "许多"), "--limit 应是 1 到 1000 之间的整数")):
        refused = run(config_path, "attempts", *bad)
        assert refused.exit_code == 1 and sentence in refused.stderr
        assert refused.exception is None or isinstance(refused.exception, SystemExit)
        assert "Traceback" not in refused.output


MOODLE_EXPORT = (
    "// question: 1  name: 年份\n::年份::党的一大于哪一年召开？{#\n\t=%100%1921:0#\n\t~#是 1921 年\n}\n\n"
    "// question: 2  name: 论述\n::论述::谈谈你的体会。{}\n\n"
    "::连线::把会议和年份连起来。{\n\t=中共一大 -> 1921年\n\t=遵义会议 -> 1935年\n\t= -> 1949年\n}\n"
)


def test_moodle_export_imports_with_the_essay_skipped_and_shows_the_new_types(config_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "moodle.gift"
    path.write_text(MOODLE_EXPORT, encoding="utf-8")
    imported = run(config_path, "import", str(path), "--bank", "新题型")
    assert imported.exit_code == 0, imported.output
    assert "导入 2 题；跳过 1 题：第 8 行 简答/论述题，触摸屏不支持" in imported.stdout
    questions = show(config_path, "新题型")["questions"]
    assert isinstance(questions, list)
    year, pairs = questions
    assert (year["type"], year["answer"], year["feedback"]) == ("numerical", ["1921"], {"*": "是 1921 年"})
    assert (pairs["type"], pairs["options"], pairs["answer"], pairs["distractors"]) == (
        "matching", ["中共一大", "遵义会议"], ["1921年", "1935年"], ["1949年"])
    out = tmp_path / "导出.xlsx"
    assert run(config_path, "export", "新题型", "--out", str(out)).exit_code == 0
    again = run(config_path, "import", str(out), "--bank", "新题型")
    assert again.exit_code == 0 and "新增 0，更新 2" in again.stdout
    assert show(config_path, "新题型")["questions"] == questions
