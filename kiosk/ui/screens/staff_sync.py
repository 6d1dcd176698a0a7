"""Staff (behind the PIN): 数据同步 — last sync, facts waiting, the last error, 立即同步, USB."""

from __future__ import annotations

from typing import Any

from kiosk.ui.screens.base import VmScreen


class StaffSyncScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        vm.sync.bind(lines=self._fill)
        self._fill(vm.sync, vm.sync.lines)

    def _fill(self, _svm: Any, rows: list[tuple[str, str]]) -> None:
        self.ids.info.text = "\n".join(f"[b]{label}[/b]    {value}" for label, value in rows) or "正在读取…"
