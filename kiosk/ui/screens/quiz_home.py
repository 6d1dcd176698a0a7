"""The quiz zone's home (智慧测试区): the three solo modes and today's challenge leaders."""

from __future__ import annotations

from typing import Any

from kivy.properties import DictProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.screens.base import VmScreen


class ModeCard(ButtonBehavior, BoxLayout):
    """A big card for one mode: its name, one sentence on how it works, a start button."""

    title = StringProperty("")
    description = StringProperty("")
    action = ObjectProperty(None, allownone=True)
    quiz = ObjectProperty(None, allownone=True)


class LeaderLine(BoxLayout):
    """One leaderboard row: rank, name, score (and attempts on the full board)."""

    row = DictProperty()


class QuizHomeScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        vm.quiz.bind(home_leaders=self._fill)
        self._fill(vm.quiz, vm.quiz.home_leaders)

    def _fill(self, _quiz: Any, rows: list[dict[str, Any]]) -> None:
        box = self.ids.leaders
        box.clear_widgets()
        for row in rows:
            box.add_widget(LeaderLine(row=row))
