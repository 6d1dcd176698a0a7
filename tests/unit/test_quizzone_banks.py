"""Stored banks: all-or-nothing import, no duplicates on re-import, the content folder's banks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from kiosk.clock import FakeClock
from kiosk.quizzone.errors import QuizZoneError
from kiosk.store.db import Database
from kiosk.store.quiz_models import QuizBank, QuizQuestion
from tests.unit.quizzone_helpers import DEMO_BANK, make_service, small_bank_rows, write_csv


def _question_rows(db: Database) -> list[tuple[str, bool]]:
    with db.transaction() as session:
        return list(session.execute(select(QuizQuestion.question_id, QuizQuestion.active)).all())


def test_migration_creates_the_quiz_tables(sqlite_db: Database) -> None:
    tables = set(inspect(sqlite_db.engine).get_table_names())
    assert {"quiz_banks", "quiz_questions", "quiz_attempts", "quiz_answers", "quiz_contest_events"} <= tables


def test_demo_bank_imports_and_reimport_does_not_duplicate(sqlite_db: Database, clock: FakeClock,
                                                           tmp_path: Path) -> None:
    service = make_service(sqlite_db, clock, tmp_path / "keys")
    first = service.import_bank_file(DEMO_BANK, "党建")
    assert (first.questions, first.added, first.updated) == (134, 134, 0)
    again = service.import_bank_file(DEMO_BANK, "党建")
    assert (again.added, again.updated, again.retired) == (0, 134, 0)
    assert len(_question_rows(sqlite_db)) == 134
    bank = service.bank("党建")
    assert len(bank) == 134 and bank.id == "党建"
    assert [b.name for b in service.banks()] == ["党建"]
    assert service.banks()[0].categories == ("党章", "党史", "党的建设基本知识")


def test_reimport_keeps_ids_updates_answers_and_retires_removed_questions(sqlite_db: Database, clock: FakeClock,
                                                                          tmp_path: Path) -> None:
    service = make_service(sqlite_db, clock, tmp_path / "keys")
    rows = small_bank_rows(4)
    service.import_bank_file(write_csv(tmp_path / "a.csv", rows), "测试")
    before = service.bank("测试")
    fixed = [list(r) for r in rows[:3]]
    fixed[0][6] = "C"  # a corrected answer key: still the same question
    fixed.append(["判断", "新增的判断题", "", "", "", "", "对", "", "", "", "党史"])
    clock.advance(60)
    stored = service.import_bank_file(write_csv(tmp_path / "b.csv", fixed), "测试")
    assert (stored.added, stored.updated, stored.retired) == (1, 3, 1)
    after = service.bank("测试")
    assert [q.id for q in after.questions[:3]] == [q.id for q in before.questions[:3]]
    assert after.questions[0].answer == ("C",)
    assert len(after) == 4 and before.questions[3].id not in after.by_id()
    assert sorted(active for _, active in _question_rows(sqlite_db)) == [False, True, True, True, True]


def test_bad_file_imports_nothing_and_lists_every_problem(sqlite_db: Database, clock: FakeClock,
                                                          tmp_path: Path) -> None:
    service = make_service(sqlite_db, clock, tmp_path / "keys")
    good = write_csv(tmp_path / "bank.csv", small_bank_rows(3))
    service.import_bank_file(good, "测试")
    rows = small_bank_rows(3)
    rows[1][6] = "E"  # beyond the options (row 3 of the sheet)
    rows[2][6] = ""  # no answer (row 4)
    bad = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(QuizZoneError) as caught:
        service.import_bank_file(bad, "测试")
    assert caught.value.problems[0].startswith("bad.csv:3: ") and caught.value.problems[1].startswith("bad.csv:4: ")
    assert "没有导入" in caught.value.message
    assert [q.answer for q in service.bank("测试").questions] == [("B",)] * 3  # the stored copy stands
    with sqlite_db.transaction() as session:
        assert session.scalar(select(QuizBank.source_file)) == "bank.csv"


def test_unknown_bank_is_a_clear_error(sqlite_db: Database, clock: FakeClock, tmp_path: Path) -> None:
    service = make_service(sqlite_db, clock, tmp_path / "keys")
    with pytest.raises(QuizZoneError, match="没有名为“无此题库”的题库"):
        service.bank("无此题库")
    assert service.default_bank() is None


def test_content_sync_imports_changed_files_only_and_keeps_last_good(sqlite_db: Database, clock: FakeClock,
                                                                     tmp_path: Path) -> None:
    service = make_service(sqlite_db, clock, tmp_path / "keys")
    banks = tmp_path / "content/quiz/banks"
    banks.mkdir(parents=True)
    shutil.copy(DEMO_BANK, banks / DEMO_BANK.name)
    write_csv(banks / "小测.csv", small_bank_rows(2))
    (banks / "README.md").write_text("说明文件不是题库", encoding="utf-8")
    assert service.sync_content_banks(tmp_path / "content") == []
    assert [b.name for b in service.banks()] == ["党的基本知识", "小测"]
    assert service.default_bank() == "党的基本知识"

    def imported_at() -> dict[str, object]:
        with sqlite_db.transaction() as session:
            return dict(session.execute(select(QuizBank.name, QuizBank.imported_at)).all())

    stamps = imported_at()
    clock.advance(3600)
    assert service.sync_content_banks(tmp_path / "content") == []
    assert imported_at() == stamps  # unchanged files are not imported again

    broken = small_bank_rows(2)
    broken[0][6] = "Z"
    write_csv(banks / "小测.csv", broken)
    problems = service.sync_content_banks(tmp_path / "content")
    assert len(problems) == 1 and problems[0].startswith("小测.csv:2: ")
    assert service.content_problems == problems
    assert len(service.bank("小测")) == 2 and imported_at() == stamps  # the last good copy stays

    write_csv(banks / "小测.csv", small_bank_rows(5))
    assert service.sync_content_banks(tmp_path / "content") == []
    assert len(service.bank("小测")) == 5


def test_content_sync_leaves_a_staff_imported_bank_alone(sqlite_db: Database, clock: FakeClock,
                                                         tmp_path: Path) -> None:
    service = make_service(sqlite_db, clock, tmp_path / "keys")
    service.import_bank_file(write_csv(tmp_path / "mine.csv", small_bank_rows(3)), "小测")
    write_csv(tmp_path / "content/quiz/banks/小测.csv", small_bank_rows(1))
    assert service.sync_content_banks(tmp_path / "content") == []
    assert len(service.bank("小测")) == 3


def test_a_bank_imported_again_within_the_same_instant_is_read_anew(sqlite_db: Database, clock: FakeClock,
                                                                      tmp_path: Path) -> None:
    """The loaded-bank cache was keyed on imported_at alone: a new version stored at the same instant
    (the hub's second version pulled within the same second, CI's flaky test_sync_pull) was never read."""
    service = make_service(sqlite_db, clock, tmp_path / "keys")
    rows = small_bank_rows(3)
    service.import_bank_file(write_csv(tmp_path / "a.csv", rows), "测试")
    assert service.bank("测试").questions[0].answer != ("C",)
    fixed = [list(r) for r in rows]
    fixed[0][6] = "C"
    service.import_bank_file(write_csv(tmp_path / "b.csv", fixed), "测试")  # the clock has not moved
    assert service.bank("测试").questions[0].answer == ("C",)
