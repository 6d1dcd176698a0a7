"""挑战答题 leaderboards: today and this month (by checked-in organisation, else by kiosk)."""

from __future__ import annotations

from typing import Any

from kiosk.ui.screens.base import VmScreen
from kiosk.ui.screens.quiz_home import LeaderLine


class QuizLeadersScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        vm.quiz.bind(leader_rows=self._fill)
        self._fill(vm.quiz, vm.quiz.leader_rows)

    def _fill(self, _quiz: Any, rows: list[dict[str, Any]]) -> None:
        box = self.ids.rows
        box.clear_widgets()
        for row in rows:
            box.add_widget(LeaderLine(row=row))
