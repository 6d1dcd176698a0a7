"""The root widget: the screens, and the overlays drawn above them (image viewer, idle warning).

Overlays live inside the root (not in ModalViews on the Window) so ``export_to_png`` of the root
shows exactly what a visitor sees.
"""

from __future__ import annotations

import gc
from typing import Any

from kivy.clock import Clock
from kivy.graphics.transformation import Matrix
from kivy.properties import ObjectProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import ScreenManager

from kiosk.ui import screen_registry, widgets  # noqa: F401 - widgets: the kv classes every screen uses
from kiosk.ui.screen_registry import Build
from kiosk.ui.transition import InstantTransition

QUIET_FRAMES = 2
"""After a finger goes down or up, the staged building skips this many frames: the frames that
answer a visitor carry no screen build (one costs 50-130 ms with software GL). Counted in frames,
not seconds, so a stream of touches delays the building by frames, never stops it."""


class KioskScreens(ScreenManager):
    """The screens, drawn without the stencil of Kivy's ScreenManager rule (see root.kv)."""


class Overlay(FloatLayout):
    """A layer above the screens; it is in the widget tree only while shown, and takes every touch."""

    vm = ObjectProperty(None)

    def on_touch_down(self, touch: Any) -> bool:
        super().on_touch_down(touch)
        return True

    def on_touch_move(self, touch: Any) -> bool:
        super().on_touch_move(touch)
        return True

    def on_touch_up(self, touch: Any) -> bool:
        super().on_touch_up(touch)
        return True


class ImageViewer(Overlay):
    """A board image full screen; pinch (or two fingers) to zoom, drag to pan, a button to close."""

    def reset_zoom(self) -> None:
        scatter = self.ids.scatter
        scatter.transform = Matrix()
        scatter.pos = self.pos


class IdleWarning(Overlay):
    """"还在参观吗？" with a countdown; any touch keeps the visit going."""

    def on_touch_down(self, touch: Any) -> bool:
        self.vm.touched()
        return True


class KioskRoot(FloatLayout):
    vm = ObjectProperty(None)

    def __init__(self, vm: Any, **kwargs: Any) -> None:
        super().__init__(vm=vm, **kwargs)
        manager = self.ids.manager
        # No fade (issue 13, exhibition screens): a fade draws both screens into two full-screen
        # buffers and both onto the window, three layers a frame with software GL; and not even
        # Kivy's NoTransition, which leaves the old screen drawn for one more frame.
        manager.transition = InstantTransition()
        # The start screen and the eager ones are built before the first frame; the others follow
        # one per frame while the attract loop runs (or at once when a visitor gets there first),
        # and staff screens when staff first open them (kiosk.ui.screen_registry says which is which).
        self._ensure_screen(vm.screen)
        for name in screen_registry.built(Build.EAGER):
            self._ensure_screen(name)
        manager.current = vm.screen
        self._schedule_build()
        self.viewer = ImageViewer(vm=vm)
        self.idle = IdleWarning(vm=vm)
        vm.bind(screen=self._show, idle_warning=self._toggle_idle)
        vm.exhibition.bind(viewer_image=self._toggle_viewer)

    def _ensure_screen(self, name: str) -> Any:
        manager = self.ids.manager
        if not manager.has_screen(name):
            manager.add_widget(screen_registry.spec(name).widget_class()(name=name, vm=self.vm))
        return manager.get_screen(name)

    def screens_ready(self) -> bool:
        """Every screen not left for its first use is built (the first frames after start build one each)."""
        return not self._missing()

    def _missing(self) -> list[str]:
        manager = self.ids.manager
        ahead = screen_registry.built_ahead(self.vm.field.area_live)  # the role's areas only
        return [name for name in ahead if not manager.has_screen(name)]

    _quiet_until = 0
    """``Clock.frames`` before which no staged screen is built (a visitor is being answered)."""

    def _hold_building(self) -> None:
        self._quiet_until = Clock.frames + QUIET_FRAMES + 1

    def _schedule_build(self) -> None:
        """The next staged step runs in the next frame, *after* that frame's touches are dispatched:
        Kivy ticks the clock (timeout-0 callbacks) before it dispatches input and runs timeout -1
        callbacks after (``Clock.tick_draw``). Built in the tick, a screen delayed the touch that
        had arrived with that frame by a whole build (the bench's X clicks: 210-220 ms instead of 76)."""
        Clock.schedule_once(lambda _dt: Clock.schedule_once(self._build_next_screen, -1), 0)

    def _build_next_screen(self, _dt: float) -> None:
        missing = self._missing()
        if missing and Clock.frames < self._quiet_until:
            self._schedule_build()
            return
        if missing:
            self._ensure_screen(missing[0])
            # A screen lives as long as the app: frozen at once, so no automatic full collection
            # during the rest of the building scans it (one scanned the half-built heap for
            # 170-300 ms, in the frame a visitor's tap was waiting on).
            gc.freeze()
            self._schedule_build()
            return
        # Everything built so far lives as long as the app: keep it out of every later collection,
        # so reclaiming a dropped board (see BoardScreen) scans only what was made since. Only the
        # young generations are collected first: a full collection here scanned 330,000 objects
        # (150-180 ms on the UI thread, none of them garbage) while the attract loop waits for a tap.
        gc.collect(1)
        gc.freeze()

    def _show(self, _vm: Any, name: str) -> None:
        self._ensure_screen(name)
        self.ids.manager.current = name

    def _overlay(self, overlay: Overlay, show: bool) -> None:
        if show and overlay.parent is None:
            self.add_widget(overlay, index=1)  # below the staff corner, above the screens
        elif not show and overlay.parent is self:
            self.remove_widget(overlay)

    def _toggle_viewer(self, _vm: Any, path: str) -> None:
        self._overlay(self.viewer, bool(path))
        if path:
            self.viewer.reset_zoom()

    def _toggle_idle(self, _vm: Any, shown: bool) -> None:
        self._overlay(self.idle, shown)

    def on_touch_up(self, touch: Any) -> bool:
        self._hold_building()
        return bool(super().on_touch_up(touch))

    def on_touch_down(self, touch: Any) -> bool:
        self._hold_building()
        if self.vm.screen != "attract" and not self.vm.idle_warning:
            self.vm.touched()
        return super().on_touch_down(touch)
