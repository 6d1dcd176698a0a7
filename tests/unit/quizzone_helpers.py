"""Helpers for the quiz-zone service tests (SQLite here, PostgreSQL in tests/integration)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from kiosk.clock import FakeClock
from kiosk.quizzone.service import QuizZoneService
from kiosk.store.db import Database
from kiosk.store.facts import FactWriter
from quiz.model import Question, QuestionType
from quiz.session import AnswerRecord, Mode, ResultSummary

ROOT = Path(__file__).resolve().parents[2]
DEMO_BANK = ROOT / "content/quiz/banks/党的基本知识.csv"
HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "出处", "难度", "分类"]


def make_service(db: Database, clock: FakeClock, keys_dir: Path, *, device: str = "kiosk-1",
                 hall: str = "test-hall") -> QuizZoneService:
    return QuizZoneService(db, FactWriter(db, hall, device, clock), clock, hall_id=hall, device_id=device,
                           keys_dir=keys_dir)


def small_bank_rows(count: int = 6) -> list[list[str]]:
    """Single-choice questions 0..count-1, answer B, category alternating 党史 / 党章."""
    return [["单选", f"第 {i} 题：哪一项正确？", "甲", "乙", "丙", "丁", "B", f"解析 {i}", "《党章》", "易",
             "党史" if i % 2 == 0 else "党章"] for i in range(count)]


def write_csv(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def summary_of(records: Sequence[AnswerRecord], mode: Mode = Mode.CHALLENGE) -> ResultSummary:
    """The summary a session would give for ``records`` (one point per right answer)."""
    correct = sum(r.correct for r in records)
    return ResultSummary(mode=mode, score=correct, max_score=len(records), correct=correct, total=len(records),
                         missed=(), records=tuple(records))


def record(question_id: str, chosen: Sequence[str], correct: bool, seconds: float = 4.0) -> AnswerRecord:
    return AnswerRecord(question_id, tuple(chosen), correct, seconds, points=int(correct))


def wrong_answer(question: Question) -> list[str]:
    """An answer ``quiz.grading`` marks wrong (statistics regrade stored answers by the current key)."""
    if question.type is QuestionType.TRUEFALSE:
        return ["false" if question.answer == ("true",) else "true"]
    if question.type is QuestionType.FILL:
        return ["（不知道）"]
    return [next(x for x in question.letters if x not in question.answer)]
