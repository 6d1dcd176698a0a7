"""The item statistics aggregated in SQL equal the engine's (quiz.stats) on the same answers, on
SQLite and PostgreSQL: per question, per question set (α), with a regraded key, for any answer text."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from kiosk.quizzone.sql_statistics import mode_statistics
from kiosk.quizzone.statistics import StoredAnswer
from kiosk.store.db import Database
from kiosk.store.quiz_models import QuizAnswer, QuizAttempt
from quiz.stats import item_statistics

QUESTIONS = [f"q{i:02d}" for i in range(8)]


def _seed(db: Database, mode: str, rng: random.Random) -> list[list[StoredAnswer]]:
    attempts, rows_a, rows_q = [], [], []
    at = datetime(2026, 5, 1, 2, tzinfo=UTC)
    daily_sets = [rng.sample(QUESTIONS, 4) for _ in range(3)]
    for n in range(40):
        at += timedelta(minutes=7)
        attempt_id = uuid.UUID(int=(int(at.timestamp() * 1000) << 80) | (7 << 76) | (2 << 62) | n)
        questions = daily_sets[n % 3] if mode == "daily" else rng.sample(QUESTIONS, 4)
        answers = []
        for position, q in enumerate(questions):
            right = rng.random() < 0.3 + 0.08 * QUESTIONS.index(q)
            chosen = ["B"] if right else rng.choice([["A"], ["C"], ["A", "C"], [" "], ["1/2"], ["甲-1", "乙-2"]])
            answers.append(StoredAnswer(q, tuple(chosen), right))
            rows_q.append({"id": uuid.uuid4(), "hall_id": "h", "device_id": "k", "recorded_at": at, "corrects_id": None,
                           "attempt_id": attempt_id, "position": position, "question_id": q,
                           "chosen": json.dumps(chosen, ensure_ascii=False), "correct": right, "seconds": 3.0,
                           "timed_out": False, "points": int(right)})
        rows_a.append({"id": attempt_id, "hall_id": "h", "device_id": "k", "recorded_at": at, "corrects_id": None,
                       "mode": mode, "bank": "b", "score": sum(a.correct for a in answers), "max_score": 4,
                       "question_count": 4, "correct_count": sum(a.correct for a in answers), "started_at": at,
                       "finished_at": at, "organisation_id": None, "card_text": ""})
        attempts.append(answers)
    with db.transaction() as session:
        session.execute(insert(QuizAttempt), rows_a)
        session.execute(insert(QuizAnswer), rows_q)
    return attempts


def _same(sql, engine) -> None:  # type: ignore[no-untyped-def]
    assert (sql.attempts, sql.unmatched, sql.ends_at_first_wrong) == (engine.attempts, engine.unmatched,
                                                                      engine.ends_at_first_wrong)
    assert sql.mean == pytest.approx(engine.mean) and sql.sd == pytest.approx(engine.sd)
    assert (sql.alpha is None) == (engine.alpha is None) and (sql.alpha or 0) == pytest.approx(engine.alpha or 0)
    assert [i.question_id for i in sql.items] == [i.question_id for i in engine.items]
    for a, b in zip(sql.items, engine.items):
        assert (a.attempts, a.correct, a.facility, a.choices, a.blank, a.flags) == (
            b.attempts, b.correct, b.facility, b.choices, b.blank, b.flags)
        assert (a.discrimination is None) == (b.discrimination is None)
        assert (a.discrimination or 0) == pytest.approx(b.discrimination or 0)
    assert [(s.questions, len(s.attempts)) for s in sql.sets] == [(s.questions, len(s.attempts)) for s in engine.sets]
    assert [s.alpha for s in sql.sets] == pytest.approx([s.alpha for s in engine.sets])


@pytest.mark.parametrize("mode", ["practice", "daily", "challenge"])
def test_sql_equals_engine(report_db: Database, mode: str) -> None:
    attempts = _seed(report_db, mode, random.Random(mode))
    with report_db.transaction() as session:
        sql, spans = mode_statistics(session, "b", mode, {}, lambda q, c, stored, cur: stored,
                                     ends_at_first_wrong=mode == "challenge")
    _same(sql, item_statistics(attempts, ends_at_first_wrong=mode == "challenge"))
    if mode == "daily":
        assert len(sql.sets) == 3 and len(spans) == 3 and all(s.first <= s.last for s in spans)


def test_a_fixed_key_regrades_in_sql(report_db: Database) -> None:
    attempts = _seed(report_db, "daily", random.Random(5))

    def regrade(q, chosen, stored, current):  # type: ignore[no-untyped-def]
        return chosen == ("C",) if q == "q03" else stored  # staff found q03's key was C, not B

    regraded = [[StoredAnswer(a.question_id, a.chosen, regrade(a.question_id, a.chosen, a.correct, {})) for a in att]
                for att in attempts]
    with report_db.transaction() as session:
        sql, _spans = mode_statistics(session, "b", "daily", {}, regrade, ends_at_first_wrong=False)
    _same(sql, item_statistics(regraded))
