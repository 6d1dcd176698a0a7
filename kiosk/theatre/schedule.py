"""The weekly schedule in the words staff write ("周二至周六", "每天", "周一、周三") and what the
signage asks of it: today's programme and the next start time."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from kiosk.clock import HALL_TIMEZONE
from kiosk.theatre.model import Programme, Showing

_DAY_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
_DAY = r"(?:周|星期|礼拜)([一二三四五六日天])"
_RANGE = re.compile(rf"^{_DAY}\s*(?:至|到|-|—|~|～)\s*{_DAY}$")
_ONE = re.compile(rf"^{_DAY}$")
_EVERY_DAY = {"每天", "每日", "天天", "周一至周日", "全周"}
WEEKDAY_NAMES = ("", "周一", "周二", "周三", "周四", "周五", "周六", "周日")


class ScheduleTextError(ValueError):
    """The days or time cannot be read (message in Chinese, for the content check)."""


def parse_days(text: str) -> frozenset[int]:
    """"周二至周六" → {2, 3, 4, 5, 6}; "周一、周三" → {1, 3}; "每天" → all seven (ISO weekdays).

    A range may wrap the week ("周六至周一"). Raises :class:`ScheduleTextError`.
    """
    text = text.strip()
    if text in _EVERY_DAY:
        return frozenset(range(1, 8))
    days: set[int] = set()
    for part in re.split(r"[、,，;；\s]+", text):
        if not part:
            continue
        if m := _RANGE.match(part):
            first, last = _DAY_NUMBERS[m.group(1)], _DAY_NUMBERS[m.group(2)]
            day = first
            while True:
                days.add(day)
                if day == last:
                    break
                day = day % 7 + 1
        elif m := _ONE.match(part):
            days.add(_DAY_NUMBERS[m.group(1)])
        else:
            raise ScheduleTextError(f"看不懂的日期：{part!r}（可写“每天”“周二至周六”“周一、周三”）")
    if not days:
        raise ScheduleTextError("没有写哪几天（可写“每天”“周二至周六”）")
    return frozenset(days)


def parse_time(value: object) -> time:
    """"10:00" → 10:00. An unquoted 10:00 reaches us as 600: YAML 1.1 reads it as base-60 minutes.

    Raises :class:`ScheduleTextError`.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        hours, minutes = divmod(value, 60)
    elif isinstance(value, str) and (m := re.fullmatch(r"\s*(\d{1,2})[:：](\d{2})\s*", value)):
        hours, minutes = int(m.group(1)), int(m.group(2))
    else:
        raise ScheduleTextError(f"时间应写成“10:00”这样的时:分，实际是 {value!r}")
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise ScheduleTextError(f"没有这个时间：{value!r}")
    return time(hours, minutes)


def todays_showings(programme: Programme, now: datetime) -> list[Showing]:
    """Every scheduled start of the hall-local day of ``now`` (aware), by time, past ones too."""
    local = now.astimezone(HALL_TIMEZONE)
    return programme.showings_on(local.date(), HALL_TIMEZONE)


def next_showing(programme: Programme, now: datetime, days_ahead: int = 7) -> Showing | None:
    """The first scheduled start at or after ``now`` within ``days_ahead`` days, or None."""
    local = now.astimezone(HALL_TIMEZONE)
    for offset in range(days_ahead + 1):
        day = local.date() + timedelta(days=offset)
        for showing in programme.showings_on(day, HALL_TIMEZONE):
            if showing.starts >= local.replace(second=0, microsecond=0):
                return showing
    return None


def describe_start(showing: Showing, now: datetime) -> str:
    """"今天 10:00" / "明天 14:30" / "周三 10:00": how the signage names the next start."""
    local = now.astimezone(HALL_TIMEZONE).date()
    day = showing.starts.date()
    clock = showing.starts.strftime("%H:%M")
    if day == local:
        return f"今天 {clock}"
    if day == local + timedelta(days=1):
        return f"明天 {clock}"
    return f"{WEEKDAY_NAMES[day.isoweekday()]} {clock}"
