"""Pieces every quiz screen shares: answer buttons, the countdown bar, team cards, colours.

They read from a ``source`` (the quiz or the contest view model: both offer ``selected``, ``marks``
and ``choose``), so the solo screens and the contest board draw a question the same way.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.utils import get_color_from_hex as hex_

from kiosk.ui.quiz_text import option_size

GREEN = hex_("#2E7D32")
RIGHT_BG = hex_("#E3F2E4")
WRONG_BG = hex_("#FBE0E0")
CHOSEN_BG = hex_("#FFF0C2")
PANEL = hex_("#F4EADA")
__all__ = ["CHOSEN_BG", "GREEN", "OptionButton", "PANEL", "QuizTimer", "RIGHT_BG", "TeamCard", "WRONG_BG",
           "fill_options", "option_size"]


class OptionButton(ButtonBehavior, BoxLayout):
    """One answer: a letter disc and the option text; chosen ones turn gold, the reveal colours them."""

    source = ObjectProperty(None, allownone=True)
    key = StringProperty("")
    letter = StringProperty("")
    text = StringProperty("")
    selected = BooleanProperty(False)
    mark = StringProperty("")
    """'' while answering; 'right' / 'wrong' after the reveal."""


class QuizTimer(BoxLayout):
    """The per-question countdown: whole seconds and a shrinking bar (red for the last 10 s)."""

    source = ObjectProperty(None, allownone=True)


class TeamCard(BoxLayout):
    """A contest team: name and score always in sight, the host's −/+ and the team's 抢答 button."""

    contest = ObjectProperty(None, allownone=True)
    name = StringProperty("")
    score = NumericProperty(0)
    active = BooleanProperty(False)
    """Its turn, or it buzzed first."""
    locked = BooleanProperty(False)
    """Answered this 抢答 question wrong: may not buzz again."""
    buzzing = BooleanProperty(False)
    """The 抢答 button is up (set by the kv rule from the contest's state)."""

    def show(self, team: dict[str, Any]) -> None:
        self.name = team["name"]
        self.score = team["score"]
        self.active = team["active"]
        self.locked = team["locked"]


def fill_options(grid: Any, source: Any, rows: list[dict[str, Any]]) -> None:
    """Show a new question's answers in a grid of OptionButtons.

    The buttons are reused when the count stays the same (the usual 4 or the 2 of 判断): a letter
    disc keeps its texture and only the option texts are drawn again, which keeps 下一题 quick.
    """
    buttons = list(reversed(grid.children))
    if len(buttons) != len(rows):
        grid.clear_widgets()
        buttons = [OptionButton(source=source) for _ in rows]
        for button in buttons:
            grid.add_widget(button)
    for button, row in zip(buttons, rows):
        button.source = source
        button.key = row["key"]
        button.letter = row["letter"]
        button.text = row["text"]
