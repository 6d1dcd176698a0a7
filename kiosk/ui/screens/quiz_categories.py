"""练习: choose a category (or all questions) of the touchscreen's bank."""

from __future__ import annotations

from typing import Any

from kivy.properties import DictProperty, ObjectProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.screens.base import VmScreen


class CategoryCard(ButtonBehavior, BoxLayout):
    category = DictProperty()
    quiz = ObjectProperty(None, allownone=True)


class QuizCategoriesScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        vm.quiz.bind(categories=self._fill)
        self._fill(vm.quiz, vm.quiz.categories)

    def _fill(self, quiz: Any, categories: list[dict[str, Any]]) -> None:
        grid = self.ids.grid
        grid.clear_widgets()
        for category in categories:
            grid.add_widget(CategoryCard(category=category, quiz=quiz))
