"""The staff console (behind the PIN): device facts, content reload, exit the app."""

from __future__ import annotations

from typing import Any

from kiosk.ui.screens.base import VmScreen


class StaffScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        vm.staff.bind(staff_info=self._fill)
        self._fill(vm.staff, vm.staff.staff_info)

    def _fill(self, _vm: Any, rows: list[tuple[str, str]]) -> None:
        self.ids.info.text = "\n".join(f"[b]{label}[/b]    {value}" for label, value in rows)
