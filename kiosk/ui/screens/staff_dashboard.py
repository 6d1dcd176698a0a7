"""数据统计 (staff): tiles for today / this month / this year, presets and a touch calendar, charts,
exports with progress. Figures are read on the report runner; the screen only shows them."""

from __future__ import annotations

from typing import Any

from kivy.properties import ObjectProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from kiosk.reports.scope import PRESETS
from kiosk.ui import theme as T
from kiosk.ui.charts import BarChart  # noqa: F401 - registers the kv class
from kiosk.ui.dashboard_vm import WEEKDAY_HEADS
from kiosk.ui.screens.base import VmScreen
from kiosk.ui.screens.feedback import Chip
from kiosk.ui.theme import theme


class CalendarPanel(BoxLayout):
    """The touch calendar: month, weekday heads, a 7 × 6 grid of day buttons; touches stay inside."""

    dash = ObjectProperty(None, allownone=True)

    def on_touch_down(self, touch: Any) -> bool:
        return bool(super().on_touch_down(touch)) or self.collide_point(*touch.pos)


class StaffDashboardScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        dash = vm.dashboard
        dash.bind(data=self._fill, preset=self._fill_presets, calendar_open=self._calendar,
                  calendar_days=self._fill_calendar)
        self._modal: Any = None
        self._fill_presets(dash, dash.preset)
        self._fill(dash, dash.data)

    def _fill_presets(self, dash: Any, preset: str) -> None:
        box = self.ids.presets
        box.clear_widgets()
        for name in PRESETS:
            chip = Chip(text=name, chosen=name == preset)
            chip.bind(on_release=lambda _c, n=name: dash.choose_preset(n))
            box.add_widget(chip)
        pick = Chip(text="选择日期…", chosen=not preset)
        pick.bind(on_release=lambda _c: dash.open_calendar())
        box.add_widget(pick)

    def _fill(self, _dash: Any, data: dict[str, Any]) -> None:
        tiles, figures = self.ids.tiles, self.ids.figures
        tiles.clear_widgets()
        figures.clear_widgets()
        for tile in data.get("tiles", []):
            tiles.add_widget(Label(text=f"[b][color=b3121b]{tile['title']}[/color][/b]  " + tile["lines"][0] + "\n"
                                   + " · ".join(tile["lines"][1:]), markup=True, font_size=theme.u * 28,
                                   color=T.INK, line_height=1.25, halign="left", valign="middle",
                                   text_size=(theme.u * 590, None)))
        for label, value in data.get("figures", []):
            figures.add_widget(Label(text=f"[size={int(theme.u * 54)}][b]{value}[/b][/size]\n{label}", markup=True,
                                     font_size=theme.u * 28, color=T.INK, halign="center"))
        charts = data.get("charts", {})
        self.ids.chart_months.bars = charts.get("months", [])
        self.ids.chart_kinds.bars = charts.get("kinds", [])
        self.ids.chart_zones.bars = charts.get("zones", [])
        self.ids.chart_ratings.bars = charts.get("ratings", [])

    # ----- the calendar ------------------------------------------------------------------
    def _calendar(self, dash: Any, is_open: bool) -> None:
        """The touch calendar lies over the screen (a child of it, so snapshots show it too)."""
        if is_open and self._modal is None:
            self._modal = CalendarPanel(size_hint=(None, None), size=(theme.u * 1000, theme.u * 1010),
                                                pos_hint={"center_x": 0.5, "center_y": 0.5})
            self._modal.dash = dash
            self.add_widget(self._modal)
            self._fill_calendar(dash, dash.calendar_days)
        elif not is_open and self._modal is not None:
            self.remove_widget(self._modal)
            self._modal = None

    def _fill_calendar(self, dash: Any, days: list[dict[str, Any]]) -> None:
        if self._modal is None:
            return
        self._modal.ids.title.text = dash.calendar_title
        grid = self._modal.ids.days
        grid.clear_widgets()
        for head in WEEKDAY_HEADS:
            grid.add_widget(Label(text=head, font_size=theme.u * 30, color=T.MUTED))
        for cell in days:
            if not cell["day"]:
                grid.add_widget(Label())
                continue
            chip = Chip(text=cell["label"], chosen=cell["picked"])
            chip.size_hint = (1, 1)
            chip.bind(on_release=lambda _c, d=cell["day"]: dash.pick_day(d))
            grid.add_widget(chip)
