"""Every screen of the kiosk, declared once: the root, the scanner, the idle timer and the snapshot read this table.

Adding a screen is one entry here (after writing ``kiosk/ui/screens/<name>.py`` and its ``.kv``)::

    ScreenSpec("feedback", _S + "feedback:FeedbackScreen", Area.EXHIBITION,
               accepts_scans=True, idle=Idle.RESET, build=Build.AFTER_FIRST_FRAME),
    _staff("staff_dashboard", _S + "staff_dashboard:StaffDashboardScreen"),   # behind the PIN

- ``accepts_scans``: a pass waved at the scanner on this screen opens its check-in outcome. False
  where someone is at work who must not be thrown out (the PIN pad, staff screens, the contest).
  Only on a kiosk whose role reaches the arrivals area (``all``, ``checkin``): elsewhere a scan on
  such a screen shows a short hint pointing to the entrance instead (``scan_checks_in``).
- ``idle``: what the idle reset does while the screen is on show: ``RESET`` warns "还在参观吗？" and
  then goes back to the attract loop; ``HOLD`` never resets while it is on show (teams thinking in a
  contest, a film playing); ``NONE`` is the attract loop itself (nothing to reset).
- ``staff_only``: reached only behind the staff PIN.
- ``build``: ``EAGER`` before the first frame, ``AFTER_FIRST_FRAME`` one per frame while the attract
  loop runs (only the screens of areas the kiosk's role reaches: ``built_ahead``), ``ON_FIRST_USE``
  when first shown (staff screens: a visitor never opens them, and each screen costs memory all
  day). The start screen is always built before the first frame.

A view model opens it with ``host.show_screen("feedback")`` (kiosk/ui/hosts.py). The widget is
named by its module path, so a screen's module is imported only when it is built: it must import
the widget classes its kv rules use (``kiosk.ui.widgets`` is always loaded).
This module imports no Kivy: the view model's ``screen`` property, the arrivals view model and the
tests read it freely.
"""

from __future__ import annotations

import enum
import importlib
from dataclasses import dataclass
from typing import Any


class Area(enum.StrEnum):
    """Where in the hall a screen belongs (the design brief's three areas, arrivals and staff)."""

    START = "start"
    EXHIBITION = "exhibition"
    THEATRE = "theatre"
    QUIZ = "quiz"
    ARRIVALS = "arrivals"
    STAFF = "staff"


class Idle(enum.StrEnum):
    """What the idle reset does while a screen is on show."""

    RESET = "reset"
    """Warn after the idle timeout, then back to the attract loop with nothing of the visit left."""
    HOLD = "hold"
    """The idle clock stands still while the screen is on show."""
    NONE = "none"
    """The attract loop: there is no visit to reset."""


class Build(enum.StrEnum):
    EAGER = "eager"
    AFTER_FIRST_FRAME = "after_first_frame"
    ON_FIRST_USE = "on_first_use"


@dataclass(frozen=True)
class ScreenSpec:
    name: str
    widget: str
    """``module:ClassName`` of the screen widget (imported when the screen is first built)."""
    area: Area
    accepts_scans: bool = True
    idle: Idle = Idle.RESET
    staff_only: bool = False
    build: Build = Build.AFTER_FIRST_FRAME

    def widget_class(self) -> Any:
        module, _, cls = self.widget.partition(":")
        return getattr(importlib.import_module(module), cls)


_S = "kiosk.ui.screens."


def _staff(name: str, widget: str, *, area: Area = Area.STAFF, idle: Idle = Idle.RESET) -> ScreenSpec:
    """A screen behind the PIN: no scans, built when staff first open it."""
    return ScreenSpec(name, widget, area, accepts_scans=False, idle=idle, staff_only=True, build=Build.ON_FIRST_USE)


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec("attract", _S + "attract:AttractScreen", Area.START, idle=Idle.NONE, build=Build.EAGER),
    ScreenSpec("home", _S + "home:HomeScreen", Area.START),
    # Outside opening hours (issue 12): no attract loop, no idle reset; a group that scans its pass
    # before opening still gets its answer.
    ScreenSpec("closed", _S + "closed:ClosedScreen", Area.START, idle=Idle.NONE, build=Build.ON_FIRST_USE),
    ScreenSpec("area", _S + "area:AreaScreen", Area.START),
    ScreenSpec("zones", _S + "zones:ZonesScreen", Area.EXHIBITION),
    ScreenSpec("board", _S + "board:BoardScreen", Area.EXHIBITION),
    ScreenSpec("checkin", _S + "checkin:CheckinScreen", Area.ARRIVALS),
    ScreenSpec("checkin_result", _S + "checkin_result:CheckinResultScreen", Area.ARRIVALS),
    ScreenSpec("walkin", _S + "walkin:WalkinScreen", Area.ARRIVALS),
    ScreenSpec("quiz_home", _S + "quiz_home:QuizHomeScreen", Area.QUIZ),
    ScreenSpec("quiz_categories", _S + "quiz_categories:QuizCategoriesScreen", Area.QUIZ),
    ScreenSpec("quiz_question", _S + "quiz_question:QuizQuestionScreen", Area.QUIZ),
    ScreenSpec("quiz_result", _S + "quiz_result:QuizResultScreen", Area.QUIZ),
    ScreenSpec("quiz_leaders", _S + "quiz_leaders:QuizLeadersScreen", Area.QUIZ),
    # 留言评价 at the exit (issue 8): from home and after a quiz result; a scan still opens its check-in.
    ScreenSpec("feedback", _S + "feedback:FeedbackScreen", Area.START),
    # The PIN pad is the gate, not behind it: a half-typed PIN is never lost to a scan, and a PIN
    # pad left alone times out like any other screen.
    ScreenSpec("pin", _S + "pin:PinScreen", Area.STAFF, accepts_scans=False, build=Build.ON_FIRST_USE),
    _staff("staff", _S + "staff:StaffScreen"),
    _staff("staff_bookings", _S + "staff_bookings:StaffBookingsScreen"),
    _staff("staff_quiz_stats", _S + "staff_quiz_stats:StaffQuizStatsScreen"),
    _staff("staff_sync", _S + "staff_sync:StaffSyncScreen"),  # issue 9: 数据同步
    _staff("staff_dashboard", _S + "staff_dashboard:StaffDashboardScreen"),  # 数据统计 (issue 8)
    # The 知识竞赛 runs on the big screen with a host: no scan interrupts it, and teams may think as
    # long as they need (it ends when the host closes it; leaving it for any other screen lets the
    # idle reset run there, and the reset finishes and stores the contest).
    _staff("contest_setup", _S + "contest_setup:ContestSetupScreen", area=Area.QUIZ, idle=Idle.HOLD),
    _staff("contest_board", _S + "contest_board:ContestBoardScreen", area=Area.QUIZ, idle=Idle.HOLD),
    # The theatre (issue 11). The signage is a theatre PC's start screen. While an item runs the
    # idle clock stands still and no scan interrupts it (a pass waved behind the host); the three
    # are built when first used: a visitor kiosk may never run a film.
    ScreenSpec("theatre_signage", _S + "theatre_signage:TheatreSignageScreen", Area.THEATRE),
    ScreenSpec("theatre_film", _S + "theatre_film:TheatreFilmScreen", Area.THEATRE, accepts_scans=False,
               idle=Idle.HOLD, build=Build.ON_FIRST_USE),
    ScreenSpec("theatre_lecture", _S + "theatre_lecture:TheatreLectureScreen", Area.THEATRE, accepts_scans=False,
               idle=Idle.HOLD, build=Build.ON_FIRST_USE),
    ScreenSpec("theatre_ceremony", _S + "theatre_ceremony:TheatreCeremonyScreen", Area.THEATRE,
               accepts_scans=False, idle=Idle.HOLD, build=Build.ON_FIRST_USE),
)

_BY_NAME = {spec.name: spec for spec in SCREENS}
if len(_BY_NAME) != len(SCREENS):  # pragma: no cover - a duplicate entry is a programming error
    raise RuntimeError("kiosk.ui.screen_registry: a screen name is declared twice")

NAMES: tuple[str, ...] = tuple(spec.name for spec in SCREENS)
"""Every screen name, in declaration order (the view model's ``screen`` options)."""


def spec(name: str) -> ScreenSpec:
    """The declaration of screen ``name`` (KeyError for a name nobody declared)."""
    return _BY_NAME[name]


def accepts_scans(name: str) -> bool:
    return _BY_NAME[name].accepts_scans


def scan_checks_in(name: str, reachable: Any) -> bool:
    """Whether a pass scanned on screen ``name`` opens its check-in on this kiosk: the screen takes
    scans and the kiosk's role reaches the arrivals area (``reachable(area)``: the role's plan).
    A quiz or exhibition touchscreen is no door: a group counted there would be counted at the
    wrong place, and a visitor's quiz would be thrown away for it."""
    return accepts_scans(name) and bool(reachable(Area.ARRIVALS.value))


def idle_on(name: str) -> Idle:
    return _BY_NAME[name].idle


def built(policy: Build) -> tuple[str, ...]:
    """The names built with ``policy``, in declaration order."""
    return tuple(s.name for s in SCREENS if s.build is policy)


def built_ahead(reachable: Any) -> tuple[str, ...]:
    """The ``AFTER_FIRST_FRAME`` screens of the areas this kiosk's role reaches (``reachable(area)``):
    an exhibition touchscreen builds no quiz, check-in or theatre screen ahead (each costs memory
    all day); staff opening one behind the PIN get it built then, as a staff screen is."""
    return tuple(s.name for s in SCREENS if s.build is Build.AFTER_FIRST_FRAME and reachable(s.area.value))
