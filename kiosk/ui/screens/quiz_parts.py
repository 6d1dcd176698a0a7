"""Pieces every quiz screen shares: answer buttons, the countdown bar, team cards, colours.

They read from a ``source`` (the quiz or the contest view model: both offer ``selected``, ``marks``
and ``choose``), so the solo screens and the contest board draw a question the same way.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.graphics import Color, Ellipse, Line
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.utils import get_color_from_hex as hex_

from kiosk.ui.quiz_text import option_size
from kiosk.ui.theme import theme
from kiosk.ui.widgets import BigButton

GREEN = hex_("#2E7D32")
RIGHT_BG = hex_("#E3F2E4")
WRONG_BG = hex_("#FBE0E0")
CHOSEN_BG = hex_("#FFF0C2")
PANEL = hex_("#F4EADA")
__all__ = ["CHOSEN_BG", "GREEN", "MatchingBoard", "NumberPad", "OptionButton", "PANEL", "QuizTimer", "RIGHT_BG",
           "TeamCard", "WRONG_BG", "fill_options", "option_size", "show_answer_widget"]
MUTED_LINE = (0.85, 0.8, 0.72, 1)


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


# ----- 数值: the number pad ---------------------------------------------------------------------

PAD_ROWS = (("7", "8", "9"), ("4", "5", "6"), ("1", "2", "3"), ("-", "0", "."))
WIDE_PAD_ROWS = (("1", "2", "3", "4", "5", "6", "7"), ("8", "9", "0", "-", ".", "del", "clear"))
KEY_LABELS = {"-": "−", ".": "．", "del": "删除", "clear": "清空"}


class PadKey(BigButton):
    """A key of the number pad; ``word`` keys (删除, 清空) keep their two characters on one line."""

    word = BooleanProperty(False)
    wide = BooleanProperty(False)
    """In the contest's flat pad, whose keys are narrow."""


class NumberDisplay(BoxLayout):
    """The number typed so far, big, in a framed box (a grey prompt while it is empty)."""

    source = ObjectProperty(None, allownone=True)


class NumberPad(BoxLayout):
    """Digits, minus, decimal point, 删除 and 清空 in keys at least 100 units tall; each key calls
    ``source.press(key)``. ``wide``: two flat rows (the contest board), else a phone-style block."""

    source = ObjectProperty(None, allownone=True)
    wide = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.keys: dict[str, BigButton] = {}
        self.display = NumberDisplay(source=self.source)
        self.bind(source=lambda _w, s: setattr(self.display, "source", s))
        self.add_widget(self.display)
        rows = WIDE_PAD_ROWS if self.wide else PAD_ROWS
        grid = GridLayout(cols=len(rows[0]), spacing=theme.u * 12, size_hint_x=None,
                          width=theme.u * (len(rows[0]) * (110 if self.wide else 140) + (len(rows[0]) - 1) * 12))
        for row in rows:
            for key in row:
                grid.add_widget(self._key(key, theme.u * 108))
        self.add_widget(grid)
        if not self.wide:
            side = BoxLayout(orientation="vertical", spacing=theme.u * 12, size_hint_x=None, width=theme.u * 190)
            for key in ("del", "clear"):
                side.add_widget(self._key(key, None))
            self.add_widget(side)

    def _key(self, key: str, height: float | None) -> BigButton:
        word = key in ("del", "clear")
        button = PadKey(text=KEY_LABELS.get(key, key), word=word, wide=self.wide,
                        bg=(0.55, 0.07, 0.08, 1) if word else (0.93, 0.86, 0.74, 1),
                        fg=(1, 1, 1, 1) if word else (0.15, 0.1, 0.08, 1))
        if height is None:
            button.size_hint_y = 1
        else:
            button.height = height
        button.bind(on_release=lambda _b: self.source.press(key) if self.source else None)
        self.keys[key] = button
        return button


# ----- 连线: two columns and coloured links --------------------------------------------------------

class PairItem(ButtonBehavior, BoxLayout):
    """One item of a matching column; its border and disc take the colour of its link."""

    source = ObjectProperty(None, allownone=True)
    key = StringProperty("")
    text = StringProperty("")
    side = StringProperty("left")
    colour = ListProperty([])
    """The link's colour ([] while unlinked)."""
    armed = BooleanProperty(False)
    mark = StringProperty("")

    def on_release(self) -> None:
        if self.source is not None:
            (self.source.pick_left if self.side == "left" else self.source.pick_right)(self.key)


class MatchingBoard(BoxLayout):
    """Left items, a gap where the links are drawn, right items; redrawn whenever the links or
    the layout change. Tapping is the view model's (``pick_left`` / ``pick_right``)."""

    source = ObjectProperty(None, allownone=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.left_column = BoxLayout(orientation="vertical", spacing=theme.u * 12)
        self.gap = BoxLayout(size_hint_x=None, width=theme.u * 200)
        self.right_column = BoxLayout(orientation="vertical", spacing=theme.u * 12)
        for column in (self.left_column, self.gap, self.right_column):
            self.add_widget(column)
        self.items: dict[tuple[str, str], PairItem] = {}
        self._redraw_event = Clock.create_trigger(self._redraw, 0)
        self.bind(pos=self._redraw_event, size=self._redraw_event)
        self.bind(source=self._watch)
        self._watch(self, self.source)

    def _watch(self, _widget: Any, source: Any) -> None:
        if source is None:
            return
        source.bind(left_items=self._fill, right_items=self._fill, links=self._refresh, armed=self._refresh)
        self._fill()

    def _fill(self, *_args: Any) -> None:
        source = self.source
        self.items = {}
        for column, side, rows in ((self.left_column, "left", source.left_items),
                                  (self.right_column, "right", source.right_items)):
            column.clear_widgets()
            for row in rows:
                item = PairItem(source=source, key=row["key"], text=row["text"], side=side)
                self.items[(side, row["key"])] = item
                column.add_widget(item)
            column.add_widget(BoxLayout())  # items stay at the top, at their own height
        self.height = theme.u * (112 * max(len(source.left_items), len(source.right_items), 1))
        self._refresh()

    def _refresh(self, *_args: Any) -> None:
        source = self.source
        linked: dict[tuple[str, str], dict[str, Any]] = {}
        for link in source.links:
            linked[("left", link["left"])] = link
            linked.setdefault(("right", link["right"]), link)
        for (side, key), item in self.items.items():
            link = linked.get((side, key))
            item.colour = list(hex_(link["colour"])) if link else []
            item.mark = link["mark"] if link and side == "left" else ""
            item.armed = side == "left" and key == source.armed
        self._redraw_event()

    def _redraw(self, *_args: Any) -> None:
        self.canvas.after.clear()
        if self.source is None:
            return
        with self.canvas.after:
            for link in self.source.links:
                left = self.items.get(("left", link["left"]))
                right = self.items.get(("right", link["right"]))
                if left is None or right is None:
                    continue
                mark = link["mark"]
                Color(*(GREEN if mark == "right" else hex_("#C62828") if mark == "wrong" else hex_(link["colour"])))
                start, end = (left.right, left.center_y), (right.x, right.center_y)
                Line(points=[*start, *end], width=theme.u * 5, cap="round")
                radius = theme.u * 12
                for x, y in (start, end):
                    Ellipse(pos=(x - radius, y - radius), size=(radius * 2, radius * 2))


def show_answer_widget(box: Any, kind: str, grid: Any, pad: Any, board: Any) -> None:
    """Put the right answering widget for ``kind`` into ``box`` (choice grid, number pad, matching)."""
    wanted = {"number": pad, "matching": board}.get(kind, grid)
    if wanted.parent is not box:
        box.clear_widgets()
        box.add_widget(wanted)
