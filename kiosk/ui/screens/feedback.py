"""留言评价: faces drawn with Kivy graphics, tag and group chips, the thank-you."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.graphics import Color, Ellipse, Line
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from kiosk.ui.feedback_vm import FACES
from kiosk.ui.screens.base import VmScreen
from kiosk.ui.theme import theme

FACE_COLOURS = {5: (0.70, 0.07, 0.11, 1), 4: (0.86, 0.35, 0.20, 1), 3: (0.95, 0.70, 0.25, 1),
                2: (0.55, 0.50, 0.47, 1), 1: (0.38, 0.35, 0.33, 1)}


class Face(ButtonBehavior, Widget):
    """A round face whose mouth goes from a smile (5) to a frown (1)."""

    rating = NumericProperty(3)
    words = StringProperty("")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(pos=self._draw, size=self._draw, state=self._draw)

    def _draw(self, *_args: Any) -> None:
        self.canvas.clear()
        d = min(self.width, self.height)
        cx, cy = self.center_x, self.center_y
        r, g, b, a = FACE_COLOURS[int(self.rating)]
        shade = 0.8 if self.state == "down" else 1.0
        curve = (int(self.rating) - 3) / 2  # -1 frown … 1 smile
        with self.canvas:
            Color(r * shade, g * shade, b * shade, a)
            Ellipse(pos=(cx - d / 2, cy - d / 2), size=(d, d))
            Color(1, 1, 1, 1)
            for side in (-1, 1):
                Ellipse(pos=(cx + side * d * 0.18 - d * 0.06, cy + d * 0.08), size=(d * 0.12, d * 0.14))
            mouth_y = cy - d * 0.18
            points = []
            for i in range(21):
                t = i / 20 * 2 - 1
                points += [cx + t * d * 0.26, mouth_y - curve * d * 0.12 * (1 - t * t)]
            Line(points=points, width=max(2.0, d * 0.035), cap="round")


class Chip(ButtonBehavior, Label):
    """A tag or group choice; filled red when chosen."""

    chosen = BooleanProperty(False)


class FeedbackScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        fb = vm.feedback
        fb.bind(tags=self._fill_tags, groups=self._fill_groups)
        for rating, words in FACES:
            face = Face(rating=rating, words=words)
            face.bind(on_release=lambda _f, r=rating: vm.feedback.rate(r))
            self.ids[f"face_cell_{rating}"].add_widget(face, index=1)  # above the words
        self._fill_tags(fb, fb.tags)
        self._fill_groups(fb, fb.groups)
        self._event: Any = None

    def on_enter(self, *_args: Any) -> None:
        self._event = Clock.schedule_interval(lambda _dt: self.vm.feedback.tick(), 0.5)

    def on_pre_leave(self, *_args: Any) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None

    def _fill_tags(self, fb: Any, tags: list[dict[str, Any]]) -> None:
        box = self.ids.tags
        box.clear_widgets()
        for tag in tags:
            chip = Chip(text=tag["text"], chosen=tag["chosen"])
            chip.bind(on_release=lambda _c, t=tag["text"]: fb.toggle_tag(t))
            box.add_widget(chip)

    def _fill_groups(self, fb: Any, groups: list[dict[str, Any]]) -> None:
        box = self.ids.groups
        box.clear_widgets()
        for group in groups:
            chip = Chip(text=group["name"], chosen=group["chosen"])
            chip.bind(on_release=lambda _c, g=group["id"]: fb.choose_group(g))
            box.add_widget(chip)
        self.ids.group_row.height = theme.u * 210 if groups else 0
        self.ids.group_row.opacity = 1 if groups else 0
