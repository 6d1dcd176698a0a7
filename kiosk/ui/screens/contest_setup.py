"""知识竞赛 set-up (staff): how many teams (2–4) and their names, then 开始比赛."""

from __future__ import annotations

from typing import Any

from kivy.properties import NumericProperty, ObjectProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.screens.base import VmScreen


class TeamNameRow(BoxLayout):
    """'第 N 队' and a text field with the team's name (a staff keyboard, or keep the default)."""

    contest = ObjectProperty(None, allownone=True)
    index = NumericProperty(0)


class ContestSetupScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        vm.quiz.contest.bind(team_count=self._fill)
        self._fill(vm.quiz.contest, vm.quiz.contest.team_count)

    def _fill(self, contest: Any, count: int) -> None:
        box = self.ids.names
        box.clear_widgets()
        for index in range(int(count)):
            box.add_widget(TeamNameRow(contest=contest, index=index))
