"""A small history built by hand, every figure known exactly (hall-local = UTC+8).

March 2026: booking b1 (机关 A, 40 expected, 参观学习) accepted by two offline kiosks; the leader
confirms 38 on kiosk-2 → one group of 38, one duplicate. b2 (社区 B) never comes (a no-show). Walk-ins:
3 members, 5 public. Three board views in zone z1 (5 s, 12 s, 30 s). Two quiz attempts. Feedback 5, 4, 2.

The UTC/local cut: b3 (学校 C, 30, 观看红色影片) checks in at 2026-03-31 17:30 UTC, which is 2026-04-01
01:30 in the hall, so it is April's; so are a board view (17:00 UTC) and a quiz attempt (23:00 UTC).

April 2026: b4 is a pass whose booking this database never saw (15 people: an arrival without a
booking, its own organisation, kind 其他); b5 (A again, 25, 观看红色影片). Walk-in public 2. One
contest (two events). Feedback 5 with a suggestion.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

from sqlalchemy import insert

from kiosk.clock import FakeClock
from kiosk.store.db import Database
from kiosk.store.facts import FactWriter
from kiosk.store.feedback_models import Feedback
from kiosk.store.models import BoardView
from kiosk.store.quiz_models import QuizAttempt, QuizContestEvent
from kiosk.store.visits_models import Booking, Checkin, HeadcountConfirmation, Organisation

HALL = "hall-a"
OTHER_HALL = "hall-b"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


class History:
    def __init__(self, db: Database, hall: str = HALL, suffix: str = "") -> None:
        self.db, self.hall, self.suffix = db, hall, suffix
        self.writers = {d: FactWriter(db, hall, d, FakeClock()) for d in ("kiosk-1", "kiosk-2")}
        self.orgs: dict[str, uuid.UUID] = {}
        self.bookings: dict[str, uuid.UUID] = {}

    def fact(self, model, device: str, at: datetime, **values):  # type: ignore[no-untyped-def]
        row = {**self.writers[device].stamp_values(at), **values}
        with self.db.transaction() as session:
            session.execute(insert(model), [row])
        return row["id"]

    def org(self, key: str, kind: str) -> uuid.UUID:
        oid = uuid.uuid4()
        with self.db.transaction() as session:
            session.add(Organisation(id=oid, name=f"{key}党支部{self.suffix}", kind=kind, created_at=utc(2026, 1, 1)))
        self.orgs[key] = oid
        return oid

    def booking(self, key: str, org: str, day: date, expected: int, purpose: str) -> uuid.UUID:
        bid = uuid.uuid4()
        with self.db.transaction() as session:
            session.add(Booking(id=bid, organisation_id=self.orgs[org], visit_date=day, slot_start="09:00",
                                slot_end="10:30", expected_headcount=expected, purpose=purpose, contact_name="张三丰",
                                contact_phone="13812345678", created_at=utc(2026, 1, 1)))
        self.bookings[key] = bid
        return bid

    def checkin(self, booking: uuid.UUID, device: str, at: datetime, local: date, count: int,
                org: uuid.UUID | None = None) -> uuid.UUID:
        return self.fact(Checkin, device, at, kind="pass", local_date=local, booking_id=booking, pass_id=None,
                         organisation_id=org, visitor_kind="group", count=count, headcount_cap=count)

    def walk_in(self, at: datetime, local: date, kind: str, count: int) -> None:
        self.fact(Checkin, "kiosk-1", at, kind="walk_in", local_date=local, booking_id=None, pass_id=None,
                  organisation_id=None, visitor_kind=kind, count=count, headcount_cap=None)

    def view(self, at: datetime, zone: str, board: str, dwell: float, aloud: bool = False) -> None:
        self.fact(BoardView, "kiosk-1", at, zone_id=zone, board_id=board, opened_at=at, dwell_seconds=dwell,
                  read_aloud=aloud)

    def attempt(self, at: datetime, mode: str, score: int, max_score: int, org: uuid.UUID | None = None) -> None:
        self.fact(QuizAttempt, "kiosk-1", at, mode=mode, bank="党史", score=score, max_score=max_score,
                  question_count=max_score, correct_count=score, started_at=at, finished_at=at,
                  organisation_id=org, card_text="")

    def contest_event(self, at: datetime, contest: uuid.UUID, seq: int, kind: str) -> None:
        self.fact(QuizContestEvent, "kiosk-1", at, contest_id=contest, bank="党史", seq=seq, kind=kind, team=None,
                  round=None, question_id=None, chosen="[]", correct=None, points=0, stake=None, seconds=None,
                  note="", teams="[]", clock_seconds=float(seq))

    def feedback(self, at: datetime, local: date, rating: int, tags: list[str], suggestion: str = "") -> None:
        self.fact(Feedback, "kiosk-1", at, local_date=local, rating=rating, tags=json.dumps(tags, ensure_ascii=False),
                  suggestion=suggestion, organisation_id=None, source="kiosk")


def build(db: Database, hall: str = HALL, suffix: str = "") -> History:
    h = History(db, hall, suffix)
    h.org("A", "机关")
    h.org("B", "社区")
    h.org("C", "学校")
    b1 = h.booking("b1", "A", date(2026, 3, 2), 40, "参观学习")
    h.booking("b2", "B", date(2026, 3, 2), 20, "重温入党誓词")
    b3 = h.booking("b3", "C", date(2026, 4, 1), 30, "观看红色影片")
    b5 = h.booking("b5", "A", date(2026, 4, 10), 25, "观看红色影片")
    march = date(2026, 3, 2)
    h.checkin(b1, "kiosk-1", utc(2026, 3, 2, 1, 10), march, 40, h.orgs["A"])
    second = h.checkin(b1, "kiosk-2", utc(2026, 3, 2, 1, 12), march, 40, h.orgs["A"])
    h.fact(HeadcountConfirmation, "kiosk-2", utc(2026, 3, 2, 1, 20), arrived=38, corrects_id=second)
    h.walk_in(utc(2026, 3, 2, 2, 0), march, "member", 3)
    h.walk_in(utc(2026, 3, 2, 2, 5), march, "public", 5)
    for minute, dwell in ((0, 5.0), (1, 12.0), (2, 30.0)):
        h.view(utc(2026, 3, 2, 3, minute), "z1", f"z1-b{minute}", dwell, aloud=minute == 2)
    h.attempt(utc(2026, 3, 2, 4, 0), "practice", 8, 10, h.orgs["A"])
    h.attempt(utc(2026, 3, 2, 4, 5), "challenge", 5, 5)
    h.feedback(utc(2026, 3, 2, 5, 0), march, 5, ["讲解清楚", "内容丰富"])
    h.feedback(utc(2026, 3, 2, 5, 1), march, 4, ["讲解清楚"])
    h.feedback(utc(2026, 3, 2, 5, 2), march, 2, [])
    # the cut: 2026-03-31 in UTC, 2026-04-01 in the hall
    april1 = date(2026, 4, 1)
    h.checkin(b3, "kiosk-1", utc(2026, 3, 31, 17, 30), april1, 30, h.orgs["C"])
    h.view(utc(2026, 3, 31, 17, 0), "z2", "z2-b0", 20.0)
    h.attempt(utc(2026, 3, 31, 23, 0), "daily", 7, 10)
    h.walk_in(utc(2026, 3, 31, 18, 0), april1, "public", 2)
    april10 = date(2026, 4, 10)
    h.checkin(uuid.uuid4(), "kiosk-1", utc(2026, 4, 10, 2, 0), april10, 15)  # no booking known here
    h.checkin(b5, "kiosk-1", utc(2026, 4, 10, 6, 0), april10, 25, h.orgs["A"])
    contest = uuid.uuid4()
    h.contest_event(utc(2026, 4, 10, 7, 0), contest, 1, "start")
    h.contest_event(utc(2026, 4, 10, 7, 30), contest, 2, "finish")
    h.feedback(utc(2026, 4, 10, 8, 0), april10, 5, ["形式新颖"], "希望增加互动展项")
    return h
