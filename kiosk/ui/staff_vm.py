"""The staff gate (the PIN pad behind the hidden corner) and the staff console.

The PIN check (scrypt, then the attempt written as a fact with an fsync'd commit: about 60 ms)
runs on the database worker; the pad shows "正在核对…" meanwhile and ignores keys.
"""

from __future__ import annotations

import logging

from typing import Any, Protocol

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kiosk import __version__
from kiosk.staff.pin import PinOutcome
from kiosk.ui.content_vm import ContentViewModel
from kiosk.ui.hosts import Host

PIN_MAX = 12


log = logging.getLogger(__name__)


class StaffHost(Host, Protocol):
    def start_visit_timer(self) -> None:
        """The PIN pad left alone times out like any other screen."""

    def reset_visit(self) -> None: ...

    def request_exit(self) -> None: ...


class StaffViewModel(EventDispatcher):
    pin_entry = StringProperty("")
    pin_message = StringProperty("")
    checking = BooleanProperty(False)
    """A PIN is being checked (keys do nothing meanwhile)."""
    staff_info = ListProperty()
    """Lines of (label, value) for the staff screen."""
    staff_message = StringProperty("")

    def __init__(self, host: StaffHost, content: ContentViewModel, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._host = host
        self._content = content

    # ----- the gate ---------------------------------------------------------------------------
    def open_pin_pad(self) -> None:
        self._host.start_visit_timer()
        self.pin_entry = ""
        self.checking = False
        self.pin_message = "请输入管理员密码"
        self._host.show_screen("pin")
        pins = self._host.services.pins

        def locked(until: Any) -> None:
            if until:
                self.pin_message = "密码错误次数过多，请 5 分钟后再试"

        self._host.ops.run(pins.locked_until, locked, screen="pin")

    def pin_key(self, key: str) -> None:
        """A key of the PIN pad: a digit, 'clear' or 'ok'."""
        if self.checking:
            return
        if key == "clear":
            self.pin_entry = ""
        elif key == "ok":
            self.submit_pin()
        elif key.isdigit() and len(self.pin_entry) < PIN_MAX:
            self.pin_entry += key

    def submit_pin(self) -> None:
        entry, pins = self.pin_entry, self._host.services.pins
        self.pin_entry = ""
        self.checking = True
        self.pin_message = "正在核对…"

        def checked(result: Any) -> None:
            self.checking = False
            if result.outcome is PinOutcome.OK:
                self.pin_message = ""
                self._host.open_staff()
            else:
                self.pin_message = result.message

        def failed(_error: BaseException) -> None:
            self.checking = False
            self.pin_message = "暂时无法核对密码，请稍后再试"

        self._host.ops.run(lambda: pins.check(entry), checked, failed, screen="pin")

    def cancel_pin(self) -> None:
        self.pin_entry = ""
        self._host.reset_visit()

    # ----- the console ------------------------------------------------------------------------
    def open_console(self) -> None:
        self.refresh_info()
        if not self.staff_message and self._content.problem:
            self.staff_message = self._content.problem
        self._host.show_screen("staff")
        self._refresh_health()

    def _refresh_health(self) -> None:
        """The same checks as ``kiosk health`` (issue 12), on a worker (quick_check reads the database)."""
        from kiosk.health import collect_health

        services = self._host.services
        marks = {"ok": "", "warn": "（注意）", "fail": "（需处理）"}
        wanted = ("content", "database", "disk", "sync_waiting", "last_sync", "uptime", "last_crash")

        def shown(report: Any) -> None:
            rows = [(f"{c.label}{marks[c.level.value]}", c.value) for c in report.checks if c.key in wanted]
            self.staff_info = list(self.staff_info) + rows
            if report.needs_person and not self.staff_message:
                self.staff_message = "需要处理：" + "；".join(
                    f"{c.label}：{c.value}" for c in report.checks if c.level.value == "fail")

        runner = getattr(self._host, "report_runner", None)
        self._host.ops.run(lambda: collect_health(services.config, services.clock), shown,
                           lambda exc: log.warning("health check failed: %s", exc), screen="staff", on=runner)

    def refresh_info(self) -> None:
        config = self._host.services.config
        hall = self._content.hall
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
        self.staff_message = "正在重新载入内容…"

        def done(message: str) -> None:
            self.refresh_info()
            self.staff_message = message

        self._content.reload(done)

    def request_exit(self) -> None:
        self._host.request_exit()

    def clear(self) -> None:
        self.pin_entry = ""
        self.pin_message = ""
        self.checking = False
        self.staff_message = ""
