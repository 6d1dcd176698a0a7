"""The question screen of the solo modes: stem, big answer buttons, then the reveal in place.

A 数值 question is answered on a number pad and a 连线 question by tapping pairs (see
``quiz_parts.NumberPad`` and ``MatchingBoard``): the answer area holds whichever the question needs.

The reveal (right/wrong, the key, 解析, 出处) replaces the hint panel on the same screen, with the
options coloured: the visitor sees the question and its answer together, and 下一题 is one tap.
Panels are swapped in and out of the tree (not hidden), so hidden text takes no touches and never
shows up in a snapshot.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import ObjectProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui import quiz_text
from kiosk.ui.screens.base import VmScreen
from kiosk.ui.screens.quiz_parts import MatchingBoard, NumberPad, QuizTimer, fill_options, show_answer_widget


class QuizAskPanel(BoxLayout):
    """Right-hand panel while answering: the countdown (challenge), how to answer, the score."""

    quiz = ObjectProperty(None, allownone=True)


class QuizRevealPanel(BoxLayout):
    """Right-hand panel after confirm or timeout: right or wrong, the key, 解析 and 出处."""

    quiz = ObjectProperty(None, allownone=True)


class QuizQuestionScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        quiz = vm.quiz
        self.ask = QuizAskPanel(quiz=quiz)
        self.reveal = QuizRevealPanel(quiz=quiz)
        self.timer = QuizTimer(source=quiz)
        self.grid = self.ids.options.__self__  # a strong reference: it leaves the tree for the pad
        self.pad = NumberPad(source=quiz)
        self.board = MatchingBoard(source=quiz)
        quiz.bind(options=self._fill, phase=self._swap, timed=self._swap, answer_kind=self._kind)
        self._fill(quiz, quiz.options)
        self._kind(quiz, quiz.answer_kind)
        self._swap()

    def _kind(self, _quiz: Any, kind: str) -> None:
        show_answer_widget(self.ids.answer_box.__self__, kind, self.grid, self.pad, self.board)

    def _fill(self, quiz: Any, rows: list[dict[str, Any]]) -> None:
        grid = self.grid
        grid.cols = quiz_text.option_columns(rows)
        fill_options(grid, quiz, rows)

    def _swap(self, *_args: Any) -> None:
        panel = self.ids.panel.__self__  # ids hold weak proxies: compare the widget itself
        wanted = self.reveal if self.vm.quiz.phase == "revealed" else self.ask
        if wanted.parent is not panel:
            panel.clear_widgets()
            panel.add_widget(wanted)
        timer = self.ask.ids.timer_box
        timer.clear_widgets()
        if self.vm.quiz.timed:
            timer.add_widget(self.timer)

    def primary(self) -> None:
        """The big button: 确认答案 while answering, 下一题 / 查看成绩 after the reveal."""
        quiz = self.vm.quiz
        if quiz.phase == "showing":
            quiz.confirm()
        elif quiz.phase == "revealed":
            quiz.next_question()
