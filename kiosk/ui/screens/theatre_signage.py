"""Between programmes: the hall's name, today's programme, the next start; the audience choice
when the host starts an item (or the schedule does)."""

from __future__ import annotations

from typing import Any

from kivy.uix.label import Label

from kiosk.ui.screens.base import VmScreen
from kiosk.ui.screens.theatre_parts import ProgrammeRow, TheatreHostBar  # noqa: F401 - kv classes
from kiosk.ui.theme import theme


class TheatreSignageScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        theatre = vm.theatre
        theatre.bind(today=self._fill_today, items=self._fill_items, options=self._fill_options,
                     host_bar=self._fill_items)
        self._fill_today(theatre, theatre.today)
        self._fill_items(theatre, theatre.items)
        self._fill_options(theatre, theatre.options)

    def _fill_today(self, _theatre: Any, rows: list[dict[str, Any]]) -> None:
        box = self.ids.today
        box.clear_widgets()
        if not rows:
            box.add_widget(Label(text="今天没有安排场次", font_size=theme.u * 40, color=(1, 1, 1, 0.7),
                                 size_hint_y=None, height=theme.u * 110))
        for row in rows:
            box.add_widget(ProgrammeRow(kind=row["time"], title=row["title"], note=row["kind"], dim=row["past"],
                                        kind_units=120))

    def _fill_items(self, *_args: Any) -> None:
        theatre = self.vm.theatre
        box = self.ids.programme
        box.clear_widgets()
        for item in theatre.items:
            row = ProgrammeRow(item_id=item["id"], kind=item["kind"], title=item["title"], note=item["note"],
                               selected=item["selected"])
            row.bind(on_release=self._item_tapped)
            box.add_widget(row)

    def _fill_options(self, _theatre: Any, options: list[dict[str, Any]]) -> None:
        box = self.ids.options
        box.clear_widgets()
        for index, option in enumerate(options):
            row = ProgrammeRow(kind="✓" if option["chosen"] else "", title=option["label"],
                               selected=option["chosen"], kind_units=50, note_units=0)
            row.index = index
            row.bind(on_release=self._option_tapped)
            box.add_widget(row)

    # Rows answer touches only while the host bar is open (staff behind the PIN): a visitor's tap
    # on the programme starts nothing.
    def _item_tapped(self, row: ProgrammeRow) -> None:
        if self.vm.theatre.host_bar:
            self.vm.theatre.choose_item(row.item_id)

    def _option_tapped(self, row: ProgrammeRow) -> None:
        if self.vm.theatre.host_bar:
            self.vm.theatre.pick_option(row.index)
