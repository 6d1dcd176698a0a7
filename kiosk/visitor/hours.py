"""Opening hours: per weekday and closed dates, in the hall's local time (Asia/Shanghai).

Outside them the kiosk shows "本馆开放时间 …" on a dimmed screen instead of an attract loop
burning the panel all night. Written in the config file as TOML:

    [opening_hours]
    tue = "09:00-17:00"      # mon … sun, or 周一 … 周日; "closed"/"闭馆" for a closed day
    ...
    closed_dates = ["2026-10-01..2026-10-07", "2027-01-01"]

No ``[opening_hours]`` table at all means always open (a kiosk in an office, the demo).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from kiosk.clock import HALL_TIMEZONE

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
CLOSED_WORDS = {"closed", "闭馆", "休息", ""}


class HoursError(ValueError):
    """The opening hours in the config cannot be read (message in Chinese)."""


@dataclass(frozen=True)
class DayHours:
    opens: time
    closes: time

    def text(self) -> str:
        return f"{self.opens:%H:%M}–{self.closes:%H:%M}"


@dataclass(frozen=True)
class HallStatus:
    open: bool
    hours_text: str
    """"本馆开放时间 周二至周日 09:00–17:00（周一闭馆）" — what the closed screen shows."""
    reopens_at: datetime | None = None
    """When the hall opens next (aware UTC); None when open, or never in the next year."""
    reopen_text: str = ""


@dataclass(frozen=True)
class OpeningHours:
    week: tuple[DayHours | None, ...] | None = None
    """Monday first; None means always open."""
    closed: frozenset[date] = field(default_factory=frozenset)

    @property
    def always_open(self) -> bool:
        return self.week is None and not self.closed

    def hours_on(self, day: date) -> DayHours | None:
        if day in self.closed:
            return None
        if self.week is None:
            return DayHours(time(0, 0), time(23, 59, 59))
        return self.week[day.weekday()]

    def is_open(self, instant: datetime) -> bool:
        local = instant.astimezone(HALL_TIMEZONE)
        hours = self.hours_on(local.date())
        return hours is not None and hours.opens <= local.time() < hours.closes

    def next_opening(self, instant: datetime) -> datetime | None:
        """The next instant the hall opens after ``instant`` (within a year), aware UTC."""
        local = instant.astimezone(HALL_TIMEZONE)
        for offset in range(0, 370):
            day = local.date() + timedelta(days=offset)
            hours = self.hours_on(day)
            if hours is None:
                continue
            opening = datetime.combine(day, hours.opens, HALL_TIMEZONE)
            if opening > local:
                return opening.astimezone(UTC)
        return None

    def describe(self) -> str:
        """The week in one line: "周二至周日 09:00–17:00，周一闭馆"."""
        if self.week is None:
            return "每天开放"
        groups: list[tuple[list[int], DayHours | None]] = []
        for index, hours in enumerate(self.week):
            if groups and groups[-1][1] == hours:
                groups[-1][0].append(index)
            else:
                groups.append(([index], hours))
        parts, closed_days = [], []
        for days, hours in groups:
            name = DAY_NAMES[days[0]] if len(days) == 1 else f"{DAY_NAMES[days[0]]}至{DAY_NAMES[days[-1]]}"
            if hours is None:
                closed_days.append(name)
            else:
                parts.append(f"{name} {hours.text()}")
        text = "，".join(parts) or "暂不开放"
        return text + (f"，{'、'.join(closed_days)}闭馆" if closed_days else "")

    def status(self, instant: datetime) -> HallStatus:
        hours_text = f"本馆开放时间 {self.describe()}"
        if self.is_open(instant):
            return HallStatus(True, hours_text)
        reopens = self.next_opening(instant)
        reopen_text = ""
        if reopens is not None:
            local = reopens.astimezone(HALL_TIMEZONE)
            reopen_text = f"下次开放：{local.month}月{local.day}日（{DAY_NAMES[local.weekday()]}）{local:%H:%M}"
        return HallStatus(False, hours_text, reopens, reopen_text)


def _parse_time(text: str, where: str) -> time:
    try:
        hour, minute = (int(part) for part in text.strip().split(":"))
        return time(hour, minute) if hour < 24 else time(23, 59, 59)
    except ValueError as exc:
        raise HoursError(f"开放时间 {where}：{text!r} 不是 时:分（如 09:00）") from exc


def _parse_day(value: Any, where: str) -> DayHours | None:
    if not isinstance(value, str):
        raise HoursError(f"开放时间 {where}：应为 \"09:00-17:00\" 或 \"闭馆\"，实际是 {value!r}")
    text = value.strip().replace("–", "-").replace("—", "-").replace("～", "-").replace("~", "-")
    if text.lower() in CLOSED_WORDS:
        return None
    if "-" not in text:
        raise HoursError(f"开放时间 {where}：应为 \"09:00-17:00\" 或 \"闭馆\"，实际是 {value!r}")
    opens_text, closes_text = text.split("-", 1)
    opens, closes = _parse_time(opens_text, where), _parse_time(closes_text, where)
    if closes <= opens:
        raise HoursError(f"开放时间 {where}：闭馆时间 {closes_text.strip()} 应晚于开馆时间 {opens_text.strip()}")
    return DayHours(opens, closes)


def _parse_dates(items: Any) -> frozenset[date]:
    if not isinstance(items, list):
        raise HoursError(f"closed_dates 应为日期列表，如 [\"2026-10-01..2026-10-07\"]，实际是 {items!r}")
    days: set[date] = set()
    for item in items:
        text = str(item).strip()
        try:
            if ".." in text:
                first_text, last_text = text.split("..", 1)
                first, last = date.fromisoformat(first_text.strip()), date.fromisoformat(last_text.strip())
                if last < first:
                    raise HoursError(f"闭馆日期 {text}：结束日期早于开始日期")
                days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
            else:
                days.add(date.fromisoformat(text))
        except ValueError as exc:
            raise HoursError(f"闭馆日期 {text!r} 不是 年-月-日（如 2026-10-01 或 2026-10-01..2026-10-07）") from exc
    return frozenset(days)


def parse_opening_hours(table: dict[str, Any] | None) -> OpeningHours:
    """The ``[opening_hours]`` table of the config file.

    Raises:
        HoursError: an unknown weekday, a time that is not HH:MM, closing before opening, a bad date.
    """
    if not table:
        return OpeningHours()
    table = dict(table)
    closed = _parse_dates(table.pop("closed_dates", []))
    aliases = {**{k: i for i, k in enumerate(DAY_KEYS)}, **{k: i for i, k in enumerate(DAY_NAMES)},
               **{f"星期{c}": i for i, c in enumerate("一二三四五六日")}}
    if not table:
        return OpeningHours(None, closed)
    week: list[DayHours | None] = [None] * 7
    for key, value in table.items():
        index = aliases.get(str(key).strip().lower())
        if index is None:
            raise HoursError(f"开放时间：未知的星期 {key!r}（可用 mon…sun 或 周一…周日）")
        week[index] = _parse_day(value, str(key))
    return OpeningHours(tuple(week), closed)
