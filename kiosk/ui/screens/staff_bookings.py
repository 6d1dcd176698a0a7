"""Staff (behind the PIN): today's bookings with expected / arrived / 未到, contacts masked."""

from __future__ import annotations

from typing import Any

from kivy.properties import DictProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.screens.base import VmScreen


class BookingRow(BoxLayout):
    """One booking: slot, organisation, purpose, masked contact, expected, arrived, status."""

    row = DictProperty()


class StaffBookingsScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        vm.checkin.bind(bookings=self._fill)
        self._fill(vm.checkin, vm.checkin.bookings)

    def _fill(self, _cvm: Any, rows: list[dict[str, Any]]) -> None:
        table = self.ids.rows
        table.clear_widgets()
        for row in rows:
            table.add_widget(BookingRow(row=row))
