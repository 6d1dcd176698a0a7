"""The weekly schedule: the days staff write, times, today's programme and the next start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.theatre.schedule import (
    ScheduleTextError, describe_start, next_showing, parse_days, parse_time, todays_showings,
)
from tests.theatre.helpers import small_programme

# 2026-12-01 is a Tuesday.
TUE_0955_LOCAL = datetime(2026, 12, 1, 1, 55, tzinfo=UTC)  # 09:55 in Asia/Shanghai


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("周二至周六", {2, 3, 4, 5, 6}),
        ("周一、周三", {1, 3}),
        ("每天", set(range(1, 8))),
        ("星期六到星期一", {6, 7, 1}),
        ("周日", {7}),
        ("周一,周五 周六", {1, 5, 6}),
    ],
)
def test_days_in_staff_words(text: str, days: set[int]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["周八", "周末", "", "Monday"])
def test_days_that_cannot_be_read(text: str) -> None:
    with pytest.raises(ScheduleTextError):
        parse_days(text)


def test_times() -> None:
    assert parse_time("10:00").strftime("%H:%M") == "10:00"
    assert parse_time("9：05").strftime("%H:%M") == "09:05"
    assert parse_time(14 * 60 + 30).strftime("%H:%M") == "14:30"
    for bad in ("25:00", "10", "ten", 24 * 60):
        with pytest.raises(ScheduleTextError):
            parse_time(bad)


def test_today_and_the_next_start_follow_the_hall_clock() -> None:
    programme = small_programme()
    today = todays_showings(programme, TUE_0955_LOCAL)
    assert [(s.starts.strftime("%H:%M"), s.item.id) for s in today] == [("10:00", "film-a"), ("10:30", "oath")]
    nxt = next_showing(programme, TUE_0955_LOCAL)
    assert nxt is not None and nxt.item.id == "film-a"
    assert describe_start(nxt, TUE_0955_LOCAL) == "今天 10:00"
    later = TUE_0955_LOCAL + timedelta(hours=1)  # 10:55: the Tuesday oath is over, film tomorrow
    nxt = next_showing(programme, later)
    assert nxt is not None and nxt.item.id == "film-a" and describe_start(nxt, later) == "明天 10:00"
    saturday_noon = TUE_0955_LOCAL + timedelta(days=4, hours=2)
    nxt = next_showing(programme, saturday_noon)  # nothing on Sunday/Monday: next Tuesday
    assert nxt is not None and describe_start(nxt, saturday_noon) == "周二 10:00"
