"""What a report covers: an inclusive range of hall-local dates and, optionally, a set of halls.

Dates are the hall's (``kiosk.clock.HALL_TIMEZONE``): check-ins and feedback store their local day,
so they compare dates; facts stamped only in UTC (board views, quiz attempts, contest events) compare
against the UTC instants at which those local days begin (:meth:`ReportScope.utc_bounds`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from kiosk.clock import hall_day_start

PRESETS: tuple[str, ...] = ("今天", "本周", "本月", "本季度", "今年", "去年")
"""The dashboard's preset ranges, in button order."""


class ScopeError(ValueError):
    """A range that cannot be reported (message in Chinese)."""


@dataclass(frozen=True)
class ReportScope:
    """``start``..``end`` inclusive (hall-local days); ``halls`` None means every hall in the database."""

    start: date
    end: date
    halls: frozenset[str] | None = None

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ScopeError(f"起始日期 {self.start.isoformat()} 晚于结束日期 {self.end.isoformat()}。")

    @classmethod
    def of(cls, start: date, end: date, halls: Iterable[str] | str | None = None) -> ReportScope:
        if isinstance(halls, str):
            halls = [halls]
        return cls(start, end, None if halls is None else frozenset(halls))

    @classmethod
    def year(cls, year: int, halls: Iterable[str] | str | None = None) -> ReportScope:
        return cls.of(date(year, 1, 1), date(year, 12, 31), halls)

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """UTC ``[begin, end)`` of the range's local days, for facts stamped only in UTC."""
        return hall_day_start(self.start), hall_day_start(self.end + timedelta(days=1))

    def hall_clause(self, column: Any) -> Any:
        """``column IN halls`` (or ``column = hall`` for one), None for every hall."""
        if self.halls is None:
            return None
        if len(self.halls) == 1:
            return column == next(iter(self.halls))
        return column.in_(sorted(self.halls))

    def narrow(self, query: Any, hall_column: Any) -> Any:
        clause = self.hall_clause(hall_column)
        return query if clause is None else query.where(clause)

    def months(self) -> list[tuple[int, int]]:
        """Every (year, month) the range touches, in order."""
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def halls_json(self) -> list[str] | None:
        return None if self.halls is None else sorted(self.halls)


def month_end(year: int, month: int) -> date:
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return nxt - timedelta(days=1)


def preset_range(name: str, today: date) -> tuple[date, date]:
    """The dates of a dashboard preset (今天 本周 本月 本季度 今年 去年); a week starts on Monday."""
    if name == "今天":
        return today, today
    if name == "本周":
        monday = today - timedelta(days=today.weekday())
        return monday, monday + timedelta(days=6)
    if name == "本月":
        return today.replace(day=1), month_end(today.year, today.month)
    if name == "本季度":
        first_month = (today.month - 1) // 3 * 3 + 1
        return date(today.year, first_month, 1), month_end(today.year, first_month + 2)
    if name == "今年":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if name == "去年":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    raise ScopeError(f"没有“{name}”这个时间范围：可选 {'、'.join(PRESETS)}。")


def range_text(start: date, end: date) -> str:
    """The range as the seed reports write it: 2026年1月1日至12月31日 (the year once when shared)."""
    first = f"{start.year}年{start.month}月{start.day}日"
    if start == end:
        return first
    if start.year == end.year:
        return f"{first}至{end.month}月{end.day}日"
    return f"{first}至{end.year}年{end.month}月{end.day}日"
