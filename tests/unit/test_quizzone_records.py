"""Attempts and contests as facts, signed result cards, leaderboards, daily sets and item statistics."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.clock import FakeClock
from kiosk.passes.keys import init_keys
from kiosk.quizzone.cards import CARD_KEY_FILE, trust_card_key
from kiosk.quizzone.errors import QuizZoneError
from kiosk.quizzone.service import QuizZoneService
from kiosk.store.db import Database
from kiosk.store.quiz_models import QuizAnswer, QuizAttempt, QuizContestEvent
from quiz.clock import FakeClock as EngineClock
from quiz.clock import MonotonicAdapter
from quiz.contest import ContestSession, EventKind, RoundKind, RoundSpec
from quiz.grading import is_correct
from quiz.session import Mode, challenge_session
from quiz.stats import ItemFlag, item_statistics
from tests.unit.quizzone_helpers import DEMO_BANK, make_service, record, small_bank_rows, summary_of, write_csv


@pytest.fixture
def service(sqlite_db: Database, clock: FakeClock, tmp_path: Path) -> QuizZoneService:
    svc = make_service(sqlite_db, clock, tmp_path / "keys")
    svc.import_bank_file(DEMO_BANK, "党建")
    return svc


def test_a_real_challenge_is_stored_as_one_attempt_and_its_answers(service: QuizZoneService, clock: FakeClock,
                                                                   sqlite_db: Database) -> None:
    bank = service.bank("党建")
    session = challenge_session(bank, rng=random.Random(3), clock=MonotonicAdapter(clock))
    session.start()
    for _ in range(3):  # three right answers, then a wrong one ends the challenge
        q = session.current
        assert q is not None
        session.set_text(q.answer[0]) if q.type.value == "fill" else [session.select(k) for k in q.answer]
        clock.advance(5)
        session.confirm()
        session.next()
    q = session.current
    assert q is not None
    if q.type.value == "truefalse":
        wrong = "false" if q.answer == ("true",) else "true"
    else:
        wrong = "不对" if q.type.value == "fill" else next(k for k in q.letters if k not in q.answer)
    session.set_text(wrong) if q.type.value == "fill" else session.select(wrong)
    clock.advance(7)
    session.confirm()
    session.next()
    summary = session.summary()
    assert summary.score == 3 and summary.total == 4

    saved = service.record_attempt(mode="challenge", bank="党建", summary=summary, records=summary.records)
    with sqlite_db.transaction() as db:
        attempt = db.get(QuizAttempt, saved.attempt_id)
        assert attempt is not None
        assert (attempt.mode, attempt.bank, attempt.score, attempt.question_count, attempt.correct_count) == (
            "challenge", "党建", 3, 4, 3)
        assert attempt.id.version == 7 and (attempt.hall_id, attempt.device_id) == ("test-hall", "kiosk-1")
        assert attempt.finished_at == clock.now() and (attempt.finished_at - attempt.started_at).total_seconds() == 22
        assert attempt.card_text == saved.card_text and attempt.organisation_id is None
        answers = db.scalars(select(QuizAnswer).where(QuizAnswer.attempt_id == saved.attempt_id)
                             .order_by(QuizAnswer.position)).all()
    assert [a.question_id for a in answers] == [r.question_id for r in summary.records]
    assert [a.correct for a in answers] == [True, True, True, False]
    assert [a.seconds for a in answers] == [5.0, 5.0, 5.0, 7.0]
    assert json.loads(answers[3].chosen) == [wrong]


def test_result_card_verifies_here_and_rejects_any_edit(service: QuizZoneService, clock: FakeClock) -> None:
    summary = summary_of([record("a", ["B"], True), record("b", ["C"], True), record("c", ["A"], False)])
    saved = service.record_attempt(mode="daily", bank="党建", summary=summary, records=summary.records)
    assert saved.card_text.startswith("HK1:2:3:D:20261121:test-hall:")
    check = service.verify_card(saved.card_text)
    assert check.valid and check.card is not None
    assert (check.card.score, check.card.total, check.card.mode, check.card.day, check.card.hall_id) == (
        2, 3, Mode.DAILY, date(2026, 11, 21), "test-hall")
    forged = saved.card_text.replace("HK1:2:3:", "HK1:3:3:", 1)
    assert not service.verify_card(forged).valid
    assert "改动" in service.verify_card(forged).message
    assert not service.verify_card("随便一段文字").valid


def test_card_date_is_the_hall_local_date(service: QuizZoneService, clock: FakeClock) -> None:
    clock.advance(7 * 3600 + 30 * 60)  # 16:30 UTC = 00:30 the next day in Shanghai
    summary = summary_of([record("a", ["B"], True)])
    saved = service.record_attempt(mode="challenge", bank="党建", summary=summary, records=summary.records)
    assert ":20261122:" in saved.card_text


def test_another_kiosks_card_is_valid_only_once_staff_trust_its_key(sqlite_db: Database, clock: FakeClock,
                                                                   tmp_path: Path) -> None:
    kiosk = make_service(sqlite_db, clock, tmp_path / "kiosk-keys", device="kiosk-2")
    office = make_service(sqlite_db, clock, tmp_path / "office-keys", device="office")
    summary = summary_of([record("a", ["B"], True)])
    card = kiosk.record_attempt(mode="challenge", bank="x", summary=summary, records=summary.records).card_text
    assert (tmp_path / "kiosk-keys" / CARD_KEY_FILE).stat().st_mode & 0o777 == 0o600
    assert kiosk.verify_card(card).valid
    assert not office.verify_card(card).valid
    trust_card_key(tmp_path / "office-keys", kiosk.card_public_key(), "kiosk-2")
    check = office.verify_card(card)
    assert check.valid and check.key_id is not None and check.key_id in kiosk.card_public_key()


def test_the_hall_key_signs_where_present_and_every_hall_keyring_verifies(sqlite_db: Database, clock: FakeClock,
                                                                         tmp_path: Path) -> None:
    hall_key = init_keys(tmp_path / "office-keys")
    office = make_service(sqlite_db, clock, tmp_path / "office-keys", device="office")
    summary = summary_of([record("a", ["B"], True)])
    card = office.record_attempt(mode="practice", bank="x", summary=summary, records=summary.records).card_text
    assert not (tmp_path / "office-keys" / CARD_KEY_FILE).exists()
    kiosk_keys = tmp_path / "kiosk-keys"
    kiosk_keys.mkdir()
    (kiosk_keys / "keyring.txt").write_text(hall_key.keyring().to_text(), encoding="utf-8")
    check = make_service(sqlite_db, clock, kiosk_keys, device="kiosk-3").verify_card(card)
    assert check.valid and check.key_id == hall_key.key_id


def test_mode_is_checked(service: QuizZoneService) -> None:
    summary = summary_of([record("a", ["B"], True)])
    with pytest.raises(QuizZoneError, match="答题模式"):
        service.record_attempt(mode="contest", bank="党建", summary=summary, records=summary.records)


def test_daily_set_is_the_same_on_every_kiosk_that_day(sqlite_db: Database, clock: FakeClock, tmp_path: Path,
                                                       service: QuizZoneService) -> None:
    other = make_service(sqlite_db, clock, tmp_path / "k2", device="kiosk-2")
    day = service.today()
    assert day == date(2026, 11, 21)
    first = [q.id for q in service.daily_questions("党建", day)]
    assert len(first) == 10 and first == [q.id for q in other.daily_questions("党建", day)]
    assert first != [q.id for q in service.daily_questions("党建", date(2026, 11, 22))]


def _attempt(service: QuizZoneService, score: int, organisation: uuid.UUID | None = None,
             mode: str = "challenge") -> None:
    records = [record(f"q{i}", ["B"], i < score) for i in range(score + 1)]
    summary = summary_of(records)
    service.record_attempt(mode=mode, bank="党建", summary=summary, records=records, organisation_id=organisation)


def test_leaderboard_by_organisation_else_by_kiosk_today_and_month(sqlite_db: Database, tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 20, 15, 0, tzinfo=UTC))  # 23:00 on the 20th in Shanghai
    kiosk1 = make_service(sqlite_db, clock, tmp_path / "k1", device="kiosk-1")
    kiosk2 = make_service(sqlite_db, clock, tmp_path / "k2", device="kiosk-2")
    branch = uuid.UUID("0192d2f1-0000-7000-8000-000000000001")
    _attempt(kiosk1, 9)  # yesterday (hall time): counts for the month only
    clock.advance(2 * 3600)  # 01:00 on the 21st in Shanghai, still the 20th in UTC
    _attempt(kiosk1, 4, branch)
    _attempt(kiosk2, 6, branch)  # same organisation on another kiosk: one row, best score
    _attempt(kiosk1, 2)
    _attempt(kiosk2, 6)
    _attempt(kiosk2, 8, mode="practice")  # other modes have their own boards

    today = kiosk1.leaderboard(period="today")
    assert [(r.rank, r.score, r.attempts) for r in today] == [(1, 6, 2), (1, 6, 1), (3, 2, 1)]
    names = [r.name for r in today]
    assert names[1] == "终端 kiosk-2" and names[2] == "本机 kiosk-1"
    assert names[0] not in ("本机 kiosk-1", "终端 kiosk-2")  # the organisation, not a kiosk
    month = kiosk1.leaderboard(period="month")
    assert [(r.name, r.score) for r in month][0] == ("本机 kiosk-1", 9)
    assert kiosk1.leaderboard(period="today", mode="practice")[0].score == 8
    assert len(kiosk1.leaderboard(period="month", limit=2)) == 2
    with pytest.raises(QuizZoneError, match="today"):
        kiosk1.leaderboard(period="week")


def test_leaderboard_month_starts_at_local_midnight(sqlite_db: Database, tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 30, 15, 30, tzinfo=UTC))  # 23:30 on 30 Nov in Shanghai
    kiosk = make_service(sqlite_db, clock, tmp_path / "k1")
    _attempt(kiosk, 5)
    clock.advance(3600)  # 00:30 on 1 Dec in Shanghai, still November in UTC
    assert kiosk.leaderboard(period="month") == []
    _attempt(kiosk, 1)
    assert [r.score for r in kiosk.leaderboard(period="month")] == [1]


def test_contest_events_are_facts_and_a_correction_points_at_the_corrected_event(
        service: QuizZoneService, clock: FakeClock, sqlite_db: Database) -> None:
    bank = service.bank("党建")
    engine_clock = EngineClock()
    questions = [q for q in bank.questions if q.type.value == "truefalse"]
    contest = ContestSession(["红队", "蓝队"], [RoundSpec(RoundKind.REQUIRED, turns_per_team=1, points=10)],
                             questions, rng=random.Random(1), clock=engine_clock)
    contest.start_round()
    for right in (True, False):
        q = contest.snapshot().question
        assert q is not None
        answer = next(k for k in ("true", "false") if is_correct(bank.by_id()[q.id], (k,)) is right)
        contest.select(answer)
        engine_clock.advance(4)
        contest.confirm()
        contest.next()
    contest_id = service.record_contest(bank="党建", session=contest)
    first_count = len(contest.events)
    contest.correct_score("蓝队", 10, "主持人复核：答案应判正确")
    assert service.record_contest(bank="党建", session=contest) == contest_id  # same contest, new events only
    with sqlite_db.transaction() as db:
        rows = db.scalars(select(QuizContestEvent).where(QuizContestEvent.contest_id == contest_id)
                          .order_by(QuizContestEvent.seq)).all()
        assert [r.seq for r in rows] == list(range(1, first_count + 2))
        assert rows[0].kind == "contest_started" and json.loads(rows[0].teams) == ["红队", "蓝队"]
        correction = rows[-1]
        assert correction.kind == EventKind.SCORE_CORRECTED.value and correction.points == 10
        corrected = db.get(QuizContestEvent, correction.corrects_id)
        assert corrected is not None and (corrected.kind, corrected.team) == ("answered", "蓝队")
        assert corrected.correct is False
        assert {r.hall_id for r in rows} == {"test-hall"}
        scores: dict[str, int] = {}
        for r in rows:
            if r.team:
                scores[r.team] = scores.get(r.team, 0) + r.points
    assert scores == contest.scores() == {"红队": 10, "蓝队": 10}


def test_item_statistics_come_from_the_stored_answers(sqlite_db: Database, clock: FakeClock,
                                                      tmp_path: Path) -> None:
    service = make_service(sqlite_db, clock, tmp_path / "keys")
    service.import_bank_file(write_csv(tmp_path / "s.csv", small_bank_rows(3)), "统计")
    q0, q1, q2 = (q.id for q in service.bank("统计").questions)
    # q0: everyone right (too easy); q1: only the weak get it right (negative discrimination);
    # q2: the strong get it right.
    plan = [((q0, "B", True), (q1, "C", False), (q2, "B", True)),
            ((q0, "B", True), (q1, "C", False), (q2, "B", True)),
            ((q0, "B", True), (q1, "B", True), (q2, "A", False)),
            ((q0, "B", True), (q1, "B", True), (q2, "D", False))]
    attempts = []
    for answers in plan:
        records = [record(qid, [chosen], ok) for qid, chosen, ok in answers]
        attempts.append(records)
        service.record_attempt(mode="daily", bank="统计", summary=summary_of(records, Mode.DAILY), records=records)
    report = service.statistics("统计")
    daily = report.mode("daily").statistics
    assert daily == item_statistics(attempts)
    assert daily.attempts == 4
    assert ItemFlag.TOO_EASY in daily.item(q0).flags
    assert ItemFlag.NEGATIVE_DISCRIMINATION in daily.item(q1).flags
    assert daily.item(q1).choices == {"B": 2, "C": 2}
    data = report.to_json()
    assert data["bank"] == "统计" and data["attempts"] == 4
    section = next(m for m in data["modes"] if m["mode"] == "daily")
    assert section["mean"] == 2.0
    assert section["questions"][0]["stem"] == "第 0 题：哪一项正确？" and section["questions"][0]["facility"] == 100.0
    assert section["questions"][1]["flags"] == ["negative_discrimination"]
