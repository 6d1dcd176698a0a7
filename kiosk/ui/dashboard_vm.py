"""数据统计 (staff, behind the PIN): today, this month, this year, any range; charts; exports.

Every figure comes from ``services.reports`` (``kiosk.reports``: the same as ``kiosk stats summary``)
and is read on the report runner, a thread of its own: opening the dashboard draws its first frame at
once with "正在统计…", and a long range never holds up a check-in on the database thread. Exports run
there too and report progress back to the screen.
"""

from __future__ import annotations

import calendar
import logging
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from kivy.clock import Clock
from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, DictProperty, ListProperty, NumericProperty, StringProperty

from kiosk.clock import hall_date
from kiosk.reports.scope import PRESETS, preset_range, range_text
from kiosk.services import KioskServices
from kiosk.tasks import Operations, Runner

log = logging.getLogger(__name__)

SCREEN = "staff_dashboard"
WEEKDAY_HEADS = ("一", "二", "三", "四", "五", "六", "日")
SHORT_KINDS = {"国有企业": "国企", '"两新"组织': "两新"}
"""Chart labels short enough for a bar's width."""


class Host(Protocol):
    services: KioskServices
    ops: Operations
    report_runner: Runner

    def show_screen(self, name: str) -> None: ...


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def present(summary: Any, today: Any, month: Any, year: Any, in_hall: int) -> dict[str, Any]:
    """The dashboard worded (runs on the report runner: no Kivy here)."""
    t = summary.totals
    months = summary.by_month
    if len(months) > 24:  # a long range: one bar per year
        years: dict[str, list[int]] = {}
        for m in months:
            years.setdefault(m.label[:4], [0, 0])[1] += m.party_members
        month_bars = [(label, v[1]) for label, v in years.items()]
    else:
        month_bars = [(m.label[2:] if len(months) > 12 else str(int(m.label[5:])), m.party_members) for m in months]
    return {
        "tiles": [
            {"title": "今天", "lines": [f"预约 {today.bookings} 个 · 已到 {today.bookings_arrived} 个",
                                       f"在馆团体 {in_hall} 个", f"答题 {today.quiz_attempts} 人次 · 评价 {today.feedback.count} 条"]},
            {"title": "本月", "lines": [f"团体 {month.totals.groups} 批 · 党员 {month.totals.party_members} 名",
                                       f"群众 {month.totals.public} 名", f"满意率 {_rate(month.feedback.satisfaction_rate)}"]},
            {"title": "今年", "lines": [f"组织 {year.totals.organisations} 个 · 党员 {year.totals.party_members} 名",
                                       f"团体 {year.totals.groups} 批", f"满意率 {_rate(year.feedback.satisfaction_rate)}"]},
        ],
        "sentence": summary.sentence,
        "figures": [
            ("组织", str(t.organisations)), ("团体批次", str(t.groups)), ("党员", str(t.party_members)),
            ("群众", str(t.public)), ("展板浏览", str(summary.board_views)), ("答题", str(summary.quiz_attempts)),
            ("竞赛", str(summary.contests)), ("满意率", _rate(summary.feedback.satisfaction_rate)),
            ("建议", str(summary.feedback.suggestions)), ("重复签到", str(len(summary.duplicates))),
        ],
        "charts": {
            "months": month_bars,
            "kinds": [(SHORT_KINDS.get(k.kind, k.kind), k.party_members) for k in summary.by_kind],
            "zones": [(z.name, z.views) for z in summary.zones[:10]],
            "ratings": [(f"{r}分", n) for r, n in sorted(summary.feedback.distribution.items(), reverse=True)],
        },
    }


class DashboardViewModel(EventDispatcher):
    preset = StringProperty("今年")
    start = StringProperty("")
    end = StringProperty("")
    range_label = StringProperty("")
    loading = BooleanProperty(False)
    status = StringProperty("")
    data = DictProperty()
    """The worded figures (see :func:`present`); empty until the first read finishes."""
    # the touch calendar
    calendar_open = BooleanProperty(False)
    calendar_title = StringProperty("")
    calendar_days = ListProperty()
    """Dicts with label, day (ISO or ""), picked (bool) for a 7 × 6 grid."""
    calendar_hint = StringProperty("")
    # exports
    exporting = BooleanProperty(False)
    export_progress = NumericProperty(0.0)
    export_message = StringProperty("")

    def __init__(self, host: Host, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._host = host
        self._token = 0
        self._month = date.today().replace(day=1)
        self._picking: date | None = None

    def _today(self) -> date:
        return hall_date(self._host.services.clock.now())

    # ----- ranges -------------------------------------------------------------------------
    def open(self) -> None:
        self.clear()
        self._host.show_screen(SCREEN)
        self.choose_preset("今年")

    def choose_preset(self, name: str) -> None:
        first, last = preset_range(name, self._today())
        self.preset = name
        self._set_range(first, last)

    def _set_range(self, first: date, last: date) -> None:
        self.start, self.end = first.isoformat(), last.isoformat()
        self.range_label = range_text(first, last)
        self.refresh()

    def refresh(self) -> None:
        reports = self._host.services.reports
        presence = self._host.services.presence
        first, last = date.fromisoformat(self.start), date.fromisoformat(self.end)
        self._token += 1
        token = self._token
        self.loading = True
        self.status = "正在统计…"

        def work() -> dict[str, Any]:
            if reports is None:  # no reports service: fails on the worker, as before
                raise RuntimeError("services.reports is not set: nothing to count")
            in_hall = len(presence.now()) if presence is not None else 0
            shown = reports.dashboard(first, last)  # 今年 / 本月 once when the range is that period
            return present(shown.chosen, shown.today, shown.month, shown.year, in_hall)

        def done(worded: dict[str, Any]) -> None:
            if token == self._token:
                self.data = worded
                self.loading = False
                self.status = ""

        def failed(exc: BaseException) -> None:
            log.warning("dashboard figures unreadable: %s", exc)
            if token == self._token:
                self.loading = False
                self.status = "暂时无法读取统计，请稍后再试。"

        self._host.ops.run(work, done, failed, screen=SCREEN, latest="dashboard", on=self._host.report_runner)

    # ----- the touch calendar -------------------------------------------------------------
    def open_calendar(self) -> None:
        self._month = date.fromisoformat(self.start).replace(day=1) if self.start else self._today().replace(day=1)
        self._picking = None
        self.calendar_hint = "请点开始日期"
        self.calendar_open = True
        self._fill_calendar()

    def close_calendar(self) -> None:
        self.calendar_open = False

    def shift_month(self, months: int) -> None:
        y, m = divmod(self._month.month - 1 + months, 12)
        self._month = date(self._month.year + y, m + 1, 1)
        self._fill_calendar()

    def _fill_calendar(self) -> None:
        first = self._month
        self.calendar_title = f"{first.year}年{first.month}月"
        days = [{"label": "", "day": "", "picked": False}] * first.weekday()
        for n in range(1, calendar.monthrange(first.year, first.month)[1] + 1):
            d = first.replace(day=n)
            days.append({"label": str(n), "day": d.isoformat(), "picked": d == self._picking})
        days += [{"label": "", "day": "", "picked": False}] * (42 - len(days))
        self.calendar_days = days

    def pick_day(self, iso: str) -> None:
        if not iso:
            return
        day = date.fromisoformat(iso)
        if self._picking is None:
            self._picking = day
            self.calendar_hint = f"开始：{day.month}月{day.day}日；请点结束日期"
            self._fill_calendar()
            return
        first, last = sorted((self._picking, day))
        self._picking = None
        self.calendar_open = False
        self.preset = ""
        self._set_range(first, last)

    # ----- exports ------------------------------------------------------------------------
    def export(self, fmt: str) -> None:
        if self.exporting:
            return
        from kiosk.reports.exporters import exporter_for
        from kiosk.reports.service import export_folder

        services = self._host.services
        reports = services.reports
        if reports is None:
            raise RuntimeError("services.reports is not set: nothing to export")
        scope = reports.scope(date.fromisoformat(self.start), date.fromisoformat(self.end))
        folder = export_folder(services.data_dir)
        out = folder / f"统计_{self.start}_{self.end}.{fmt}"
        self.exporting = True
        self.export_progress = 0.0
        self.export_message = f"正在导出 {out.name} …"

        def progress(done: int, total: int) -> None:
            value = done / total if total else 1.0
            Clock.schedule_once(lambda _dt: setattr(self, "export_progress", value), 0)

        def work() -> Path:
            return exporter_for(fmt)(reports.rows(scope), progress).write(out)

        def done(path: Path) -> None:
            self.exporting = False
            self.export_progress = 1.0
            self.export_message = f"已导出到 {path}"

        def failed(exc: BaseException) -> None:
            log.error("export failed: %s", exc)
            self.exporting = False
            self.export_message = f"导出失败：{exc}"

        # not tied to the screen: a file being written is finished and reported even if staff leave
        self._host.ops.run(work, done, failed, on=self._host.report_runner, always=True)

    def clear(self) -> None:
        self._token += 1
        self.data = {}
        self.status = ""
        self.loading = False
        self.calendar_open = False
        self.export_message = ""
        self.export_progress = 0.0


__all__ = ["PRESETS", "WEEKDAY_HEADS", "DashboardViewModel", "present"]
