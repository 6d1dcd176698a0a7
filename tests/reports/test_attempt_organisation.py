"""The group chosen on the quiz result screen (issue 8): a correction fact pointing at the attempt,
the newest choice wins, and the leaderboard, the per-organisation figures and the export all read the
attempt's organisation through it — on SQLite and on the real PostgreSQL. The attempt never changes."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.clock import FakeClock
from kiosk.passes.keys import init_keys
from kiosk.quizzone.attempt_groups import NO_GROUP
from kiosk.quizzone.errors import QuizZoneError
from kiosk.reports import quiz
from kiosk.reports.rows import RowSource
from kiosk.reports.scope import ReportScope
from kiosk.store.db import Database
from kiosk.store.quiz_models import QuizAttempt, QuizAttemptOrganisation
from kiosk.visits.presence import GroupsInHall
from tests.unit.quizzone_helpers import make_service as make_quiz, record, summary_of
from tests.visits.helpers import HALL, book, make_service

DAY = ReportScope.of(date(2026, 11, 21), date(2026, 11, 21))


def _two_groups_in(db: Database, tmp_path: Path):  # type: ignore[no-untyped-def]
    clock = FakeClock(datetime(2026, 11, 21, 1, 30, tzinfo=UTC))  # 09:30 in the hall
    keys = tmp_path / "keys"
    init_keys(keys)
    visits = make_service(db, clock, keys)
    for org, kind in (("甲党支部", "机关"), ("乙社区党委", "社区")):
        _booking, text = book(visits, org=org, kind=kind, slot="09:00-10:30")
        assert visits.scan(text).accepted
    presence = GroupsInHall(db, clock, HALL)
    quiz_service = make_quiz(db, clock, keys, hall=HALL)
    quiz_service.group_in_hall = presence.only_group
    ids = {o.name: o.id for o in visits.organisations.list_all()}
    return clock, presence, quiz_service, ids


def _attempt(service, right: int):  # type: ignore[no-untyped-def]
    records = [record(f"q{i}", ["B"], i < right) for i in range(5)]
    return service.record_attempt(mode="challenge", bank="b", summary=summary_of(records), records=records)


def test_the_newest_choice_wins_everywhere_and_the_attempt_is_untouched(report_db: Database, tmp_path: Path) -> None:
    clock, presence, service, ids = _two_groups_in(report_db, tmp_path)
    choices = presence.choices()
    assert choices.source == "checkins" and len(choices.to_offer) == 2 and choices.only is None
    saved = _attempt(service, 4)
    other = _attempt(service, 2)
    assert saved.organisation_id is None  # two groups in: nobody is assumed
    board = service.leaderboard(period="today", mode="challenge")
    assert [r.name for r in board] == ["本机 kiosk-1"]

    clock.advance(5)
    service.choose_organisation(saved.attempt_id, ids["乙社区党委"])
    clock.advance(5)
    service.choose_organisation(saved.attempt_id, ids["甲党支部"])  # a mis-tap corrected: the newest wins
    service.choose_organisation(other.attempt_id, ids["乙社区党委"])

    board = service.leaderboard(period="today", mode="challenge")
    assert [(r.name, r.score, r.attempts) for r in board] == [("甲党支部", 4, 1), ("乙社区党委", 2, 1)]
    with report_db.transaction() as session:
        per_org = {row.organisation: row.attempts for row in quiz.by_organisation(session, DAY)}
        stored = session.get(QuizAttempt, saved.attempt_id)
        assert stored is not None and stored.organisation_id is None  # the attempt fact never changes
        corrections = session.scalars(select(QuizAttemptOrganisation)
                                      .where(QuizAttemptOrganisation.attempt_id == saved.attempt_id)).all()
        assert len(corrections) == 2 and all(c.corrects_id == saved.attempt_id for c in corrections)
    assert per_org == {"甲党支部": 1, "乙社区党委": 1}
    exported = {row[4]: row[8] for row in RowSource(report_db, DAY).rows("quiz_attempts")}
    assert exported == {4: "甲党支部", 2: "乙社区党委"}


def test_one_group_in_the_attempt_belongs_to_it_without_asking(report_db: Database, tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 21, 1, 30, tzinfo=UTC))
    keys = tmp_path / "keys"
    init_keys(keys)
    visits = make_service(report_db, clock, keys)
    _booking, text = book(visits, org="丙学校党委", kind="学校", slot="09:00-10:30")
    assert visits.scan(text).accepted
    presence = GroupsInHall(report_db, clock, HALL)
    service = make_quiz(report_db, clock, keys, hall=HALL)
    service.group_in_hall = presence.only_group
    assert presence.choices().only is not None and presence.choices().to_offer == []  # assumed, not asked
    saved = _attempt(service, 3)
    assert saved.organisation_id == presence.choices().only
    assert [r.name for r in service.leaderboard(period="today", mode="challenge")] == ["丙学校党委"]


def test_a_choice_for_an_unknown_attempt_or_organisation_is_refused_in_chinese(sqlite_db: Database,
                                                                             tmp_path: Path) -> None:
    _clock, _presence, service, ids = _two_groups_in(sqlite_db, tmp_path)
    saved = _attempt(service, 1)
    with pytest.raises(QuizZoneError, match="找不到这次答题的记录"):
        service.choose_organisation(uuid.uuid4(), ids["甲党支部"])
    with pytest.raises(QuizZoneError, match="没有这个单位"):
        service.choose_organisation(saved.attempt_id, uuid.uuid4())
    with sqlite_db.transaction() as session:
        assert session.scalars(select(QuizAttemptOrganisation)).all() == []


def test_a_cleared_group_counts_for_nobody_everywhere(report_db: Database, tmp_path: Path) -> None:
    """Staff clear a wrong group (`kiosk quiz attempt-group ID --none`): one more correction fact, the
    attempt back to no organisation for the leaderboard, the per-organisation figures and the export —
    also an attempt that carried its group from the start (one group in the hall)."""
    clock, _presence, service, ids = _two_groups_in(report_db, tmp_path)
    chosen = _attempt(service, 4)
    kept = _attempt(service, 2)
    clock.advance(5)
    service.choose_organisation(chosen.attempt_id, ids["甲党支部"])
    service.choose_organisation(kept.attempt_id, ids["乙社区党委"])
    clock.advance(5)
    cleared = service.choose_organisation(chosen.attempt_id, None)
    board = service.leaderboard(period="today", mode="challenge")
    assert [(r.name, r.score, r.attempts) for r in board] == [("本机 kiosk-1", 4, 1), ("乙社区党委", 2, 1)]
    with report_db.transaction() as session:
        per_org = {row.organisation: row.attempts for row in quiz.by_organisation(session, DAY)}
        fact = session.get(QuizAttemptOrganisation, cleared)
        assert fact is not None and fact.corrects_id == chosen.attempt_id and fact.organisation_id == NO_GROUP
        assert len(session.scalars(select(QuizAttemptOrganisation)
                                   .where(QuizAttemptOrganisation.attempt_id == chosen.attempt_id)).all()) == 2
    assert per_org == {quiz.NO_ORGANISATION: 1, "乙社区党委": 1}
    exported = {row[4]: row[8] for row in RowSource(report_db, DAY).rows("quiz_attempts")}
    assert exported == {4: "", 2: "乙社区党委"}
    clock.advance(5)
    service.choose_organisation(chosen.attempt_id, ids["乙社区党委"])  # chosen again after clearing: newest wins
    board = service.leaderboard(period="today", mode="challenge")
    assert [(r.name, r.score, r.attempts) for r in board] == [("乙社区党委", 4, 2)]


def test_clearing_an_attempt_that_carried_its_group(report_db: Database, tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 21, 1, 30, tzinfo=UTC))
    keys = tmp_path / "keys"
    init_keys(keys)
    visits = make_service(report_db, clock, keys)
    _booking, text = book(visits, org="丙学校党委", kind="学校", slot="09:00-10:30")
    assert visits.scan(text).accepted
    presence = GroupsInHall(report_db, clock, HALL)
    service = make_quiz(report_db, clock, keys, hall=HALL)
    service.group_in_hall = presence.only_group
    saved = _attempt(service, 3)
    assert saved.organisation_id is not None
    clock.advance(5)
    service.choose_organisation(saved.attempt_id, None)
    assert [r.name for r in service.leaderboard(period="today", mode="challenge")] == ["本机 kiosk-1"]
    with report_db.transaction() as session:
        assert {row.organisation: row.attempts for row in quiz.by_organisation(session, DAY)} == {
            quiz.NO_ORGANISATION: 1}
