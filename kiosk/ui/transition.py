"""A screen change that is over in the call: the old screen is gone before the next frame is drawn.

Kivy's ``NoTransition`` is an animation of length 0: it adds the new screen at once but takes the
old one away only when the animation next steps, a clock tick later, so the first frame of every
new screen also drew the one being left. With software GL that is one more full-screen layer in
exactly the frame a tap waits for (bench/bench_kiosk_ui.py: a zone card's first frame spent 68 ms
in the buffer swap, the frames after it 38 ms), and the screens without a background of their own
(``PaperScreen``) showed the old screen through them for that frame.
"""

from __future__ import annotations

from typing import Any

from kivy.uix.screenmanager import NoTransition


class InstantTransition(NoTransition):
    """``NoTransition`` finished inside ``start``: the same events (pre_enter/pre_leave, then
    enter/leave), the old screen removed before the caller returns."""

    def start(self, manager: Any) -> None:
        super().start(manager)
        animation: Any = getattr(self, "_anim", None)
        if animation is None:
            return
        animation.cancel(self)  # cancel: no on_complete from the animation (it would come twice)
        # Kivy's _on_complete, with the two screens held here: an on_enter that changes screen
        # again reuses this transition, and the on_leave must still go to the screen left now.
        screen_in, screen_out = self.screen_in, self.screen_out
        self._anim = None
        self.is_active = False
        self.dispatch("on_complete")  # NoTransition's: both screens placed, the old one removed
        screen_in.dispatch("on_enter")
        screen_out.dispatch("on_leave")
