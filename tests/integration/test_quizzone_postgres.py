"""The quiz zone's tables and queries on the hub's PostgreSQL: the same code as on the kiosk's SQLite."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from kiosk.clock import FakeClock
from kiosk.store.db import open_database
from kiosk.store.quiz_models import QuizAnswer, QuizBank, QuizContestEvent, QuizQuestion
from quiz.clock import FakeClock as EngineClock
from quiz.contest import ContestSession, RoundKind, RoundSpec
from quiz.stats import item_statistics
from tests.unit.quizzone_helpers import DEMO_BANK, make_service, record, summary_of, wrong_answer

pytestmark = pytest.mark.postgres


def test_quiz_tables_banks_attempts_leaderboard_stats_and_contest(pg_url: str, tmp_path: Path) -> None:
    db = open_database(pg_url)
    try:
        assert {"quiz_banks", "quiz_questions", "quiz_attempts", "quiz_answers", "quiz_contest_events"} <= set(
            inspect(db.engine).get_table_names())
        clock = FakeClock(datetime(2026, 11, 20, 17, 0, tzinfo=UTC))  # 01:00 on the 21st in Shanghai
        hall = f"pg-{uuid.uuid4().hex[:8]}"
        bank = f"党建-{hall}"
        service = make_service(db, clock, tmp_path / "keys", hall=hall)
        service.import_bank_file(DEMO_BANK, bank)
        service.import_bank_file(DEMO_BANK, bank)  # no duplicates on PostgreSQL either
        with db.transaction() as session:
            bank_rows = session.scalar(select(func.count()).select_from(QuizQuestion).join(QuizBank)
                                       .where(QuizBank.name == bank))
        assert bank_rows == 134 and len(service.bank(bank)) == 134

        questions = service.bank(bank).questions
        attempts = []
        for score, organisation in ((3, uuid.uuid4()), (1, None), (2, None)):
            records = [record(q.id, list(q.answer) if i < score else wrong_answer(q),
                              i < score) for i, q in enumerate(questions[:4])]
            attempts.append(records)
            saved = service.record_attempt(mode="challenge", bank=bank, summary=summary_of(records), records=records,
                                           organisation_id=organisation)
            assert service.verify_card(saved.card_text).valid
        board = service.leaderboard(period="today")
        assert [(r.rank, r.score, r.attempts) for r in board] == [(1, 3, 1), (2, 2, 2)]
        assert board[1].name == "本机 kiosk-1"
        assert service.statistics(bank).mode("challenge").statistics == item_statistics(attempts,
                                                                                        ends_at_first_wrong=True)
        with db.transaction() as session:
            assert session.scalar(select(func.count()).select_from(QuizAnswer)
                                  .where(QuizAnswer.hall_id == hall)) == 12

        engine_clock = EngineClock()
        contest = ContestSession(["甲队", "乙队"], [RoundSpec(RoundKind.REQUIRED, turns_per_team=1)],
                                 list(questions), rng=random.Random(2), clock=engine_clock)
        contest.start_round()
        contest.correct_score("乙队", -5, "犯规")
        contest_id = service.record_contest(bank=bank, session=contest)
        with db.transaction() as session:
            rows = session.scalars(select(QuizContestEvent).where(QuizContestEvent.contest_id == contest_id)
                                   .order_by(QuizContestEvent.seq)).all()
            assert rows[-1].kind == "score_corrected" and rows[-1].corrects_id == rows[0].id
            assert rows[-1].recorded_at == clock.now()
    finally:
        db.close()
