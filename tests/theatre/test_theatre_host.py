"""The host's flow with only a remote: signage → audience → item → signage, the schedule's own
start, and the fact each run leaves in the database (real SQLite, real check-ins)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from kiosk.clock import FakeClock
from kiosk.passes.keys import init_keys
from kiosk.store.db import Database
from kiosk.store.facts import FactWriter
from kiosk.store.theatre_models import TheatreSession
from kiosk.theatre import audience as aud
from kiosk.theatre.ceremony import GUIDED, CeremonyRun
from kiosk.theatre.film import FilmRun
from kiosk.theatre.host import AUTO_START_SECONDS, HostStage, Outcome, TheatreHost
from kiosk.theatre.lecture import LectureRun
from kiosk.theatre.records import TheatreRecords, souvenir_path
from kiosk.theatre.remote import Action
from kiosk.theatre.stats import theatre_activity
from tests.theatre.helpers import OATH, small_programme
from tests.visits.helpers import book, make_service

TUESDAY_0955 = datetime(2026, 12, 1, 1, 55, tzinfo=UTC)  # 09:55 in the hall, a Tuesday


def _records(db: Database, clock: FakeClock, tmp_path: Path, checked_in: int = 1) -> TheatreRecords:
    keys = tmp_path / "keys"
    init_keys(keys)
    visits = make_service(db, clock, keys)
    for n in range(checked_in):
        _, text = book(visits, org=f"第{n + 1}党支部", day=date(2026, 12, 1), headcount=30 + n)
        assert visits.scan(text).outcome.value == "accepted"
    return TheatreRecords(FactWriter(db, "test-hall", "theatre-pc", clock), clock, visits.today_bookings)


def test_a_host_runs_a_film_a_lecture_and_the_oath_with_only_the_remote(sqlite_db: Database, tmp_path: Path) -> None:
    clock = FakeClock(TUESDAY_0955)
    records = _records(sqlite_db, clock, tmp_path)
    written: list[TheatreSession | None] = []
    host = TheatreHost(small_programme(), clock, on_finished=lambda o: written.append(records.record(o)))
    assert host.selected_item is not None and host.selected_item.id == "film-a"  # the next scheduled
    host.set_groups(records.checked_in_groups())
    assert [g.label for g in host.groups] == ["第1党支部（30 人）"]

    # the film, for the checked-in group
    host.press(Action.START)
    assert host.stage is HostStage.AUDIENCE and host.option.name == "第1党支部"
    host.press(Action.START)
    assert isinstance(host.run, FilmRun)
    host.run.loaded(50)
    clock.advance(50)
    host.run.progressed(49.9)
    host.run.reached_end()
    host.tick()
    assert host.stage is HostStage.SIGNAGE

    # the lecture (chosen next by itself), for a walk-in count chosen with the remote
    assert host.selected_item is not None and host.selected_item.id == "talk"
    host.press(Action.START)
    host.press(Action.NEXT)  # past the group: the walk-in option
    for _ in range(3):
        host.press(Action.VOLUME_DOWN)
    assert host.option.kind == aud.WALK_IN and host.option.people == 7
    host.press(Action.START)
    assert isinstance(host.run, LectureRun)
    for _ in range(3):
        clock.advance(60)
        host.press(Action.NEXT)
    host.press(Action.NEXT)  # the closing card → done
    assert host.stage is HostStage.SIGNAGE

    # the oath, guided, stopped early by the host after two minutes
    host.press(Action.START)
    host.press(Action.PAUSE)  # led ↔ guided
    host.press(Action.START)
    assert isinstance(host.run, CeremonyRun) and host.run.mode == GUIDED
    assert host.run.signatory == "宣誓人：第1党支部"
    clock.advance(120)
    host.press(Action.STOP)
    assert host.stage is HostStage.SIGNAGE

    with sqlite_db.transaction() as session:
        rows = session.scalars(select(TheatreSession).order_by(TheatreSession.started_at)).all()
        got = [(r.kind, r.audience, r.group_name, r.people, r.completed, r.mode, r.local_date) for r in rows]
        assert all(r.hall_id == "test-hall" and r.device_id == "theatre-pc" for r in rows)
        assert rows[0].ended_at - rows[0].started_at == timedelta(seconds=50)
        assert rows[0].booking_id is not None
    assert got == [
        ("film", "group", "第1党支部", 30, True, "", date(2026, 12, 1)),
        ("lecture", "walk_in", "", 7, True, "", date(2026, 12, 1)),
        ("ceremony", "group", "第1党支部", 30, False, "guided", date(2026, 12, 1)),
    ]
    with sqlite_db.transaction() as session:
        report = theatre_activity(session, date(2026, 12, 1), date(2026, 12, 1))
    assert report.summary() == "观看红色影片 1 场 30 人次，重温入党誓词 1 批 30 人次，专题讲座 1 场 7 人次"


def test_false_starts_and_failed_films_are_not_recorded(sqlite_db: Database, tmp_path: Path) -> None:
    clock = FakeClock(TUESDAY_0955)
    records = _records(sqlite_db, clock, tmp_path, checked_in=0)
    outcomes: list[Outcome] = []
    host = TheatreHost(small_programme(), clock, on_finished=outcomes.append)
    host.press(Action.START)
    assert host.option is aud.NOBODY  # no group checked in today
    host.press(Action.START)
    clock.advance(5)
    host.press(Action.STOP)  # the wrong item: a false start
    host.press(Action.START)
    host.press(Action.START)
    assert isinstance(host.run, FilmRun)
    host.run.player_failed("文件损坏")
    host.tick()
    assert host.stage is HostStage.RUNNING  # the message stays on screen
    host.press(Action.NEXT)  # any key
    assert host.stage is HostStage.SIGNAGE
    assert [records.record(o) for o in outcomes] == [None, None]


def test_the_schedule_opens_the_choice_and_starts_by_itself(sqlite_db: Database, tmp_path: Path) -> None:
    clock = FakeClock(TUESDAY_0955)
    records = _records(sqlite_db, clock, tmp_path, checked_in=1)
    host = TheatreHost(small_programme(), clock)
    host.set_groups(records.checked_in_groups())
    host.tick()
    assert host.stage is HostStage.SIGNAGE
    clock.advance(5 * 60)  # 10:00
    host.tick()
    assert host.stage is HostStage.AUDIENCE and host.pending is not None and host.pending.id == "film-a"
    assert host.option.name == "第1党支部" and host.auto_seconds_left == AUTO_START_SECONDS
    clock.advance(AUTO_START_SECONDS)
    host.tick()
    assert host.stage is HostStage.RUNNING and isinstance(host.run, FilmRun)
    host.stop()
    clock.advance(40 * 60)  # 10:41: the 10:30 oath was missed while the film ran: not started late
    host.tick()
    assert host.stage is HostStage.SIGNAGE


def test_a_choosing_host_is_not_overtaken_by_the_automatic_start() -> None:
    clock = FakeClock(TUESDAY_0955 + timedelta(minutes=5))
    host = TheatreHost(small_programme(), clock)
    host.tick()
    assert host.stage is HostStage.AUDIENCE
    host.press(Action.NEXT)
    clock.advance(AUTO_START_SECONDS * 3)
    host.tick()
    assert host.stage is HostStage.AUDIENCE
    host.press(Action.STOP)
    assert host.stage is HostStage.SIGNAGE


def test_souvenir_names_never_overwrite(tmp_path: Path) -> None:
    first = souvenir_path(tmp_path, "东城区/机关 党委", "2026年12月1日")
    assert first.name == "宣誓留念-2026年12月1日-东城区机关党委.png"
    first.write_bytes(b"x")
    assert souvenir_path(tmp_path, "东城区/机关 党委", "2026年12月1日").name.endswith("-2.png")
    assert souvenir_path(tmp_path, "", "2026年12月1日").name == "宣誓留念-2026年12月1日-集体.png"


def test_oath_phrases_used_here_match_the_demo() -> None:
    assert OATH[0] == "我志愿加入中国共产党"
