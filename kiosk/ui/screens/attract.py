"""The attract loop: zone covers cross-fade slowly under the hall's name; any touch starts a visit."""

from __future__ import annotations

from typing import Any

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.properties import NumericProperty

from kiosk.ui.screens.base import VmScreen


class AttractScreen(VmScreen):
    slide = NumericProperty(0)
    """Index into ``vm.covers`` of the cover on show."""

    _timer: Any = None

    def on_enter(self, *_args: Any) -> None:
        self._timer = Clock.schedule_interval(self.next_slide, max(2.0, self.vm.slide_seconds))
        self._pulse = Animation(opacity=0.35, duration=1.2) + Animation(opacity=1, duration=1.2)
        self._pulse.repeat = True
        self._pulse.start(self.ids.prompt)

    def on_pre_leave(self, *_args: Any) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        Animation.cancel_all(self.ids.prompt)
        self.ids.prompt.opacity = 1

    def next_slide(self, *_args: Any) -> None:
        """Cross-fade to the next cover: the back image takes the new cover, then fades in."""
        covers = self.vm.covers
        if not covers:
            return
        self.slide = (self.slide + 1) % len(covers)
        front, back = self.ids.front, self.ids.back
        back.source = covers[self.slide]
        back.opacity = 0
        Animation.cancel_all(back)
        anim = Animation(opacity=1, duration=1.0)
        anim.bind(on_complete=lambda *_: self._swap())
        anim.start(back)
        Animation(opacity=0, duration=1.0).start(front)

    def _swap(self) -> None:
        self.ids.front.source = self.ids.back.source
        self.ids.front.opacity = 1
        self.ids.back.opacity = 0

    def on_touch_down(self, touch: Any) -> bool:
        self.vm.start_visit()
        return True
