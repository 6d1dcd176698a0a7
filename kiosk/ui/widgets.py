"""Small widgets every screen uses: big touch buttons, cards, the top bar, the hidden staff corner."""

from __future__ import annotations

import functools
from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.core.text import Label as CoreLabel
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from kiosk.text.linebreak import Measure, break_lines, clip_lines


class BigButton(ButtonBehavior, Label):
    """A large rounded button with a label; darkens while pressed."""

    bg = ListProperty([0.7, 0.07, 0.1, 1])
    fg = ListProperty([1, 1, 1, 1])


@functools.lru_cache(maxsize=64)
def _measurer(font_name: str, font_size: float, bold: bool) -> Measure:
    core = CoreLabel(font_name=font_name, font_size=font_size, bold=bold)
    return lambda piece: float(core.get_extents(piece)[0])


@functools.lru_cache(maxsize=64)
def _line_pixels(font_name: str, font_size: float, bold: bool) -> float:
    """One line's height in this font (before the label's ``line_height`` factor)."""
    core = CoreLabel(font_name=font_name, font_size=font_size, bold=bold)
    return float(core.get_extents("国")[1])


class ChineseLabel(Label):
    """A plain-text Label whose lines break the Chinese way: set ``content``, not ``text``.

    Lines are broken here (kiosk.text.linebreak: no line opens with "。" or "，") at the label's
    real width, and only once it has one: a first layout pass at Kivy's default 100 px would
    otherwise render a tall throw-away texture.
    """

    content = StringProperty("")
    min_width = NumericProperty(120)
    """Below this width nothing is drawn (layouts pass through tiny widths before they settle)."""
    fit_height = BooleanProperty(False)
    """Keep only the lines that fit the label's height, the last ending in "……" (a card's text)."""

    def __init__(self, **kwargs: Any) -> None:
        self._rebreak = Clock.create_trigger(self._break, -1)
        super().__init__(**kwargs)
        self.fbind("content", self._rebreak)
        self.fbind("width", self._rebreak)
        self.fbind("font_size", self._rebreak)
        self.fbind("bold", self._rebreak)
        self.fbind("padding", self._rebreak)
        self.fbind("height", self._rebreak)
        self.fbind("fit_height", self._rebreak)
        self._rebreak()

    def _break(self, *_args: Any) -> None:
        width = self.width - self.padding[0] - self.padding[2]
        if width < self.min_width:
            self.text = ""
            return
        measure = _measurer(self.font_name, float(self.font_size), bool(self.bold))
        text = break_lines(self.content, width - 2, measure)
        if self.fit_height:
            line = _line_pixels(self.font_name, float(self.font_size), bool(self.bold)) * self.line_height
            room = self.height - self.padding[1] - self.padding[3]
            text = "\n".join(clip_lines(text.split("\n"), int(room // line) if line > 0 else 0, width - 2, measure))
        self.text = text


class Card(ButtonBehavior, BoxLayout):
    """A touchable card (zone, area)."""


class TopBar(BoxLayout):
    """The red bar on top of reading screens: a back button, a title, a note on the right."""

    title = StringProperty("")
    note = StringProperty("")
    back_text = StringProperty("返回")
    back_action = ObjectProperty(None, allownone=True)
    elder_shown = BooleanProperty(False)
    """The 长辈模式 button is shown: on visitor screens, not behind the PIN (the screen registry says)."""
    elder_on = BooleanProperty(False)
    field = ObjectProperty(None, allownone=True)
    """The view model's ``field`` part (role, hours, 长辈模式), found through the bar's screen."""

    def on_parent(self, _bar: Any, parent: Any) -> None:
        if parent is not None and self.field is None:
            Clock.schedule_once(self._find_screen, 0)  # the screen above may not be attached yet

    def _find_screen(self, _dt: float) -> None:
        from kivy.uix.screenmanager import Screen

        from kiosk.ui import screen_registry

        widget = self.parent
        while widget is not None and not isinstance(widget, Screen):
            widget = widget.parent
        vm = getattr(widget, "vm", None)
        if widget is None or vm is None or self.field is not None:
            return
        self.elder_shown = not screen_registry.spec(widget.name).staff_only
        self.field = vm.field
        vm.field.bind(elder=self.setter("elder_on"))
        self.elder_on = vm.field.elder


class StaffCorner(Widget):
    """An invisible corner; a press held ``hold_seconds`` fires ``on_long_press``.

    It never swallows a touch, so a visitor tapping there notices nothing.
    """

    hold_seconds = NumericProperty(3.0)
    armed = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        self.register_event_type("on_long_press")
        super().__init__(**kwargs)
        self._event: Any = None

    def on_touch_down(self, touch: Any) -> bool:
        if self.collide_point(*touch.pos):
            self._cancel()
            touch.ud["staff_corner"] = True
            self._event = Clock.schedule_once(self._fire, self.hold_seconds)
        return False

    def on_touch_up(self, touch: Any) -> bool:
        if touch.ud.get("staff_corner"):
            self._cancel()
        return False

    def _cancel(self) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None

    def _fire(self, _dt: float) -> None:
        self._event = None
        self.dispatch("on_long_press")

    def on_long_press(self) -> None:
        """Default handler (bound in kv)."""
