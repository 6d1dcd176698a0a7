"""The arrivals part of the view model: what the check-in, walk-in and staff-bookings screens show.

It turns the visits service's answers (``CheckinResult``, ``WalkInResult``, ``BookingStatus``) into
display-ready strings and colours, and offers the methods those screens call. It decides nothing a
service decides: whether a pass is valid, how many may be confirmed, what counts as a walk-in are
the service's answers; this class only words and colours them, keeps the stepper within the bounds
the contract states, and plays each outcome's sound.

Scans arrive here from the window's keyboard-wedge reader and from the camera alike; the 3-second
double-read filter sits here so both sources share it (the same pass seen by the scanner and then
by the camera is still one read on this kiosk).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty

from kiosk.clock import HALL_TIMEZONE, hall_date
from kiosk.config import PROJECT_ROOT
from kiosk.passes.scanner import DoubleReadFilter
from kiosk.speech.narrator import Player
from kiosk.ui import screen_registry
from kiosk.visits.service import WALK_IN_MAX
from kiosk.ui.hosts import Host

log = logging.getLogger(__name__)

SOUNDS_DIR = PROJECT_ROOT / "assets" / "sounds"
HOLD_PASS_PICTURE = str(PROJECT_ROOT / "assets" / "images" / "checkin-hold-pass.png")
DOUBLE_READ_SECONDS = 3.0
SCAN_HINT = "本机不办理签到，请到入口签到处扫码签到。"
"""Shown over the screen for a pass scanned on a kiosk whose role has no arrivals (quiz, exhibition,
theatre): a visitor who holds up a pass expects an answer, and silence looks like a broken scanner."""
SCAN_HINT_SECONDS = 5.0
SEARCH_ROWS = 5
"""Organisations shown for a pinyin query (the walk-in screen has room for five big rows)."""

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# outcome -> (title, what to do, background colour, mark: "check" / "cross" are drawn, others are text)
OUTCOME_LOOK: dict[str, tuple[str, str, tuple[float, float, float, float], str]] = {
    "accepted": ("签到成功，欢迎参观！", "请带队人确认实际到场人数，然后点“确认人数”。",
                 (0.11, 0.55, 0.27, 1), "check"),
    "already_checked_in": ("本团队今天已经签到过了", "可以直接参观。若是别的团队误用了这张通行证，请联系工作人员。",
                           (0.13, 0.39, 0.66, 1), "check"),
    "not_valid_today": ("通行证今天不能使用", "请按预约的日期前来；需要改期请联系工作人员重新预约。",
                        (0.85, 0.47, 0.05, 1), "！"),
    "wrong_hall": ("这不是本馆的通行证", "请核对预约的是哪一个展馆；今天想在本馆参观，可以选择未预约登记。",
                   (0.45, 0.22, 0.62, 1), "！"),
    "revoked": ("这张通行证已作废", "请与预约人核实，或到服务台重新登记；也可以选择未预约登记。",
                (0.36, 0.32, 0.30, 1), "cross"),
    "forged": ("通行证未通过验证", "请不要反复扫码，请到服务台由工作人员核实。",
               (0.70, 0.07, 0.11, 1), "cross"),
    "unreadable": ("没有识别出通行证", "请把二维码完整地对准扫码口，保持不动再试一次；没有通行证可以选择未预约登记。",
                   (0.42, 0.37, 0.34, 1), "？"),
    "walkin": ("登记成功，欢迎参观！", "祝您参观愉快。", (0.11, 0.55, 0.27, 1), "check"),
}


def local_time(instant: datetime | None, now: datetime) -> str:
    """An aware UTC instant as the hall's wall clock: "今天 09:12", or "11月20日 16:05" on another day."""
    if instant is None:
        return "—"
    local = instant.astimezone(HALL_TIMEZONE)
    if hall_date(instant) == hall_date(now):
        return f"今天 {local:%H:%M}"
    return f"{local.month}月{local.day}日 {local:%H:%M}"


class CheckinViewModel(EventDispatcher):
    """Display values and actions of the arrivals screens; cleared by the idle reset."""

    # ----- the outcome of the last scan ---------------------------------------------------
    busy = BooleanProperty(False)
    """A scan is being verified (the check-in screen says so)."""
    scan_hint = StringProperty("")
    """The hint over any screen after a scan on a kiosk that does no check-in ("" when none)."""
    outcome = StringProperty("")
    """A ``CheckinOutcome`` value, "walkin" after a walk-in, "" when nothing is shown."""
    title = StringProperty("")
    message = StringProperty("")
    """The service's sentence (what happened)."""
    advice = StringProperty("")
    """What to do now."""
    details = ListProperty()
    """Lines (label, value) under the message: organisation, dates, first check-in time and kiosk."""
    colour = ListProperty([0.42, 0.37, 0.34, 1])
    mark = StringProperty("")
    organisation = StringProperty("")
    expected = NumericProperty(0)
    arrived = NumericProperty(0)
    arrived_max = NumericProperty(0)
    confirmed = BooleanProperty(False)
    confirm_message = StringProperty("")
    hold_pass_picture = StringProperty(HOLD_PASS_PICTURE)

    # ----- walk-in ------------------------------------------------------------------------
    walkin_kind = StringProperty("")
    """"member" (党员), "public" (群众) or "" while not chosen."""
    walkin_count = NumericProperty(1)
    walkin_query = StringProperty("")
    walkin_results = ListProperty()
    """Organisations matching the query: dicts with id, name, kind."""
    walkin_org_id = StringProperty("")
    walkin_org_name = StringProperty("")
    walkin_message = StringProperty("")

    # ----- staff: today's bookings ----------------------------------------------------------
    bookings = ListProperty()
    """Rows for the staff screen: dicts with slot, organisation, purpose, contact, expected,
    arrived, status (display text), state ("arrived" | "not_yet" | "cancelled")."""
    bookings_summary = StringProperty("")

    def __init__(self, host: Host, player: Player, reachable: Callable[[str], bool] = lambda _area: True,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._host = host
        self._player = player
        self._reachable = reachable
        """The kiosk's role: whether a visitor may reach an area here (arrivals = check-in)."""
        self._hint_until: float | None = None
        self._checkin_id: Any = None
        clock = host.services.clock
        self.double_reads = DoubleReadFilter(window=DOUBLE_READ_SECONDS, clock=clock.monotonic)

    @property
    def _visits(self) -> Any:
        return self._host.services.visits

    def _submit(self, work: Callable[[], Any], done: Callable[[Any], None],
                failed: Callable[[BaseException], None] | None = None, **where: Any) -> None:
        """Service work through the host's operations (dropped with its screen or the visit)."""
        self._host.ops.run(work, done, failed, **where)

    # ----- scans --------------------------------------------------------------------------
    def scan_arrived(self, text: str) -> bool:
        """A complete code from the scanner or the camera. False when it was ignored: on a screen
        that takes no scans (the registry's ``accepts_scans``), or the same code again within 3
        seconds (a double read), or on a kiosk that does no check-in (a short hint instead)."""
        if not screen_registry.accepts_scans(self._host.screen):
            return False  # staff at work, or a contest on the big screen: see kiosk.ui.screen_registry
        if not self.double_reads.accept(text, device=self._host.services.config.device):
            return False
        self._host.touched()  # a scan is a visitor at the kiosk
        if not screen_registry.scan_checks_in(self._host.screen, self._reachable):
            # not a door: the screen stays, nothing is recorded, the visitor learns where to go
            self.scan_hint = SCAN_HINT
            self._hint_until = self._host.services.clock.monotonic() + SCAN_HINT_SECONDS
            return False
        self.busy = True
        visits = self._visits
        self._submit(lambda: visits.scan(text), self.show_result, self._scan_failed)
        return True

    def _scan_failed(self, _error: BaseException) -> None:
        self.busy = False
        self._show("unreadable", "扫码暂时无法处理，请稍后再试或联系工作人员。")

    def show_result(self, result: Any) -> None:
        """Show a ``CheckinResult`` on the outcome screen, with its sound."""
        self.busy = False
        outcome = str(getattr(result.outcome, "value", result.outcome))
        self._checkin_id = result.checkin_id
        self.organisation = result.organisation or ""
        self.expected = result.headcount or 0
        self.arrived = result.arrived or result.headcount or 0
        self.arrived_max = 2 * (result.headcount or 0)  # VisitsService.confirm_headcount accepts 1 … 2 × the booking
        details: list[tuple[str, str]] = []
        if result.organisation:
            details.append(("单位", result.organisation))
        if outcome == "already_checked_in":
            details.append(("首次签到", local_time(result.checked_in_at, self._host.services.clock.now())))
            details.append(("签到设备", result.checked_in_device or "—"))
        if outcome == "not_valid_today" and result.valid_from:
            to = result.valid_to or result.valid_from
            span = f"{result.valid_from:%Y年%m月%d日}" + ("" if to == result.valid_from else f" 至 {to:%Y年%m月%d日}")
            details.append(("有效日期", span))
            details.append(("今天", f"{hall_date(self._host.services.clock.now()):%Y年%m月%d日}"))
        if outcome in ("already_checked_in", "accepted") and result.headcount:
            details.append(("预约人数", f"{result.headcount} 人"))
        self._show(outcome, result.message, details)

    def _show(self, outcome: str, message: str, details: list[tuple[str, str]] | None = None) -> None:
        title, advice, colour, mark = OUTCOME_LOOK.get(outcome, OUTCOME_LOOK["unreadable"])
        self.outcome = outcome
        self.title, self.advice, self.colour, self.mark = title, advice, list(colour), mark
        self.message = message
        self.details = details or []
        self.confirmed = False
        self.confirm_message = ""
        self._host.show_screen("checkin_result")
        self.play(outcome)

    def play(self, outcome: str) -> None:
        """The outcome's short sound; the player plays it on SDL's audio thread (nothing blocks)."""
        path = SOUNDS_DIR / f"checkin-{outcome}.wav"
        if path.exists():
            self._player.play(Path(path), lambda: None)

    # ----- headcount confirm ---------------------------------------------------------------
    def change_arrived(self, step: int) -> None:
        """The +/- stepper: 1 up to twice the booked headcount (the service's own bounds)."""
        if self.confirmed or not self.expected:
            return
        self.arrived = max(1, min(int(self.arrived) + step, int(self.arrived_max)))

    def confirm_headcount(self) -> None:
        """The group leader confirms how many arrived: the service writes a correction fact."""
        if self._checkin_id is None or self.confirmed:
            return
        checkin_id, arrived, visits = self._checkin_id, int(self.arrived), self._visits
        self.busy = True

        def done(result: Any) -> None:
            self.busy = False
            self.confirmed = True
            self.arrived = result.arrived or arrived
            self.confirm_message = f"已确认实到 {int(self.arrived)} 人，谢谢！"
            self.play("walkin")

        def failed(error: BaseException) -> None:
            self.busy = False
            self.confirm_message = str(error) if isinstance(error, ValueError) else "暂时无法保存人数，请联系工作人员。"

        self._submit(lambda: visits.confirm_headcount(checkin_id, arrived), done, failed, screen="checkin_result")

    # ----- walk-in --------------------------------------------------------------------------
    def open_walkin(self) -> None:
        self._clear_walkin()
        self._host.show_screen("walkin")
        self._search()

    def choose_kind(self, kind: str) -> None:
        if kind in ("member", "public"):
            self.walkin_kind = kind
            self.walkin_message = ""

    def change_count(self, step: int) -> None:
        self.walkin_count = max(1, min(int(self.walkin_count) + step, WALK_IN_MAX))

    def type_letter(self, letter: str) -> None:
        """A key of the on-screen letter pad: A-Z, "back" or "clear"."""
        if letter == "back":
            self.walkin_query = self.walkin_query[:-1]
        elif letter == "clear":
            self.walkin_query = ""
        elif letter in LETTERS and len(self.walkin_query) < 12:
            self.walkin_query += letter
        self._search()

    def _search(self) -> None:
        query, visits = self.walkin_query, self._visits

        def done(found: list[Any]) -> None:
            self.walkin_results = [{"id": str(o.id), "name": o.name, "kind": o.kind} for o in found]

        # latest: a slower answer for an older query is never shown over a newer one's
        self._submit(lambda: visits.search_organisations(query, limit=SEARCH_ROWS), done,
                     screen="walkin", latest="organisation-search")

    def choose_organisation(self, org_id: str, name: str) -> None:
        """A tap on a search result; a tap on the chosen one again un-chooses it."""
        if self.walkin_org_id == org_id:
            self.walkin_org_id, self.walkin_org_name = "", ""
        else:
            self.walkin_org_id, self.walkin_org_name = org_id, name

    def submit_walkin(self) -> None:
        if not self.walkin_kind:
            self.walkin_message = "请先选择“党员”或“群众”。"
            return
        import uuid

        kind, count, visits = self.walkin_kind, int(self.walkin_count), self._visits
        org = uuid.UUID(self.walkin_org_id) if self.walkin_org_id else None
        self.busy = True

        def done(result: Any) -> None:
            self.busy = False
            details = [("登记", f"{'党员' if kind == 'member' else '群众'} {result.count} 人")]
            if result.organisation:
                details.insert(0, ("单位", result.organisation))
            self._clear_walkin()
            self._checkin_id = None
            self.organisation = result.organisation or ""
            self.expected = 0
            self._show("walkin", result.message, details)

        def failed(error: BaseException) -> None:
            self.busy = False
            self.walkin_message = str(error) if isinstance(error, ValueError) else "暂时无法登记，请联系工作人员。"

        self._submit(lambda: visits.walk_in(kind=kind, count=count, organisation_id=org), done, failed,
                     screen="walkin")

    def _clear_walkin(self) -> None:
        self.walkin_kind = ""
        self.walkin_count = 1
        self.walkin_query = ""
        self.walkin_results = []
        self.walkin_org_id = ""
        self.walkin_org_name = ""
        self.walkin_message = ""

    # ----- staff: today's bookings ------------------------------------------------------------
    def open_bookings(self) -> None:
        self.bookings = []
        self.bookings_summary = "正在读取今日预约…"
        self._host.show_screen("staff_bookings")
        self.refresh_bookings()

    def refresh_bookings(self) -> None:
        visits = self._visits

        def done(rows: list[Any]) -> None:
            status_text = {"arrived": "已到", "not_yet": "未到", "cancelled": "已取消"}
            self.bookings = [
                {"slot": r.slot, "organisation": r.organisation, "purpose": r.purpose, "contact": r.contact_masked,
                 "expected": r.expected, "arrived": r.arrived, "state": r.status,
                 "status": status_text.get(r.status, r.status)}
                for r in rows
            ]
            live = [r for r in rows if r.status != "cancelled"]
            waiting = sum(1 for r in live if r.status == "not_yet")
            self.bookings_summary = (
                f"今日共 {len(live)} 个团队预约 {sum(r.expected for r in live)} 人；"
                f"已到 {sum(r.arrived for r in live)} 人，{waiting} 个团队未到。"
                if live else "今天没有预约。"
            )

        def failed(_error: BaseException) -> None:
            self.bookings_summary = "暂时无法读取今日预约，请稍后再试。"

        self._submit(visits.today_bookings, done, failed, screen="staff_bookings")

    # ----- navigation and reset ------------------------------------------------------------------
    def open_checkin(self) -> None:
        """The check-in screen (from home, or "再扫一张" after an outcome: the last group is cleared)."""
        self.clear()
        self._host.show_screen("checkin")

    def finish(self) -> None:
        """"继续参观" on an outcome screen: nothing of this group stays on screen."""
        self.clear()
        self._host.go_home()

    def tick(self) -> None:
        """The scan hint goes after a few seconds."""
        if self._hint_until is not None and self._host.services.clock.monotonic() >= self._hint_until:
            self._hint_until = None
            self.scan_hint = ""

    def clear(self) -> None:
        """Forget everything shown (idle reset, or the group is done)."""
        self.busy = False
        self.scan_hint = ""
        self._hint_until = None
        self.outcome = ""
        self.title = self.message = self.advice = self.mark = ""
        self.details = []
        self.organisation = ""
        self.expected = self.arrived = self.arrived_max = 0
        self.confirmed = False
        self.confirm_message = ""
        self._checkin_id = None
        self._clear_walkin()
        self.bookings = []
        self.bookings_summary = ""
