"""The attract loop: zone covers slide past under the hall's name; any touch starts a visit.

Drawing is the cost on a kiosk PC (every full-screen layer is one more fill of 2 million pixels per
frame), so the loop draws as little as it can: one cover, and while the next one comes in, the two
side by side, each pixel drawn once. (A cross-fade drew both covers whole, the new one blended: its
second ran at 0.69x the frame rate of one picture, bench/bench_kiosk_ui.py's attract phases.)
The next cover is decoded on a worker thread ahead of time, so a change never stalls a frame.
"""

from __future__ import annotations

from typing import Any

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.properties import NumericProperty, StringProperty

from kiosk.ui.boot import COVER_ASPECT, cover_fit
from kiosk.ui.picture import Picture
from kiosk.ui.picture_prefetch import Decoded, decode_picture, upload
from kiosk.ui.runner import ThreadRunner
from kiosk.ui.screens.base import VmScreen

SLIDE_SECONDS = 1.2
__all__ = ["COVER_ASPECT", "AttractScreen", "cover_fit", "decode_cover", "upload"]

decode_cover = decode_picture
"""Pixels of a cover, ready to upload (runs on the worker thread; Pillow releases the GIL)."""


class AttractScreen(VmScreen):
    slide = NumericProperty(0)
    """Index into ``vm.content.covers`` of the cover on show."""
    fit = StringProperty("cover")
    """How the covers fill the screen (``cover_fit`` of its size)."""
    shift = NumericProperty(0.0)
    """How far the next cover has come in, 0 to 1 of the screen's width (animated)."""

    _timer: Any = None
    _incoming: Picture | None = None
    """The next cover while it comes in (made once the kv rule ran; out of the tree at rest)."""
    _decoder: ThreadRunner | None = None
    _showing = False

    def vm_ready(self, vm: Any) -> None:
        self._ready: tuple[int, Decoded] | None = None
        self._incoming = Picture(fit_mode="cover", size_hint=(None, None))
        self.bind(fit=self._incoming.setter("fit_mode"))
        vm.content.bind(covers=self._restart)

    def on_size(self, *_args: Any) -> None:
        self.fit = cover_fit(self.width, self.height)
        self.on_shift()

    def on_shift(self, *_args: Any) -> None:
        """The cover on show moves left by as much as the next one has come in from the right."""
        incoming = self._incoming
        if incoming is None:
            return
        offset = round(self.shift * self.width)  # whole pixels: the two meet without a seam
        self.ids.front.x = -offset
        incoming.size = self.size
        incoming.x = self.width - offset

    def _restart(self, *_args: Any) -> None:
        self.slide = 0
        self._ready = None
        self._preload()

    def on_enter(self, *_args: Any) -> None:
        self._showing = True
        self._timer = Clock.schedule_interval(self.next_slide, max(2.0, self.vm.content.slide_seconds))
        self._pulse = Animation(opacity=0.35, duration=1.2) + Animation(opacity=1, duration=1.2)
        self._pulse.repeat = True
        self._pulse.start(self.ids.prompt)
        self._preload()

    def on_pre_leave(self, *_args: Any) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        Animation.cancel_all(self.ids.prompt)
        self.ids.prompt.opacity = 1
        self._end_slide()
        # The next cover's pixels (a full picture's) are not held through a visit: on_enter decodes
        # them again, on the worker, long before the next cover is due to come in.
        self._ready = None
        self._showing = False

    def _preload(self) -> None:
        """Decode the cover after the one on show, off the UI thread."""
        covers = self.vm.content.covers
        if len(covers) < 2:
            return
        index = (self.slide + 1) % len(covers)
        if self._ready is not None and self._ready[0] == index:
            return
        if self._decoder is None:
            self._decoder = ThreadRunner("attract-covers")
        path = covers[index]
        self._decoder.submit(lambda: decode_cover(path), lambda decoded: self._keep(index, decoded),
                             lambda _exc: None)

    def _keep(self, index: int, decoded: Decoded) -> None:
        if self._showing:  # a decode that ends after the visitor left is dropped (on_enter asks again)
            self._ready = (index, decoded)

    def next_slide(self, *_args: Any) -> None:
        """Bring the next cover in from the right (skipped while it is still being decoded)."""
        if self._ready is None or self._incoming.parent is not None:
            return
        index, decoded = self._ready
        self._ready = None
        self.slide = index
        incoming = self._incoming
        incoming.texture = upload(decoded)
        self.shift = 0.0
        self.on_shift()  # (shift may have been 0 already)
        self.add_widget(incoming, index=len(self.children) - 1)  # beside the cover on show, under the text
        anim = Animation(shift=1.0, duration=SLIDE_SECONDS, transition="in_out_cubic")
        anim.bind(on_complete=lambda *_: self._end_slide())
        anim.start(self)

    def _end_slide(self) -> None:
        """The next cover is in (or the visitor came): it becomes the only cover drawn, at rest;
        decode the one after."""
        Animation.cancel_all(self, "shift")
        incoming = self._incoming
        if incoming.parent is None:
            return
        self.ids.front.texture = incoming.texture  # the slide index has moved on already
        self.remove_widget(incoming)
        incoming.texture = None
        self.shift = 0.0
        self._preload()

    def on_touch_down(self, touch: Any) -> bool:
        self.vm.start_visit()
        return True
