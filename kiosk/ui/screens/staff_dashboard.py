"""数据统计 (staff): tiles for today / this month / this year, presets and a touch calendar, charts,
exports with progress. Figures are read on the report runner; the screen only shows them."""

from __future__ import annotations

from typing import Any

from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView

from kiosk.reports.scope import PRESETS
from kiosk.ui import theme as T
from kiosk.ui.charts import BarChart  # noqa: F401 - registers the kv class
from kiosk.ui.dashboard_vm import WEEKDAY_HEADS
from kiosk.ui.screens.base import VmScreen
from kiosk.ui.screens.feedback import Chip
from kiosk.ui.theme import theme


class DashboardTile(GridLayout):
    pass


class StaffDashboardScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        dash = vm.dashboard
        dash.bind(data=self._fill, preset=self._fill_presets, calendar_open=self._calendar,
                  calendar_days=self._fill_calendar)
        self._modal: ModalView | None = None
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
            tiles.add_widget(Label(text=f"[b][color=b3121b]{tile['title']}[/color][/b]\n" + "\n".join(tile["lines"]),
                                   markup=True, font_size=theme.u * 30, color=T.INK, line_height=1.3,
                                   halign="left", valign="middle", text_size=(theme.u * 540, None)))
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
        if is_open and self._modal is None:
            self._modal = ModalView(size_hint=(None, None), size=(theme.u * 980, theme.u * 960), auto_dismiss=False)
            self._modal.add_widget(self._panel(dash))
            self._modal.open()
            self._fill_calendar(dash, dash.calendar_days)
        elif not is_open and self._modal is not None:
            self._modal.dismiss(animation=False)
            self._modal = None

    def _panel(self, dash: Any) -> Any:
        from kivy.factory import Factory

        panel = Factory.CalendarPanel()
        panel.dash = dash
        return panel

    def _fill_calendar(self, dash: Any, days: list[dict[str, Any]]) -> None:
        if self._modal is None:
            return
        panel = self._modal.children[0]
        grid = panel.ids.days
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
