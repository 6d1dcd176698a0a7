"""Groups in the hall now (kiosk.visits.presence): from today's check-ins; a quiz or feedback taken
while exactly one group is in belongs to it, and the leaderboard then ranks by organisation."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kiosk.clock import FakeClock
from kiosk.passes.keys import init_keys
from kiosk.reports.service import ReportsService
from kiosk.store.db import Database
from kiosk.store.feedback_models import Feedback
from kiosk.visits.presence import GroupsInHall
from tests.unit.quizzone_helpers import make_service as make_quiz, record, summary_of
from tests.visits.helpers import HALL, book, make_service


def test_one_group_in_then_two_then_none(sqlite_db: Database, tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 21, 1, 0, tzinfo=UTC))  # 09:00 in the hall
    keys = tmp_path / "keys"
    init_keys(keys)
    visits = make_service(sqlite_db, clock, keys)
    presence = GroupsInHall(sqlite_db, clock, HALL, stay_minutes=120)
    _first, first_pass = book(visits, org="甲党支部", slot="09:00-10:30")
    _second, second_pass = book(visits, org="乙社区党委", kind="社区", slot="09:30-10:00")
    choices = presence.choices()
    assert choices.source == "bookings" and [g.name for g in choices.groups] == ["甲党支部", "乙社区党委"]
    assert choices.only is None and len(choices.to_offer) == 2  # bookings are offered, never assumed

    assert visits.scan(first_pass).accepted
    only = presence.only_group()
    assert only is not None and [g.name for g in presence.now()] == ["甲党支部"]

    quiz = make_quiz(sqlite_db, clock, keys, hall=HALL)
    quiz.group_in_hall = presence.only_group
    saved = quiz.record_attempt(mode="challenge", bank="b", summary=summary_of([record("q1", ["B"], True)]),
                                records=[record("q1", ["B"], True)])
    reports = ReportsService(sqlite_db, visits.facts, clock, None, presence=presence)
    reports.record_feedback(rating=5, tags=["讲解清楚"])
    with sqlite_db.transaction() as session:
        assert session.get(Feedback, session.query(Feedback.id).scalar()).organisation_id == only
    board = quiz.leaderboard(period="today", mode="challenge")
    assert [row.name for row in board] == ["甲党支部"] and saved.attempt_id

    clock.advance(20 * 60)
    assert visits.scan(second_pass).accepted
    assert [g.name for g in presence.now()] == ["甲党支部", "乙社区党委"] and presence.only_group() is None
    clock.advance(30 * 60)  # 09:50
    assert len(presence.now()) == 2
    clock.advance(15 * 60)  # 10:05: 乙's slot ended at 10:00, 甲's runs to 10:30
    assert [g.name for g in presence.now()] == ["甲党支部"]
    clock.advance(30 * 60)  # 10:35
    assert presence.now() == [] and presence.choices().groups == [] and presence.choices().source == "checkins"


def test_a_group_checking_in_after_its_slot_stays_the_configured_time(sqlite_db: Database, tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 21, 3, 0, tzinfo=UTC))  # 11:00, the 09:00-10:30 slot is over
    keys = tmp_path / "keys"
    init_keys(keys)
    visits = make_service(sqlite_db, clock, keys)
    _booking, text = book(visits, org="丙学校党委", kind="学校", slot="09:00-10:30")
    assert visits.scan(text).accepted
    presence = GroupsInHall(sqlite_db, clock, HALL, stay_minutes=90)
    clock.advance(89 * 60)
    assert presence.only_group() is not None
    clock.advance(2 * 60)
    assert presence.only_group() is None
