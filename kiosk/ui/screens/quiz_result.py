"""The result of a solo attempt: score, correct count, the missed questions with 解析, the QR card."""

from __future__ import annotations

from typing import Any

from kivy.properties import DictProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.screens.base import VmScreen


class MissedItem(BoxLayout):
    """A question the visitor got wrong: the stem, their answer, the key, 解析 and 出处."""

    item = DictProperty()


class QuizResultScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        vm.quiz.bind(missed=self._fill)
        self._fill(vm.quiz, vm.quiz.missed)

    def _fill(self, _quiz: Any, missed: list[dict[str, Any]]) -> None:
        box = self.ids.missed
        box.clear_widgets()
        for number, item in enumerate(missed, start=1):
            box.add_widget(MissedItem(item={**item, "number": number}))
