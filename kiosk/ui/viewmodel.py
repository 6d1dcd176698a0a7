"""The kiosk's view model: the screen on show, the visit and its idle reset, and one view model
per area that the screens bind to.

Screens never touch a service, a Session or an ORM object; they read the area view models'
properties and call their methods. Navigation is a property too (``screen``), so a test can drive
and check the app without knowing which widget is where. This class is the areas' host
(``kiosk.ui.hosts.Host``): it hands them what they need when it makes them (attributes down) and
answers the few messages they send (messages up): show a screen, go home, save a fact, the staff
console, the end of the visit.

The areas: ``content`` (the hall, its areas and zones; loading and reloading), ``exhibition`` (a
zone's boards, the image viewer), ``narration`` (read aloud), ``staff`` (the PIN gate and the
console), ``checkin`` (arrivals), ``quiz`` (the quiz zone and the 知识竞赛), ``quiz_stats`` (staff's
题目统计), ``feedback`` (留言评价) and ``dashboard`` (staff's 数据统计).
"""

from __future__ import annotations

import logging
from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, DictProperty, NumericProperty, ObjectProperty, OptionProperty

from kiosk.services import KioskServices
from kiosk.speech.narrator import Player
from kiosk.store.models import BoardView, StaffEvent
from kiosk.tasks import Operations, Runner
from kiosk.ui import screen_registry
from kiosk.display_power import DisplayPower, NoDisplayPower
from kiosk.ui.checkin_vm import CheckinViewModel
from kiosk.ui.field_vm import FieldViewModel
from kiosk.ui.content_vm import ContentViewModel
from kiosk.ui.exhibition_vm import ExhibitionViewModel
from kiosk.ui.narration_vm import NarrationViewModel
from kiosk.ui.quiz_stats_vm import QuizStatsViewModel
from kiosk.ui.feedback_vm import FeedbackViewModel
from kiosk.ui.dashboard_vm import DashboardViewModel
from kiosk.ui.sync_vm import SyncViewModel
from kiosk.ui.quiz_vm import QuizViewModel
from kiosk.ui.screen_registry import Idle
from kiosk.ui.staff_vm import StaffViewModel
from kiosk.ui.theatre_vm import TheatreViewModel
from kiosk.visitor.idle import IdleMonitor, IdlePhase
from kiosk.visitor.visit_group import VisitGroup

log = logging.getLogger(__name__)


class KioskViewModel(EventDispatcher):
    """The screen on show, the visit, and the areas' view models."""

    screen = OptionProperty("attract", options=list(screen_registry.NAMES))
    """The screen on show; the app's ScreenManager follows it (names: kiosk.ui.screen_registry)."""
    area = DictProperty()
    """The area shown on the area screen (the theatre)."""
    idle_warning = BooleanProperty(False)
    idle_seconds_left = NumericProperty(0)
    exit_requested = BooleanProperty(False)
    services = ObjectProperty(None, allownone=True)

    def __init__(
        self, services: KioskServices, player: Player, db_runner: Runner, speech_runner: Runner,
        image_runner: Runner | None = None, report_runner: Runner | None = None,
        display: DisplayPower | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.report_runner = report_runner or db_runner
        """Long reads (statistics, exports) on a thread of their own (``ops.run(..., on=report_runner)``),
        so a check-in's write never queues behind them."""
        self.ops = Operations(db_runner, lambda: self.screen)
        """Background work of every area: results on the UI thread, dropped with their screen or visit."""
        self.visit_group = VisitGroup()
        """The group this visitor chose on a quiz result; 留言评价 takes it; the idle reset forgets it."""
        self.field = FieldViewModel(self, display or NoDisplayPower())
        """Role, opening hours and 长辈模式 (kiosk.ui.field_vm); made before the content (areas)."""
        self.narration = NarrationViewModel(services.speech, player, speech_runner)
        self.content = ContentViewModel(self)
        self.exhibition = ExhibitionViewModel(self, self.narration, image_runner or db_runner)
        self.staff = StaffViewModel(self, self.content)
        self.quiz = QuizViewModel(self, self.narration)
        """The quiz zone (智慧测试区): solo modes, results, leaderboards, the group contest."""
        self.checkin = CheckinViewModel(self, player, self.field.area_live)
        """Arrivals: check-in outcomes, walk-in, today's bookings (kiosk.ui.checkin_vm)."""
        self.quiz_stats = QuizStatsViewModel(self)
        self.sync = SyncViewModel(self)
        """Staff: item statistics of the quiz banks (kiosk.ui.quiz_stats_vm)."""
        self.feedback = FeedbackViewModel(self)
        """留言评价 at the exit (kiosk.ui.feedback_vm)."""
        self.dashboard = DashboardViewModel(self)
        """Staff: 数据统计 (kiosk.ui.dashboard_vm)."""
        self.theatre = TheatreViewModel(self, self.narration)
        """The theatre (多媒体演播区): signage, films, lectures, the oath (kiosk.ui.theatre_vm)."""
        config = services.config
        self.idle = IdleMonitor(services.clock, config.idle_timeout, config.idle_warning, self._holds_visit)
        self._shown = self.screen
        self.content.bind(zones=lambda *_: setattr(self.exhibition, "hall", self.content.hall))
        self.content.bind(zones=lambda *_: self._load_theatre())

    # ----- the screen on show and the idle reset ------------------------------------------------
    def _holds_visit(self) -> bool:
        """Narration plays, or the screen on show holds the idle clock (the contest board)."""
        return (self.narration.busy or screen_registry.idle_on(self.screen) is Idle.HOLD
                or self.theatre.holds_visit)  # the theatre's audience choice, on its signage

    def on_screen(self, _vm: Any, name: str) -> None:
        """Whatever opened a screen: the screen left drops its pending results (and a board left
        becomes a board view fact), and the idle timer runs as the registry says for the new one."""
        left, self._shown = self._shown, name
        self.ops.left(left)
        if left == "board":
            self.exhibition.leave_board()
        if screen_registry.idle_on(name) is Idle.NONE:
            self.idle.end_visit()
        elif self.idle.phase is IdlePhase.ATTRACT:
            self.idle.start_visit()

    # ----- content ------------------------------------------------------------------------------
    def load_content(self) -> None:
        """At start-up (before the window opens); raises NoGoodContentError with no good content."""
        self.content.load()
        self.exhibition.hall = self.content.hall
        self._load_theatre()

    def _load_theatre(self) -> None:
        """The theatre's programme from the content on show (the last good copy if need be)."""
        hall = self.content.hall
        if hall is not None:
            self.theatre.load(hall.root, hall.name, self.services.content.programme)

    def warm_caches(self, runner: Runner) -> None:
        self.content.warm_caches(runner, self.exhibition.remember)

    # ----- visit flow ---------------------------------------------------------------------------
    def start_visit(self) -> None:
        """A touch on the attract loop: the visit starts at the role's start screen (home for ``all``)."""
        self.idle.start_visit()
        self.field.open_start()

    def start_visit_timer(self) -> None:
        self.idle.start_visit()

    def touched(self) -> None:
        """Any touch anywhere: the visitor is still here (closes the idle warning)."""
        self.idle.touched()
        if self.idle_warning:
            self.idle_warning = False

    def go_home(self) -> None:
        if self.field.role.home_reachable:
            self.screen = "home"
        else:  # a quiz or exhibition kiosk: 首页 is its own start screen
            self.field.open_start()

    def show_screen(self, name: str) -> None:
        """An area's view model opens one of its screens."""
        self.screen = name

    def open_area(self, area_id: str) -> None:
        if not self.field.area_live(area_id):  # not on this kiosk: the area's description (the map)
            self.area = next(a for a in self.content.areas if a["id"] == area_id)
            self.screen = "area"
            return
        if area_id == "exhibition":
            self.exhibition.open_zones()
            return
        if area_id == "quiz":
            self.quiz.open_home()
            return
        if area_id == "theatre":
            self.theatre.open()
            return
        self.area = next(a for a in self.content.areas if a["id"] == area_id)
        self.screen = "area"

    def tick(self, *_args: Any) -> None:
        """Called about twice a second by the app: drives the idle warning and reset."""
        before = self.idle.phase
        phase = self.idle.tick()
        if phase is IdlePhase.WARNING:
            self.idle_warning = True
            self.idle_seconds_left = self.idle.seconds_left
        elif phase is IdlePhase.ATTRACT and before is not IdlePhase.ATTRACT:
            self.reset_visit()
        elif phase is IdlePhase.ACTIVE and self.idle_warning:
            self.idle_warning = False
        self.quiz.tick()
        self.field.tick()
        self.theatre.tick()
        self.checkin.tick()

    def reset_visit(self) -> None:
        """Back to the attract loop with nothing of the last visitor left on any screen."""
        self.ops.cancel_all()
        self.idle_warning = False
        self.idle.end_visit()
        self.exhibition.clear()
        self.area = {}
        self.quiz.reset()
        self.staff.clear()
        self.checkin.clear()
        self.quiz_stats.clear()
        self.feedback.clear()
        self.visit_group.forget()
        self.dashboard.clear()
        self.theatre.clear()
        self.field.visit_ended()
        self.screen = self.field.reachable_after_reset()

    # ----- facts --------------------------------------------------------------------------------
    def save_fact(self, fact: BoardView | StaffEvent) -> None:
        facts = self.services.facts
        self.ops.run(lambda: facts.add(fact), lambda _r: None, always=True)

    # ----- staff --------------------------------------------------------------------------------
    def open_pin_pad(self) -> None:
        self.staff.open_pin_pad()

    def open_staff(self) -> None:
        self.staff.open_console()

    def leave_staff(self) -> None:
        self.reset_visit()

    def request_exit(self) -> None:
        self.save_fact(StaffEvent(kind="exit", detail=""))
        self.exit_requested = True
