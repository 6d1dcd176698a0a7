"""留言评价 and 数据统计 in the real window (Xvfb): a face tap records a feedback fact with the
chosen tags and group; the dashboard shows the summary's own figures, presets, the touch calendar
and exports a file with progress. Database work runs inline (the report runner is the inline one)."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from kiosk.clock import FakeClock, hall_date
from kiosk.config import load_config
from kiosk.services import build_services
from kiosk.store.feedback_models import Feedback
from tests.content_factory import make_content
from tests.ui.window_test import KioskWindowTest as WindowTest
from tests.visits.helpers import book, make_service

pytestmark = pytest.mark.ui
PIN = "2468"


class ReportsWindowTest(WindowTest):
    window_size = (960, 540)

    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-ui-reports-"))
        (self.tmp / "data").mkdir()  # a configured data dir must exist (issue 16)
        content = make_content(self.tmp / "content", zones=1, boards=1)
        (content / "feedback.yaml").write_text("tags: [讲解清楚, 内容丰富, 希望增加内容]\n", encoding="utf-8")
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall", device_id="ui-test")
        self.clock = FakeClock(datetime(2026, 11, 21, 1, 30, tzinfo=UTC))  # 09:30 in the hall
        self.services = build_services(self.config, clock=self.clock)
        self.services.pins.set_pin(PIN)
        from kiosk.passes.keys import init_keys

        init_keys(self.config.keys_path)
        visits = make_service(self.services.db, self.clock, self.config.keys_path, hall="test-hall")
        _a, first = book(visits, org="甲党支部", day=hall_date(self.clock.now()), slot="09:00-11:00")
        _b, second = book(visits, org="乙社区党委", kind="社区", day=hall_date(self.clock.now()), slot="09:00-11:00")
        assert visits.scan(first).accepted and visits.scan(second).accepted
        self.launch()

    def feedback_rows(self) -> list[Any]:
        with self.services.db.transaction() as session:
            return session.execute(select(Feedback.rating, Feedback.tags, Feedback.organisation_id)).all()

    def test_a_face_tap_records_feedback_with_tags_and_the_chosen_group(self) -> None:
        self.vm.start_visit()
        home = self.screen("home")
        self.tap(home.ids.feedback)
        page = self.screen("feedback")
        groups = [c.text for c in page.ids.groups.children[::-1]]
        assert groups == ["甲党支部", "乙社区党委"]  # two groups in: the visitor may say which
        assert [c.text for c in page.ids.tags.children[::-1]] == ["讲解清楚", "内容丰富", "希望增加内容"]
        assert page.ids.form_card.width == 0 and page.ids.form_qr.texture is None  # no hub: no form to open
        self.tap(self.find(page.ids.groups, "Chip", "乙社区党委"))
        self.tap(self.find(page.ids.tags, "Chip", "内容丰富"))
        face = next(w for w in page.walk() if type(w).__name__ == "Face" and w.rating == 4)
        self.tap(face)
        rows = self.feedback_rows()
        assert len(rows) == 1 and rows[0][0] == 4 and json.loads(rows[0][1]) == ["内容丰富"]
        assert rows[0][2] is not None
        assert "谢谢" in page.ids.thanks.text
        self.tap(face)  # a second tap on the thank-you records nothing more
        assert len(self.feedback_rows()) == 1
        self.clock.advance(5)
        self.vm.feedback.tick()
        self.screen("home")

    def test_with_a_hub_a_qr_code_opens_its_suggestion_form_on_the_phone(self) -> None:
        from kiosk.sync.identity import sync_state

        with self.services.db.transaction() as session:
            sync_state(session).hub_url = "http://hub.example:8700"  # as `kiosk sync enrol` leaves it
        self.vm.start_visit()
        self.tap(self.screen("home").ids.feedback)
        page = self.screen("feedback")
        assert page.ids.form_card.width > 0 and "用手机扫码" in page.ids.form_note.text
        texture = page.ids.form_qr.texture
        image = Image.frombytes("RGBA", texture.size, texture.pixels).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
        image = image.convert("L").resize((texture.width * 8,) * 2, Image.Resampling.NEAREST)
        assert [d.text for d in zxingcpp.read_barcodes(image)] == ["http://hub.example:8700/halls/test-hall/feedback"]
        qr_side = page.ids.form_qr.norm_image_size[0]
        assert qr_side >= page.height * 0.18  # 212 of 1080 design rows: a phone reads it at arm's length

    def test_the_dashboard_shows_the_summary_and_exports(self) -> None:
        self.vm.feedback.open()
        self.vm.feedback.rate(5)
        self.vm.open_pin_pad()
        pin = self.screen("pin")
        for digit in PIN:
            self.tap(self.find(pin, "PinKey", digit))
        self.tap(self.find(pin, "PinKey", "确定"))
        self.tap(self.screen("staff").ids.dashboard)
        page = self.screen("staff_dashboard")
        dash = self.vm.dashboard
        reports = self.services.reports
        expected = reports.summary(reports.scope(datetime(2026, 1, 1).date(), datetime(2026, 12, 31).date()))
        figures = {c.text.split("\n")[-1]: c.text for c in page.ids.figures.children}
        assert f"{expected.totals.party_members}[/b]" in figures["党员"] and "100.0%" in figures["满意率"]
        assert "在馆团体 2 个" in page.ids.tiles.children[-1].text
        assert page.ids.chart_kinds.bars[0] == ("机关", 45) and page.ids.chart_ratings.bars[0] == ("5分", 1)

        self.tap(self.find(page.ids.presets, "Chip", "今天"))
        assert dash.preset == "今天" and dash.range_label == "2026年11月21日"
        self.tap(self.find(page.ids.presets, "Chip", "选择日期…"))
        assert dash.calendar_open and dash.calendar_title == "2026年11月"
        dash.pick_day("2026-11-03")
        dash.pick_day("2026-11-25")
        assert not dash.calendar_open and dash.range_label == "2026年11月3日至11月25日" and dash.preset == ""

        self.tap(page.ids.export_csv)
        assert "已导出到" in dash.export_message and dash.export_progress == 1.0
        exported = Path(dash.export_message.split("已导出到 ", 1)[1])
        assert exported.exists() and exported.read_bytes().startswith(b"\xef\xbb\xbf")

    def test_contest_setup_offers_the_groups_in_the_hall_as_team_names(self) -> None:
        self.vm.open_staff()
        self.vm.quiz.contest.open_setup()
        self.screen("contest_setup")
        contest = self.vm.quiz.contest
        assert contest.team_count == 2 and list(contest.team_names[:2]) == ["甲党支部", "乙社区党委"]
