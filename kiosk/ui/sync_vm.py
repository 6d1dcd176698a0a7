"""The staff screen 数据同步 (``vm.sync``): last sync, facts waiting, last error, 立即同步, USB.

Every read and write runs off the UI thread through the view model's ``ops``: status on the
database runner (two small queries), a sync round on a runner of its own (a slow or unreachable
hub never holds up a check-in), USB export/import on the database runner. The wording comes from ``kiosk.sync.console``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kiosk.sync.console import (bundle_file_name, enrolment_files, find_usb_sticks, hub_bundles, request_file_name,
                                status_lines)

log = logging.getLogger(__name__)

SCREEN = "staff_sync"


class SyncViewModel(EventDispatcher):
    lines = ListProperty()
    """(label, value) rows for the screen."""
    message = StringProperty("")
    busy = BooleanProperty(False)
    usb = StringProperty("")
    """The mounted USB stick's path, "" when none is mounted."""
    can_enrol = BooleanProperty(False)
    """Not enrolled yet: the console offers enrolment by USB stick."""
    enrol_file = StringProperty("")
    """This device's enrolment file on the stick, "" when there is none (then: write the request)."""
    confirm_key = StringProperty("")
    """The hall key id staff are asked to compare with the hub's before the import (no keyring yet)."""

    def __init__(self, host: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._host = host
        self._runner: Any = None
        self.find_sticks = find_usb_sticks
        """Where USB sticks are looked for (a test points it at a folder)."""

    @property
    def _sync(self) -> Any:
        return self._host.services.sync

    def _sync_runner(self) -> Any:
        if self._runner is None:
            self._runner = getattr(self._host, "sync_runner", None)
        if self._runner is None:
            from kiosk.ui.runner import ThreadRunner

            self._runner = ThreadRunner("sync")
        return self._runner

    def open(self) -> None:
        self.message = ""
        self._host.show_screen(SCREEN)
        self.refresh()

    def refresh(self) -> None:
        services = self._host.services

        def read() -> tuple[list[tuple[str, str]], str, bool, str]:
            sticks = self.find_sticks()
            status = services.sync.status()
            can_enrol = not status["hub"] and not status["enrolled_at"]
            found = enrolment_files(sticks[0], services.sync.device_id) if sticks and can_enrol else []
            return (status_lines(status, services.clock.now()), str(sticks[0]) if sticks else "", can_enrol,
                    str(found[0][0]) if found else "")

        def done(result: tuple[list[tuple[str, str]], str, bool, str]) -> None:
            self.lines, self.usb, self.can_enrol, enrol_file = result
            if enrol_file != self.enrol_file:
                self.enrol_file, self.confirm_key = enrol_file, ""

        self._host.ops.run(read, done, self._failed, screen=SCREEN, latest="sync-status")

    def sync_now(self) -> None:
        """立即同步: one push-and-pull round on the sync runner; the result updates the lines."""
        if self.busy:
            return
        self.busy = True
        self.message = "正在同步…"
        sync = self._sync

        def work() -> None:
            sync.sync_once()

        def done(_result: Any) -> None:
            self.busy = False
            self.message = "同步完成。"
            self.refresh()

        def failed(error: BaseException) -> None:
            self.busy = False
            self.message = str(error)
            self.refresh()

        self._host.ops.run(work, done, failed, on=self._sync_runner(), always=True)

    def export_usb(self) -> None:
        if not self.usb:
            self.message = "没有找到 U 盘：请插入 U 盘后再试。"
            return
        sync, target = self._sync, Path(self.usb)
        now = self._host.services.clock.now()

        def work() -> int:
            from kiosk.sync.bundle import export_facts

            return export_facts(sync, target / bundle_file_name(sync.device_id, now))

        def done(count: int) -> None:
            self.message = f"已把 {count} 条待上传记录写入 U 盘。请把 U 盘交给区级中心导入；中心确认前这些记录仍算待上传。"
            self.refresh()

        self._host.ops.run(work, done, self._failed, always=True)

    def import_usb(self) -> None:
        if not self.usb:
            self.message = "没有找到 U 盘：请插入 U 盘后再试。"
            return
        bundles = hub_bundles(Path(self.usb))
        if not bundles:
            self.message = "U 盘上没有中心数据包（文件名以 hub 开头、以 .bundle 结尾）。"
            return
        sync, source = self._sync, bundles[0]

        def work() -> Any:
            from kiosk.sync.bundle import import_hub_bundle

            return import_hub_bundle(sync, source)

        def done(result: Any) -> None:
            self.message = f"已导入 {source.name}：{result.rows} 条参考数据，{result.acknowledged} 条记录确认已到中心。"
            self.refresh()

        self._host.ops.run(work, done, self._failed, always=True)

    def enrol_usb(self) -> None:
        """写出接入申请 / 导入接入文件: one button; which one depends on what is on the stick."""
        if not self.usb:
            self.message = "没有找到 U 盘：请插入 U 盘后再试。"
            return
        if self.enrol_file:
            self._import_enrolment(Path(self.enrol_file))
            return
        sync, target = self._sync, Path(self.usb) / request_file_name(self._sync.device_id)

        def work() -> None:
            from kiosk.sync.offline_enrolment import write_enrolment_request

            write_enrolment_request(sync, target)

        def done(_result: Any) -> None:
            self.message = (f"已把接入申请写入 U 盘（{target.name}）。请交区级中心运行 kiosk hub add-device --hall "
                            f"{sync.hall_id} --request {target.name} --out 接入文件，再把接入文件拷回这个 U 盘。")
            self.refresh()

        self._host.ops.run(work, done, self._failed, always=True)

    def _import_enrolment(self, source: Path) -> None:
        sync, confirmed = self._sync, self.confirm_key

        def work() -> Any:
            from kiosk.sync.offline_enrolment import import_enrolment, trusts_hall_keyring

            if not confirmed and not trusts_hall_keyring(sync):
                key_id = dict(enrolment_files(source.parent, sync.device_id)).get(source, "")
                if key_id:
                    return key_id  # ask staff to compare the key id first
            return import_enrolment(sync, source, hall_key=confirmed or None)  # a bad file: its sentence

        def done(result: Any) -> None:
            if isinstance(result, str):
                self.confirm_key = result
                self.message = (f"接入文件由本馆密钥 {result} 签名。请与中心登记时显示的密钥编号核对，"
                                f"一致再按“密钥 {result} 一致，导入”；不一致请勿导入。")
                return
            self.confirm_key = ""
            self.message = f"本机已登记到区级中心，展馆 {result.hall_id}（{result.hall_name}）。"
            self.refresh()

        self._host.ops.run(work, done, self._failed, always=True)

    def _failed(self, error: BaseException) -> None:
        log.warning("sync console: %s", error)
        self.message = str(error)
