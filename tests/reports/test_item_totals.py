"""The item statistics read from the running totals (kiosk.quizzone.item_totals) are the ones the raw
answers give, on SQLite and PostgreSQL: after a bulk insert the next read folds what is missing,
attempts written by ``write_attempt`` are folded in their own transaction, a second fold of an
attempt is refused, and a changed key falls back to the raw answers."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.exc import IntegrityError

from kiosk.clock import FakeClock
from kiosk.quizzone import item_totals
from kiosk.quizzone.item_totals import AnswerFact, fold, fold_missing, totals_statistics
from kiosk.quizzone.records import write_attempt
from kiosk.quizzone.sql_statistics import mode_statistics
from kiosk.quizzone.statistics import bank_report
from kiosk.store.db import Database
from kiosk.store.facts import FactWriter
from kiosk.store.quiz_models import QuizAnswer, QuizAttempt
from kiosk.store.quiz_totals_models import QuizFoldedAttempt, QuizItemTotal, QuizModeTotal, QuizSetTotal
from quiz.session import AnswerRecord, Mode, ResultSummary
from tests.reports.test_sql_item_statistics import QUESTIONS, _same, _seed


def _copy_with_new_ids(db: Database) -> None:
    """Every attempt again a day later under new (later) ids, written in bulk (not folded)."""
    with db.transaction() as session:
        attempts = session.scalars(select(QuizAttempt)).all()
        answers = session.scalars(select(QuizAnswer)).all()
        new_ids = {a.id: uuid.UUID(int=a.id.int + (1 << 100)) for a in attempts}
        cols = [c.key for c in QuizAttempt.__table__.columns]
        rows_a = [{**{c: getattr(a, c) for c in cols}, "id": new_ids[a.id],
                   "finished_at": a.finished_at + timedelta(days=1)} for a in attempts]
        cols = [c.key for c in QuizAnswer.__table__.columns]
        rows_q = [{**{c: getattr(q, c) for c in cols}, "id": uuid.uuid4(), "attempt_id": new_ids[q.attempt_id]}
                  for q in answers]
        session.execute(insert(QuizAttempt), rows_a)
        session.execute(insert(QuizAnswer), rows_q)


def _keep(q, chosen, stored, current):  # type: ignore[no-untyped-def]
    return stored


def _both(db: Database, mode: str, regrade=_keep):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        totals = totals_statistics(session, "b", mode, {}, regrade, ends_at_first_wrong=mode == "challenge")
    with db.transaction() as session:
        raw = mode_statistics(session, "b", mode, {}, regrade, ends_at_first_wrong=mode == "challenge")
    return totals, raw


@pytest.mark.parametrize("mode", ["practice", "daily", "challenge"])
def test_totals_equal_the_raw_answers_after_a_bulk_insert_and_after_more(report_db: Database, mode: str) -> None:
    _seed(report_db, mode, random.Random(mode))
    totals, raw = _both(report_db, mode)
    assert totals is not None
    _same(totals[0], raw[0])
    assert totals[1] == raw[1]  # the sets' time spans
    with report_db.transaction() as session:  # every attempt folded once
        assert session.execute(select(func.count()).select_from(QuizFoldedAttempt)).scalar_one() == 40
        assert fold_missing(session, "b", mode) == 0
    _copy_with_new_ids(report_db)  # more attempts, same questions: totals merge
    totals, raw = _both(report_db, mode)
    assert totals is not None and totals[0].attempts == 80
    _same(totals[0], raw[0])
    assert [s.alpha for s in totals[0].sets] == pytest.approx([s.alpha for s in raw[0].sets])


def test_a_changed_key_falls_back_to_the_raw_answers(report_db: Database) -> None:
    _seed(report_db, "daily", random.Random(5))

    def regrade(q, chosen, stored, current):  # type: ignore[no-untyped-def]
        return chosen == ("C",) if q == "q03" else stored

    totals, raw = _both(report_db, "daily", regrade)
    assert totals is None
    with report_db.transaction() as session:  # the raw path is what bank_report then uses
        assert session.execute(select(func.count()).select_from(QuizFoldedAttempt)).scalar_one() == 40
    assert raw[0].items  # and it does regrade (tests/reports/test_sql_item_statistics.py checks how)


def test_write_attempt_folds_in_its_transaction_and_a_second_fold_is_refused(report_db: Database) -> None:
    clock = FakeClock(datetime(2026, 6, 1, 3, tzinfo=UTC))
    writer = FactWriter(report_db, "h", "k", clock)
    ids = []
    for n in range(6):
        records = [AnswerRecord(question_id=q, chosen=("B",) if (n + i) % 3 else ("A",), correct=bool((n + i) % 3),
                                seconds=2.0)
                   for i, q in enumerate(["q1", "q2", "q3"])]
        right = sum(r.correct for r in records)
        ids.append(write_attempt(writer, mode="daily", bank="b", summary=ResultSummary(Mode.DAILY, right, 3, right, 3, (), tuple(records)),
                                 records=records, organisation_id=None, card_text="", started_at=None))
        clock.advance(300)
    with report_db.transaction() as session:
        assert session.execute(select(func.count()).select_from(QuizFoldedAttempt)).scalar_one() == 6
        assert fold_missing(session, "b", "daily") == 0
    totals, raw = _both(report_db, "daily")
    # q1..q3 are common to every attempt: the overall α needs per-attempt sums, so the raw path answers
    assert totals is None
    report = bank_report(report_db, "b", {}, {}, modes=["daily"])
    _same(report.mode("daily").statistics, raw[0])
    with pytest.raises(IntegrityError), report_db.transaction() as session:
        fold(session, [AnswerFact(ids[0], "b", "daily", clock.now(), "q1", '["B"]', True, 0)], {ids[0]: ("b", "daily")})


def test_an_attempt_is_kept_when_its_fold_fails(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.store.db import open_database

    db = open_database(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    with db.transaction() as session:  # the totals broken (say, a damaged table): the visitor's result is not
        session.execute(text("DROP TABLE quiz_set_totals"))
    clock = FakeClock(datetime(2026, 6, 1, 3, tzinfo=UTC))
    records = [AnswerRecord(question_id="q1", chosen=("B",), correct=True, seconds=2.0)]
    attempt = write_attempt(FactWriter(db, "h", "k", clock), mode="daily", bank="b",
                            summary=ResultSummary(Mode.DAILY, 1, 1, 1, 1, (), tuple(records)), records=records,
                            organisation_id=None, card_text="", started_at=None)
    with db.transaction() as session:
        assert session.get(QuizAttempt, attempt) is not None
        assert session.execute(select(func.count()).select_from(QuizAnswer)).scalar_one() == 1
        assert session.execute(select(func.count()).select_from(QuizFoldedAttempt)).scalar_one() == 0
    db.close()


def _totals(db: Database) -> dict[str, list[tuple[object, ...]]]:
    with db.transaction() as session:
        return {t.__tablename__: sorted(tuple(r) for r in session.execute(select(t.__table__)).all())
                for t in (QuizItemTotal, QuizSetTotal, QuizModeTotal, QuizFoldedAttempt)}


def test_the_catch_up_fold_equals_the_insert_time_fold(report_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """A history built by hand (random ids, repeated question sets, attempts without answers, several
    batches merging into rows an earlier batch wrote): the SQL catch-up gives the very rows ``fold``
    gives from the same answers."""
    rng = random.Random(8)
    at = datetime(2026, 5, 1, 2, tzinfo=UTC)
    sets = [rng.sample(QUESTIONS, 4) for _ in range(3)]
    rows_a, rows_q, facts, attempts = [], [], [], {}
    for n in range(30):
        at += timedelta(minutes=rng.randint(1, 50))
        attempt_id = uuid.uuid4()
        attempts[attempt_id] = ("b", "daily")
        questions = [] if n % 11 == 5 else (sets[n % 3] if n % 2 else rng.sample(QUESTIONS, rng.randint(1, 5)))
        for position, q in enumerate(questions):
            right = rng.random() < 0.5
            chosen = json.dumps(["B"] if right else rng.choice([["A"], ["C"], [" "], ["甲-1", "乙-2"]]),
                                ensure_ascii=False)
            rows_q.append({"id": uuid.uuid4(), "hall_id": "h", "device_id": "k", "recorded_at": at, "corrects_id": None,
                           "attempt_id": attempt_id, "position": position, "question_id": q, "chosen": chosen,
                           "correct": right, "seconds": 3.0, "timed_out": False, "points": int(right)})
            facts.append(AnswerFact(attempt_id, "b", "daily", at, q, chosen, right, position))
        rows_a.append({"id": attempt_id, "hall_id": "h", "device_id": "k", "recorded_at": at, "corrects_id": None,
                       "mode": "daily", "bank": "b", "score": 0, "max_score": 4, "question_count": len(questions),
                       "correct_count": 0, "started_at": at, "finished_at": at, "organisation_id": None,
                       "card_text": ""})
    with report_db.transaction() as session:
        session.execute(insert(QuizAttempt), rows_a)
        session.execute(insert(QuizAnswer), rows_q)
    monkeypatch.setattr(item_totals, "FOLD_BATCH", 7)
    with report_db.transaction() as session:
        assert fold_missing(session, "b", "daily") == 30
    caught_up = _totals(report_db)
    with report_db.transaction() as session:
        for t in (QuizItemTotal, QuizSetTotal, QuizModeTotal, QuizFoldedAttempt):
            session.execute(delete(t.__table__))
        fold(session, facts, attempts)
    assert _totals(report_db) == caught_up
    with report_db.transaction() as session:
        folded, counted = session.execute(select(QuizModeTotal.folded, QuizModeTotal.attempts)).one()
    assert (folded, counted) == (30, 27)  # three attempts without answers: folded, not counted
