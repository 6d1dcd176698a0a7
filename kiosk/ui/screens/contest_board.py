"""知识竞赛 on the big screen: team scores always in sight, the question, the host's controls.

The middle of the board changes with the contest's state: the question and its answers, the
风险 stake buttons, or a large announcement between rounds. Parts are swapped in and out of the
tree rather than hidden.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import ObjectProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.screens.base import VmScreen
from kiosk.ui.theme import theme
from kiosk.ui.widgets import BigButton
from kiosk.ui.screens.quiz_parts import (
    MatchingBoard,
    NumberPad,
    QuizTimer,
    TeamCard,
    fill_options,
    show_answer_widget,
)


class ContestQuestion(BoxLayout):
    contest = ObjectProperty(None, allownone=True)


class ContestStakes(BoxLayout):
    contest = ObjectProperty(None, allownone=True)


class ContestAnnounce(BoxLayout):
    contest = ObjectProperty(None, allownone=True)


class ContestReveal(BoxLayout):
    contest = ObjectProperty(None, allownone=True)


class ContestBoardScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        contest = vm.quiz.contest
        self.question = ContestQuestion(contest=contest)
        self.stakes = ContestStakes(contest=contest)
        self.announce = ContestAnnounce(contest=contest)
        self.reveal = ContestReveal(contest=contest)
        self.timer = QuizTimer(source=contest)
        self.grid = self.question.ids.options.__self__  # a strong reference: it leaves the tree for the pad
        self.pad = NumberPad(source=contest, wide=True)
        self.board = MatchingBoard(source=contest)
        contest.bind(teams=self._teams, options=self._options, state=self._swap, stakes=self._stakes,
                     timed=self._swap, answer_kind=self._kind)
        self._teams(contest, contest.teams)
        self._options(contest, contest.options)
        self._kind(contest, contest.answer_kind)
        self._swap()

    def _teams(self, contest: Any, teams: list[dict[str, Any]]) -> None:
        strip = self.ids.teams
        cards = list(reversed(strip.children))
        if [c.name for c in cards] != [t["name"] for t in teams]:
            strip.clear_widgets()
            cards = [TeamCard(contest=contest) for _ in teams]
            for card in cards:
                strip.add_widget(card)
        for card, team in zip(cards, teams):
            card.show(team)

    def _options(self, contest: Any, rows: list[dict[str, Any]]) -> None:
        fill_options(self.grid, contest, rows)

    def _kind(self, _contest: Any, kind: str) -> None:
        show_answer_widget(self.question.ids.answer_box.__self__, kind, self.grid, self.pad, self.board)

    def _stakes(self, contest: Any, stakes: list[int]) -> None:
        row = self.stakes.ids.row
        row.clear_widgets()
        for stake in stakes:
            button = BigButton(text=f"{stake} 分", font_size=theme.u * 72, height=theme.u * 200)
            button.bind(on_release=lambda _b, s=stake: contest.pick(s))
            row.add_widget(button)

    def _swap(self, *_args: Any) -> None:
        contest = self.vm.quiz.contest
        state = contest.state
        wanted = (self.question if state in ("open", "answering", "revealed")
                  else self.stakes if state == "picking" else self.announce)
        middle = self.ids.middle.__self__  # ids hold weak proxies: compare the widget itself
        if wanted.parent is not middle:
            middle.clear_widgets()
            middle.add_widget(wanted)
        self._place(self.ids.reveal_box.__self__, self.reveal, state == "revealed")
        self._place(self.ids.timer_box.__self__, self.timer, contest.timed and state in ("open", "answering"))

    @staticmethod
    def _place(box: Any, widget: Any, show: bool) -> None:
        if show and widget.parent is None:
            box.add_widget(widget)
        elif not show and widget.parent is box:
            box.remove_widget(widget)
