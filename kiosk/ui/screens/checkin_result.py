"""One clear screen per check-in outcome: a coloured band with a mark, a title and the service's
sentence, what to do next, and for an accepted group the headcount stepper and 确认人数.

The stepper panel is added only for ``accepted`` and removed otherwise (not hidden by opacity:
a hidden widget would still take touches, and ``export_to_png`` would still draw it).
"""

from __future__ import annotations

from typing import Any

from kivy.properties import ObjectProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.screens.base import VmScreen


class HeadcountPanel(BoxLayout):
    """"实际到场人数": − N + and 确认人数."""

    vm = ObjectProperty(None)


class CheckinResultScreen(VmScreen):
    panel: HeadcountPanel | None = None

    def vm_ready(self, vm: Any) -> None:
        self.panel = HeadcountPanel(vm=vm)
        vm.checkin.bind(outcome=self._outcome, details=self._details)
        self._outcome(vm.checkin, vm.checkin.outcome)
        self._details(vm.checkin, vm.checkin.details)

    def _outcome(self, _cvm: Any, outcome: str) -> None:
        side, panel = self.ids.side, self.panel
        show = outcome == "accepted"
        if panel is None:
            return
        if show and panel.parent is None:
            side.add_widget(panel)
        elif not show and panel.parent is not None:
            panel.parent.remove_widget(panel)
        side.width = panel.width if show else 0

    def _details(self, _cvm: Any, rows: list[tuple[str, str]]) -> None:
        self.ids.details.text = "\n".join(f"[color=6b5e55]{label}[/color]    [b]{value}[/b]" for label, value in rows)
