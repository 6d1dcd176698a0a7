"""The result of a solo attempt: score, correct count, the missed questions with 解析, the QR card,
and — when several groups are in the hall — their names to say which one the attempt is for."""

from __future__ import annotations

from typing import Any

from kivy.properties import DictProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.screens.base import VmScreen
from kiosk.ui.screens.feedback import Chip

SKIP_TEXT = "不选，跳过"


class MissedItem(BoxLayout):
    """A question the visitor got wrong: the stem, their answer, the key, 解析 and 出处."""

    item = DictProperty()


class QuizResultScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        vm.quiz.bind(missed=self._fill, groups=self._fill_groups)
        self._fill(vm.quiz, vm.quiz.missed)
        self._fill_groups(vm.quiz, vm.quiz.groups)

    def _fill(self, _quiz: Any, missed: list[dict[str, Any]]) -> None:
        box = self.ids.missed
        box.clear_widgets()
        for number, item in enumerate(missed, start=1):
            box.add_widget(MissedItem(item={**item, "number": number}))

    def _fill_groups(self, quiz: Any, groups: list[dict[str, Any]]) -> None:
        box = self.ids.groups
        box.clear_widgets()
        for group in groups:
            chip = Chip(text=group["name"], chosen=group["chosen"])
            chip.bind(on_release=lambda _c, g=group["id"]: quiz.choose_group(g))
            box.add_widget(chip)
        if groups and not any(g["chosen"] for g in groups):
            skip = Chip(text=SKIP_TEXT)
            skip.bind(on_release=lambda _c: quiz.skip_groups())
            box.add_widget(skip)
