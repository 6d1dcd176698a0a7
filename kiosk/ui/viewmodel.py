"""The view model: display-ready values the screens bind to, and the methods the screens call.

Screens never touch a service, a Session or an ORM object; they read these properties and call
these methods. Navigation is a property too (``screen``), so a test can drive and check the app
without knowing which widget is where.
"""

from __future__ import annotations

import logging
from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import (
    BooleanProperty,
    DictProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    OptionProperty,
    StringProperty,
)

from kiosk import __version__
from kiosk.exhibits.library import NoGoodContentError
from kiosk.exhibits.model import Hall, Zone
from kiosk.services import KioskServices
from kiosk.speech.narrator import NarrationState, Narrator, Player
from kiosk.staff.pin import PinOutcome
from kiosk.store.models import BoardView, StaffEvent
from kiosk.tasks import Runner
from kiosk.ui import screen_registry
from kiosk.ui.checkin_vm import CheckinViewModel
from kiosk.ui.screen_registry import Idle
from kiosk.ui.quiz_stats_vm import QuizStatsViewModel
from kiosk.ui.markup import blocks_to_markup, cjk_wrappable
from kiosk.ui.quiz_vm import QuizViewModel
from kiosk.ui.theatre_vm import TheatreViewModel
from kiosk.visitor.idle import IdleMonitor, IdlePhase
from kiosk.visitor.views import BoardViewTracker

log = logging.getLogger(__name__)
THUMB = (640, 360)
BOARD_IMAGE = (900, 760)


class KioskViewModel(EventDispatcher):
    """Everything the screens show, and everything a touch can ask for."""

    screen = OptionProperty("attract", options=list(screen_registry.NAMES))
    """The screen on show; the app's ScreenManager follows it (names: kiosk.ui.screen_registry)."""

    hall_name = StringProperty("")
    hall_subtitle = StringProperty("")
    welcome = StringProperty("")
    slide_seconds = NumericProperty(6)
    covers = ListProperty()
    """Pre-scaled zone cover paths for the attract loop."""

    areas = ListProperty()
    """The three areas: dicts with id, title, subtitle, description, live (bool)."""
    area = DictProperty()
    """The area shown on the area screen (theatre, quiz)."""

    zones = ListProperty()
    """Zone cards: dicts with id, number, title, subtitle, cover, boards."""
    zone_id = StringProperty("")
    zone_title = StringProperty("")
    boards = ListProperty()
    """Boards of the open zone: dicts with id, title, markup, images [{path, full, caption}]."""
    board_index = NumericProperty(0)
    board_position = StringProperty("")

    narration = OptionProperty("idle", options=[s.value for s in NarrationState])
    narration_board = StringProperty("")
    narration_message = StringProperty("")

    idle_warning = BooleanProperty(False)
    idle_seconds_left = NumericProperty(0)

    viewer_image = StringProperty("")
    """A board image opened full screen ('' when closed)."""
    viewer_caption = StringProperty("")

    pin_entry = StringProperty("")
    pin_message = StringProperty("")
    staff_info = ListProperty()
    """Lines of (label, value) for the staff screen."""
    staff_message = StringProperty("")
    exit_requested = BooleanProperty(False)
    caches_warm = BooleanProperty(False)
    """Every board image is pre-scaled on disk (set once the warm-up after start has finished)."""

    services = ObjectProperty(None, allownone=True)

    def __init__(
        self, services: KioskServices, player: Player, db_runner: Runner, speech_runner: Runner, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.db_runner = db_runner
        self.speech_runner = speech_runner
        self.narrator = Narrator(services.speech, player, speech_runner, self._narration_changed)
        self.quiz = QuizViewModel(self)
        """The quiz zone (智慧测试区): solo modes, results, leaderboards, the group contest."""
        config = services.config
        self.idle = IdleMonitor(services.clock, config.idle_timeout, config.idle_warning, self._holds_visit)
        self.views = BoardViewTracker(services.clock, self._save_fact)
        self.hall: Hall | None = None
        self._zone: Zone | None = None
        self.checkin = CheckinViewModel(self, player)
        """Arrivals: check-in outcomes, walk-in, today's bookings (kiosk.ui.checkin_vm)."""
        self.quiz_stats = QuizStatsViewModel(self)
        """Staff: item statistics of the quiz banks (kiosk.ui.quiz_stats_vm)."""
        self.theatre = TheatreViewModel(self)
        """The theatre (多媒体演播区): signage, films, lectures, the oath (kiosk.ui.theatre_vm)."""

    # ----- the idle reset follows the screen on show ---------------------------------------
    def _holds_visit(self) -> bool:
        """Narration plays, or the screen on show holds the idle clock (the contest board)."""
        return (self.narrator.busy or screen_registry.idle_on(self.screen) is Idle.HOLD
                or self.theatre.holds_visit)  # the theatre's audience choice, on its signage

    def on_screen(self, _vm: Any, name: str) -> None:
        """Whatever opened a screen, the idle timer runs as the registry says for it: a visit
        starts on the first screen after the attract loop, and ends on the attract loop."""
        if screen_registry.idle_on(name) is Idle.NONE:
            self.idle.end_visit()
        elif self.idle.phase is IdlePhase.ATTRACT:
            self.idle.start_visit()

    # ----- content -------------------------------------------------------------------------
    def load_content(self) -> None:
        """Load the content folder (or keep the last good copy) and fill the display values.

        Raises:
            NoGoodContentError: first start with broken content and no good copy.
        """
        result = self.services.content.load()
        self._show_hall(result.hall)
        if not result.used_new:
            problems = "；".join(str(p) for p in result.report.problems[:3])
            self.staff_message = f"新内容未通过检查，仍使用上一版：{problems}"

    def _show_hall(self, hall: Hall) -> None:
        images = self.services.images
        self.hall = hall
        self.hall_name = hall.name
        self.hall_subtitle = hall.subtitle
        self.welcome = hall.welcome
        self.slide_seconds = hall.slide_seconds
        self.covers = [str(images.fit(z.cover, 1920, 1080)) for z in hall.zones]
        self.areas = [
            {"id": a.id, "title": a.title, "subtitle": a.subtitle, "description": cjk_wrappable(a.description),
             "live": a.id in ("exhibition", "quiz", "theatre"),
             "action": {"exhibition": "进入展区", "quiz": "开始答题", "theatre": "今日节目"}.get(a.id, "了解本区")}
            for a in hall.areas
        ]
        self.zones = [
            {"id": z.id, "number": i + 1, "title": z.title, "subtitle": z.subtitle,
             "cover": str(images.fit(z.cover, *THUMB)), "boards": len(z.boards)}
            for i, z in enumerate(hall.zones)
        ]
        self.theatre.load(hall.root, hall.name)

    def prepare_zone_boards(self, zone: Zone) -> list[dict[str, Any]]:
        """Display values of a zone's boards, images pre-scaled (cached on disk after the first time)."""
        images = self.services.images
        return [
            {
                "id": b.id,
                "title": cjk_wrappable(b.title),
                "markup": blocks_to_markup(b.blocks),
                "images": [
                    {"path": str(images.fit(img.path, *BOARD_IMAGE)), "full": str(images.fit(img.path, 1920, 1080)),
                     "caption": img.caption}
                    for img in b.images
                ],
            }
            for b in zone.boards
        ]

    def warm_caches(self, runner: Runner) -> None:
        """Pre-scale every board image off the UI thread, so a first tap is as fast as a repeat."""
        hall = self.hall
        if hall is None:
            return
        self.caches_warm = False

        def warmed(_result: Any) -> None:
            self.caches_warm = True

        runner.submit(lambda: [self.prepare_zone_boards(z) for z in hall.zones], warmed, warmed)

    # ----- visit flow -----------------------------------------------------------------------
    def start_visit(self) -> None:
        """A touch on the attract loop: the visit starts at the home screen."""
        self.idle.start_visit()
        self.screen = "home"

    def touched(self) -> None:
        """Any touch anywhere: the visitor is still here (closes the idle warning)."""
        self.idle.touched()
        if self.idle_warning:
            self.idle_warning = False

    def go_home(self) -> None:
        self._leave_board()
        self.screen = "home"

    def show_screen(self, name: str) -> None:
        """A part's view model (arrivals) opens one of its screens, from any screen: the board
        view closes, and a scan on the attract loop starts a visit (so the idle reset follows)."""
        self._leave_board()
        if self.screen == "attract":
            self.idle.start_visit()
        else:
            self.touched()
        self.screen = name

    def open_area(self, area_id: str) -> None:
        if area_id == "exhibition":
            self.screen = "zones"
            return
        if area_id == "quiz":
            self.quiz.open_home()
            return
        if area_id == "theatre":
            self.theatre.open()
            return
        self.area = next(a for a in self.areas if a["id"] == area_id)
        self.screen = "area"

    def open_zones(self) -> None:
        self._leave_board()
        self.screen = "zones"

    def open_zone(self, zone_id: str) -> None:
        assert self.hall is not None
        self._zone = self.hall.zone(zone_id)
        self.zone_id = zone_id
        self.zone_title = self._zone.title
        self.boards = self.prepare_zone_boards(self._zone)
        self.board_index = 0
        self.screen = "board"
        self.show_board(0)

    def show_board(self, index: int) -> None:
        """The board at ``index`` of the open zone is on screen (swipe or button)."""
        if not self.boards:
            return
        index = max(0, min(int(index), len(self.boards) - 1))
        board_id = self.boards[index]["id"]
        if self.views.current_board != board_id:
            self.narrator.stop()
        self.board_index = index
        self.board_position = f"{index + 1} / {len(self.boards)}"
        self.views.opened(self.zone_id, board_id)

    def next_board(self) -> None:
        self.show_board(self.board_index + 1)

    def previous_board(self) -> None:
        self.show_board(self.board_index - 1)

    def toggle_read_aloud(self) -> None:
        """Read the current board aloud, or stop if it is already being read."""
        if self.narrator.busy:
            self.narrator.stop()
            return
        if self._zone is None:
            return
        board = self._zone.boards[self.board_index]
        self.views.read_aloud()
        self.narrator.speak(board.id, board.speech_text)

    def open_image(self, path: str, caption: str) -> None:
        self.viewer_image = path
        self.viewer_caption = caption

    def close_image(self) -> None:
        self.viewer_image = ""

    def _leave_board(self) -> None:
        self.narrator.stop()
        self.views.closed()
        self.viewer_image = ""

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
        self.theatre.tick()

    def reset_visit(self) -> None:
        """Back to the attract loop with nothing of the last visitor left on any screen."""
        self._leave_board()
        self.idle_warning = False
        self.idle.end_visit()
        self._zone = None
        self.zone_id = ""
        self.zone_title = ""
        self.boards = []
        self.board_index = 0
        self.board_position = ""
        self.area = {}
        self.quiz.reset()
        self.pin_entry = ""
        self.pin_message = ""
        self.staff_message = ""
        self.checkin.clear()
        self.quiz_stats.clear()
        self.theatre.clear()
        self.screen = "attract"

    # ----- narration ------------------------------------------------------------------------
    def _narration_changed(self, state: NarrationState, key: str, message: str) -> None:
        self.narration = state.value
        self.narration_board = key
        self.narration_message = message

    # ----- facts ----------------------------------------------------------------------------
    def _save_fact(self, fact: BoardView | StaffEvent) -> None:
        facts = self.services.facts
        self.db_runner.submit(lambda: facts.add(fact), lambda _r: None,
                              lambda exc: log.error("could not save %s: %s", type(fact).__name__, exc))

    # ----- staff gate -----------------------------------------------------------------------
    def open_pin_pad(self) -> None:
        self._leave_board()
        self.idle.start_visit()  # a PIN pad left alone times out like any other screen
        self.pin_entry = ""
        pins = self.services.pins
        locked = pins.locked_until()
        self.pin_message = "密码错误次数过多，请 5 分钟后再试" if locked else "请输入管理员密码"
        self.screen = "pin"

    def pin_key(self, key: str) -> None:
        """A key of the PIN pad: a digit, 'clear' or 'ok'."""
        if key == "clear":
            self.pin_entry = ""
        elif key == "ok":
            self.submit_pin()
        elif key.isdigit() and len(self.pin_entry) < 12:
            self.pin_entry += key

    def submit_pin(self) -> None:
        result = self.services.pins.check(self.pin_entry)
        self.pin_entry = ""
        if result.outcome is PinOutcome.OK:
            self.pin_message = ""
            self.open_staff()
        else:
            self.pin_message = result.message

    def cancel_pin(self) -> None:
        self.pin_entry = ""
        self.reset_visit()

    def open_staff(self) -> None:
        self._refresh_staff_info()
        self.screen = "staff"

    def _refresh_staff_info(self) -> None:
        config = self.services.config
        hall = self.hall
        self.staff_info = [
            ("本馆", f"{hall.name}（{hall.id}）" if hall else "—"),
            ("本机编号", config.device),
            ("内容目录", str(config.content_path)),
            ("展区 / 展板", f"{len(hall.zones)} 个展区，{hall.board_count} 块展板" if hall else "—"),
            ("数据库", config.database_url),
            ("数据目录", str(config.data_path)),
            ("无人操作复位", f"{config.idle_timeout} 秒 + 提醒 {config.idle_warning} 秒"),
            ("软件版本", __version__),
        ]

    def reload_content(self) -> None:
        """Staff asked to reload the content folder; the result is told on the staff screen."""
        try:
            result = self.services.content.load()
        except NoGoodContentError as exc:
            self.staff_message = str(exc)
            return
        self._show_hall(result.hall)
        self._refresh_staff_info()
        if result.used_new:
            self.staff_message = f"内容已重新载入：{result.report.zones} 个展区，{result.report.boards} 块展板。"
        else:
            first = "\n".join(str(p) for p in result.report.problems[:6])
            self.staff_message = f"新内容有 {len(result.report.problems)} 个问题，仍使用上一版：\n{first}"
        # Question banks come with the content too: new or changed bank files are imported now.
        bank_problems = self.services.quiz.sync_content_banks(self.services.config.content_path)
        if bank_problems:
            self.staff_message += f"\n题库有 {len(bank_problems)} 个问题，该题库仍用原来的版本：\n" + "\n".join(
                bank_problems[:4])
        self._save_fact(StaffEvent(kind="content_reload", detail="ok" if result.used_new else "refused"))

    def request_exit(self) -> None:
        self._save_fact(StaffEvent(kind="exit", detail=""))
        self.exit_requested = True

    def leave_staff(self) -> None:
        self.reset_visit()
