"""Staff (behind the PIN): 题目统计, one row per question of the bank, flagged questions first."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, DictProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from kiosk.ui.screens.base import VmScreen


class StatsChip(ButtonBehavior, Label):
    """A bank or mode choice, as wide as its words; the one on show is filled red. (Not a
    BigButton: its rule ties the text width to the button width, which would never settle here.)"""

    active = BooleanProperty(False)


class QuestionStatsRow(BoxLayout):
    """One question: number, stem, attempts, 答对率, 区分度, answer distribution, flags in red."""

    row = DictProperty()


class StaffQuizStatsScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        stats = vm.quiz_stats
        stats.bind(rows=self._fill_rows, modes=self._fill_modes, banks=self._fill_banks, bank=self._fill_banks)
        self._fill_rows(stats, stats.rows)
        self._fill_modes(stats, stats.modes)
        self._fill_banks(stats)

    def _fill_rows(self, _svm: Any, rows: list[dict[str, Any]]) -> None:
        table = self.ids.rows
        table.clear_widgets()
        for row in rows:
            table.add_widget(QuestionStatsRow(row=row))
        self.ids.scroll.scroll_y = 1

    def _fill_modes(self, svm: Any, modes: list[dict[str, Any]]) -> None:
        box = self.ids.modes
        box.clear_widgets()
        for mode in modes:
            chip = StatsChip(text=mode["title"], active=mode["active"])
            chip.bind(on_release=lambda _b, key=mode["key"]: svm.choose_mode(key))
            box.add_widget(chip)

    def _fill_banks(self, svm: Any, *_args: Any) -> None:
        box = self.ids.banks
        box.clear_widgets()
        if len(svm.banks) < 2:  # one bank: nothing to choose
            return
        for name in svm.banks:
            chip = StatsChip(text=name, active=name == svm.bank)
            chip.bind(on_release=lambda _b, n=name: svm.choose_bank(n))
            box.add_widget(chip)
