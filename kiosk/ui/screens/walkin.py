"""Walk-in registration by touch: 党员 or 群众, how many (big − / + buttons), and optionally the
organisation, found by pinyin initials typed on an on-screen A–Z pad (a kiosk has no keyboard,
and a wedge scanner owns the window's key events anyway).
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty

from kiosk.ui.checkin_vm import LETTERS
from kiosk.ui.screens.base import VmScreen
from kiosk.ui.widgets import BigButton


class LetterKey(BigButton):
    """One key of the letter pad."""

    letter = StringProperty("")
    vm = ObjectProperty(None)


class OrgButton(BigButton):
    """One organisation found by the search; gold when chosen."""

    org_id = StringProperty("")
    name = StringProperty("")
    chosen = BooleanProperty(False)
    vm = ObjectProperty(None)


class WalkinScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        pad = self.ids.pad
        for letter in LETTERS:
            pad.add_widget(LetterKey(letter=letter, text=letter, vm=vm))
        pad.add_widget(LetterKey(letter="back", text="删除", vm=vm))
        vm.checkin.bind(walkin_results=self._fill, walkin_org_id=self._mark)
        self._fill(vm.checkin, vm.checkin.walkin_results)

    def _fill(self, _cvm: Any, results: list[dict[str, Any]]) -> None:
        box = self.ids.results
        box.clear_widgets()
        for org in results:
            box.add_widget(OrgButton(org_id=org["id"], name=org["name"], text=org["name"], vm=self.vm,
                                     chosen=org["id"] == self.vm.checkin.walkin_org_id))

    def _mark(self, _cvm: Any, org_id: str) -> None:
        for button in self.ids.results.children:
            button.chosen = button.org_id == org_id
