"""数据同步 for staff in the real window (Xvfb): the console's button, the facts waiting, 立即同步
on a kiosk with no hub (the sentence says so), and the USB export when a stick is there."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.services import build_services
from kiosk.tasks import InlineRunner
from tests.content_factory import make_content
from tests.ui.window_test import KioskWindowTest as WindowTest

pytestmark = pytest.mark.ui
PIN = "2468"


class SyncWindowTest(WindowTest):
    window_size = (960, 540)

    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-ui-sync-"))
        content = make_content(self.tmp / "content", zones=1, boards=1)
        (self.tmp / "data").mkdir()
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall")
        self.services = build_services(self.config, clock=FakeClock())
        self.services.pins.set_pin(PIN)
        self.launch()
        self.vm.sync._runner = InlineRunner()
        self.stick = self.tmp / "stick"
        self.vm.sync.find_sticks = lambda: []

    def open_sync(self):
        self.vm.open_pin_pad()
        pin = self.screen("pin")
        for digit in PIN:
            self.tap(self.find(pin, "PinKey", digit))
        self.tap(self.find(pin, "PinKey", "确定"))
        self.tap(self.screen("staff").ids.sync)
        return self.screen("staff_sync")

    def test_console_shows_waiting_and_sync_now_says_why_it_cannot(self) -> None:
        page = self.open_sync()
        waiting = self.services.sync.status()["waiting_total"]
        assert waiting >= 2  # the PIN set and the PIN typed are staff-event facts
        assert f"待上传记录[/b]    {waiting} 条" in page.ids.info.text and "未登记" in page.ids.info.text
        assert page.ids.usb_export.disabled and page.ids.usb_import.disabled
        self.tap(page.ids.sync_now)
        assert "尚未登记" in self.vm.sync.message

    def test_usb_export_when_a_stick_is_mounted(self) -> None:
        self.stick.mkdir()
        self.vm.sync.find_sticks = lambda: [self.stick]
        page = self.open_sync()
        assert not page.ids.usb_export.disabled
        waiting = self.services.sync.status()["waiting_total"]
        self.tap(page.ids.usb_export)
        bundles = list(self.stick.glob("*.bundle"))
        assert len(bundles) == 1 and f"已把 {waiting} 条" in self.vm.sync.message
        assert self.services.sync.status()["waiting_total"] == waiting  # waits until the hub acknowledges

    def test_usb_enrolment_writes_the_request_then_imports_the_file_after_the_key_check(self) -> None:
        """写出接入申请 / 导入接入文件 on the console; the hub's side is played by its own functions."""
        import base64

        from kiosk.passes.keys import SigningKey
        from kiosk.sync.enrolment_file import Enrolment, read_request, write_enrolment
        from kiosk.sync.sealed import seal

        self.stick.mkdir()
        self.vm.sync.find_sticks = lambda: [self.stick]
        page = self.open_sync()
        button = page.ids.usb_enrol
        assert button.text == "写出接入申请" and button.opacity == 1
        back = self.find(page, "BigButton", "返回管理")
        assert back.to_window(*back.pos)[1] >= 0  # the extra button still leaves the column on screen
        self.tap(button)
        [request_path] = self.stick.glob("*.request.bundle")
        request = read_request(request_path)
        assert request.device_id == self.services.sync.device_id and "接入申请" in self.vm.sync.message

        hall_key = SigningKey.generate()  # the hub: register, seal the token to the device, sign
        write_enrolment(self.stick / "给一号机.bundle", Enrolment(
            device_id=request.device_id, hall_id=request.hall_id, hall_name="甲馆", key_id=hall_key.key_id,
            keyring=hall_key.keyring().to_text(), hub_url="", created_at="",
            sealed_token=seal(base64.b64decode(request.public_key), b"the-token")), hall_key.sign)
        self.vm.sync.refresh()
        self.advance_frames(2)
        assert button.text == "导入接入文件"
        self.tap(button)  # no keyring on this kiosk yet: staff compare the key id first
        assert hall_key.key_id in self.vm.sync.message and not self.services.sync.token_path.exists()
        assert button.text == f"密钥 {hall_key.key_id} 一致，导入"
        self.tap(button)
        assert "已登记" in self.vm.sync.message, self.vm.sync.message
        assert self.services.sync.token_path.read_text(encoding="ascii") == "the-token"
        self.advance_frames(2)
        assert button.opacity == 0 and button.disabled and "U 盘登记" in page.ids.info.text
