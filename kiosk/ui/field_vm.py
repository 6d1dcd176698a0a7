"""The kiosk's place in the hall: its role (start screen, reachable areas), the opening hours
(the closed screen, the panel dimmed) and 长辈模式 (large type, high contrast) for one visit.

A part of the view model like ``vm.checkin``: the main view model calls it at the start and end
of a visit and on every tick; screens bind to its properties (``vm.field.elder`` …).
"""

from __future__ import annotations

import logging
from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, StringProperty

from kiosk.display_power import DisplayPower
from kiosk.ui.theme import theme
from kiosk.visitor.hours import OpeningHours, parse_opening_hours
from kiosk.visitor.roles import plan_for

log = logging.getLogger(__name__)
HOURS_CHECK_SECONDS = 15.0
"""How often the ticks look at the clock for opening/closing (a tick comes every 0.5 s)."""
REDIM_SECONDS = 60.0
"""A touch on the closed screen lights the panel for this long (staff reaching the PIN corner)."""


class FieldViewModel(EventDispatcher):
    closed_hours_text = StringProperty("")
    """"本馆开放时间 周二至周日 09:00–17:00，周一闭馆"."""
    closed_reopen_text = StringProperty("")
    hall_open = BooleanProperty(True)
    elder = BooleanProperty(False)
    """长辈模式 for this visit (the idle reset clears it); the theme follows it."""

    def __init__(self, owner: Any, power: DisplayPower, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.owner = owner
        config = owner.services.config
        self.role = plan_for(config.role)
        self.hours: OpeningHours = parse_opening_hours(config.opening_hours)
        self.power = power
        self._next_check = float("-inf")
        self._lit_until: float | None = None
        self.bind(elder=lambda _vm, on: theme.set_elder(on))

    # ----- roles ---------------------------------------------------------------------------
    def area_live(self, area_id: str) -> bool:
        return self.role.reachable(area_id)

    def open_start(self) -> None:
        """The role's start screen (a touch on the attract loop, 首页 where home is not for visitors)."""
        vm, start = self.owner, self.role.start_screen
        if start == "zones":
            vm.exhibition.open_zones()
        elif start == "quiz_home":
            vm.quiz.open_home()
        elif start == "checkin":
            vm.checkin.open_checkin()
        elif start == "area":
            vm.open_area("theatre")
        else:
            vm.screen = "home"

    # ----- elder mode ----------------------------------------------------------------------
    def toggle_elder(self) -> None:
        self.owner.touched()
        self.elder = not self.elder

    def visit_ended(self) -> None:
        self.elder = False

    # ----- opening hours -------------------------------------------------------------------
    def tick(self) -> None:
        clock = self.owner.services.clock
        now_mono = clock.monotonic()
        if self._lit_until is not None and now_mono >= self._lit_until and self.owner.screen == "closed":
            self._lit_until = None
            self.power.sleep()
        if now_mono < self._next_check or self.hours.always_open:
            return
        self._next_check = now_mono + HOURS_CHECK_SECONDS
        self.check_hours()

    def check_hours(self) -> None:
        """Close on the attract loop once the hall is closed (a visit under way ends by its idle
        reset first; staff at work are never thrown out); open again at opening time."""
        vm = self.owner
        status = self.hours.status(vm.services.clock.now())
        self.hall_open = status.open
        self.closed_hours_text = status.hours_text
        self.closed_reopen_text = status.reopen_text
        if not status.open and vm.screen == "attract":
            log.info("hall closed: closed screen, panel off")
            vm.screen = "closed"
            self._lit_until = None
            self.power.sleep()
        elif status.open and vm.screen == "closed":
            log.info("hall open: attract loop, panel on")
            self.power.wake()
            vm.screen = "attract"

    def closed_touched(self) -> None:
        """A touch on the closed screen: light the panel for a while (the PIN corner is there)."""
        self.power.wake()
        self._lit_until = self.owner.services.clock.monotonic() + REDIM_SECONDS

    def reachable_after_reset(self) -> str:
        """Where the idle reset goes: the attract loop, or the closed screen after hours."""
        if self.hours.always_open:
            return "attract"
        status = self.hours.status(self.owner.services.clock.now())
        return "attract" if status.open else "closed"

