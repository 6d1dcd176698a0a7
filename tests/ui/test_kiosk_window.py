"""The real app in a real window (Xvfb), driven by touches: the visit, idle reset, the staff gate.

Speech is synthesised for real (espeak-ng); only the loudspeaker is a recording fake, because a
test cannot listen. Database writes run inline so each assertion sees them at once.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from kivy.tests.common import UnitTestTouch

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.services import build_services
from kiosk.store.models import BoardView, StaffEvent
from tests.content_factory import make_content
from tests.ui.window_test import KioskWindowTest as WindowTest

pytestmark = pytest.mark.ui


class KioskWindowTest(WindowTest):
    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-ui-"))
        (self.tmp / "data").mkdir()  # a configured data dir must exist (issue 16)
        content = make_content(self.tmp / "content", zones=3, boards=3)
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall",
            device_id="ui-test", staff_corner_seconds=0.3,
        )
        self.clock = FakeClock()
        self.services = build_services(self.config, clock=self.clock)
        self.launch()
        # Screens after the first are built one per frame; a timed gesture (the corner's hold)
        # measured across those slower frames would be flaky.
        self.wait_until(self.root.screens_ready, 20)

    # ----- helpers -------------------------------------------------------------------------
    def visit_first_zone(self) -> Any:
        self.tap(self.screen("attract"))
        home = self.screen("home")
        self.tap(self.find(home, "BigButton", "进入展区"))
        zones = self.screen("zones")
        self.tap(self.find(zones, "ZoneCard"))
        return self.screen("board")

    # ----- tests ---------------------------------------------------------------------------
    def test_visit_attract_home_zone_board_read_aloud_back(self) -> None:
        board = self.visit_first_zone()
        assert self.vm.exhibition.zone_title == "第1展区"
        assert self.vm.exhibition.board_position == "1 / 3"
        slide = board.ids.carousel.current_slide
        assert slide.board["title"] == "第1展区第1块展板"

        self.tap(board.ids.read_aloud)
        assert self.vm.narration.state == "speaking"
        assert board.ids.read_aloud.text == "停止朗读"
        spoken = self.player.played[-1]
        assert spoken.exists() and spoken.stat().st_size > 10_000  # real espeak-ng audio
        self.clock.advance(20)

        self.tap(self.find(board, "BigButton", "‹ 返回展区"))
        self.screen("zones")
        assert self.vm.narration.state == "idle" and self.player.stops >= 1
        views = self.facts(BoardView)
        assert [(v.board_id, v.read_aloud, v.dwell_seconds) for v in views] == [("z1-b1", True, 20.0)]
        assert views[0].hall_id == "test-hall" and views[0].device_id == "ui-test"

    def test_a_screen_change_leaves_only_the_new_screen_to_draw(self) -> None:
        # Kivy's NoTransition takes the old screen away a frame later: the first frame of every new
        # screen drew the old one under it, one more full-screen layer (bench: a zone card's first
        # frame spent 68 ms in the buffer swap, the next 38).
        self.tap(self.screen("attract"))
        self.screen("home")
        manager = self.root.ids.manager
        self.vm.exhibition.open_zones()  # no frame drawn between this and the check
        assert manager.children == [manager.get_screen("zones")]
        assert manager.current_screen is manager.get_screen("zones")

    def test_attract_loop_lets_go_of_its_next_cover_while_a_visit_runs(self) -> None:
        # The decoded next cover is a full picture's pixels (5.5 MB at 1600x900, bench/bench_kiosk_ui.py's
        # tracemalloc census): held all through a visit, it was memory no screen on show needs.
        attract = self.screen("attract")
        self.wait_until(lambda: attract._ready is not None)
        self.tap(attract)
        self.screen("home")
        assert attract._ready is None
        self.vm.reset_visit()
        self.screen("attract")
        self.wait_until(lambda: attract._ready is not None)  # decoded again for the next cross-fade

    def test_the_last_start_stage_freezes_without_a_full_collection(self) -> None:
        # Found with a profile of the X-click bench: the stage after the last screen was built ran
        # gc.collect() over 330,000 objects (150-180 ms on the UI thread, 0 of them garbage), and a
        # visitor's tap on the attract loop in that moment waited for it (tap → home 150-280 ms
        # instead of 50-60). Freezing needs no full collection first.
        import gc

        self.wait_until(self.root.screens_ready)
        generations: list[int] = []

        def note(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                generations.append(info["generation"])

        gc.callbacks.append(note)
        try:
            self.root._build_next_screen(0)
        finally:
            gc.callbacks.remove(note)
        assert 2 not in generations
        assert gc.get_freeze_count() > 100_000  # the screens, the content, the modules: out of later collections

    def test_attract_cover_change_draws_every_pixel_once(self) -> None:
        # With software GL each full-screen layer is a frame's worth of work: the old cross-fade drew
        # two whole covers, the new one blended, for a second of every slide (the attract window's
        # frame rate 0.69x one picture's, bench/bench_kiosk_ui.py). The next cover pushes the one on
        # show off the screen instead: in every frame the two share the screen side by side, opaque.
        from kiosk.ui.picture import Picture

        attract = self.screen("attract")
        self.wait_until(lambda: attract._ready is not None)
        front, before = attract.ids.front, attract.ids.front.texture
        attract.next_slide()

        def covers() -> list[Any]:
            return [w for w in attract.children if isinstance(w, Picture)]

        moving = 0
        for _frame in range(600):
            if len(covers()) < 2:
                break
            first, second = covers()
            assert first.opacity == second.opacity == 1 and first.color[3] == second.color[3] == 1
            assert min(first.right, second.right) - max(first.x, second.x) <= 1  # side by side
            shown = sum(max(0.0, min(c.right, attract.width) - max(c.x, 0.0)) for c in (first, second))
            assert shown >= attract.width - 1  # no gap where the clear colour would show
            moving += 0 < -front.x < attract.width
            self.advance_frames(1)
        assert moving >= 3  # drawn on its way, not a cut
        assert covers() == [front] and front.x == 0 and front.texture is not before

    def test_theatre_card_opens_the_programme_after_every_screen_was_built(self) -> None:
        self.tap(self.screen("attract"))
        home = self.screen("home")
        self.wait_until(self.root.screens_ready)
        self.advance_frames(5)
        theatre = [c for c in home.walk() if type(c).__name__ == "AreaCard" and c.area["id"] == "theatre"]
        self.tap(theatre[0])
        signage = self.screen("theatre_signage")  # the real programme, no longer a placeholder
        self.advance_frames(3)
        assert self.find(signage, "Label", "多媒体演播区")
        assert self.find(signage, "Label", "演播区暂无节目")  # this test content has no theatre folder
        self.tap(self.find(signage, "BigButton", "‹ 返回首页"))
        self.screen("home")

    def test_next_button_and_swipe_move_between_boards(self) -> None:
        board = self.visit_first_zone()
        self.tap(board.ids.next)
        self.wait_until(lambda: board.ids.carousel.index == 1)
        assert self.vm.exhibition.board_position == "2 / 3"

        carousel = board.ids.carousel
        x, y = carousel.to_window(carousel.center_x + carousel.width * 0.3, carousel.center_y)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        for step in range(1, 9):
            touch.touch_move(x - step * carousel.width * 0.08, y)
            self.advance_frames(1)
        touch.touch_up()
        self.wait_until(lambda: self.vm.exhibition.board_index == 2)
        self.wait_until(lambda: carousel.index == 2)
        assert self.vm.exhibition.board_position == "3 / 3"
        assert board.ids.next.disabled
        assert [v.board_id for v in self.facts(BoardView)] == ["z1-b1", "z1-b2"]

    def test_tap_on_a_board_image_opens_the_viewer(self) -> None:
        board = self.visit_first_zone()
        image = self.find(board.ids.carousel.current_slide, "BoardImageButton")
        self.tap(image)
        self.wait_until(lambda: self.root.viewer.parent is self.root)
        assert self.vm.exhibition.viewer_image.endswith(".png")
        self.tap(self.find(self.root.viewer, "BigButton", "关闭"))
        self.wait_until(lambda: self.root.viewer.parent is None)

    def test_two_finger_pinch_zooms_the_full_screen_image(self) -> None:
        board = self.visit_first_zone()
        self.tap(self.find(board.ids.carousel.current_slide, "BoardImageButton"))
        self.wait_until(lambda: self.root.viewer.parent is self.root)
        scatter = self.root.viewer.ids.scatter
        cx, cy = self.root.viewer.center
        first, second = UnitTestTouch(cx - 100, cy), UnitTestTouch(cx + 100, cy)
        first.touch_down()
        second.touch_down()
        for step in range(1, 11):
            first.touch_move(cx - 100 - step * 20, cy)
            second.touch_move(cx + 100 + step * 20, cy)
            self.advance_frames(1)
        first.touch_up()
        second.touch_up()
        self.advance_frames(2)
        assert 2.9 < scatter.scale < 3.1  # the fingers moved from 200 px apart to 600 px apart
        self.tap(self.find(self.root.viewer, "BigButton", "关闭"))  # still on top after zooming
        self.wait_until(lambda: self.root.viewer.parent is None)
        self.tap(self.find(board.ids.carousel.current_slide, "BoardImageButton"))
        self.wait_until(lambda: self.root.viewer.parent is self.root)
        assert scatter.scale == 1  # the next look starts unzoomed

    def test_next_zone_after_a_later_board_records_only_the_boards_shown(self) -> None:
        # Found by bench/soak.py: a zone opened after the visitor had left the last one on a later
        # board recorded extra 0-second views of the new zone's boards (the Carousel passed
        # through the old index while it was refilled, and each pass opened a board view).
        board = self.visit_first_zone()
        ex = self.vm.exhibition
        ex.show_board(2)
        self.wait_until(board.at_rest)
        ex.open_zones()
        self.screen("zones")
        second = self.vm.content.zones[1]["id"]
        ex.open_zone(second)
        self.wait_until(lambda: self.vm.screen == "board" and board.at_rest())
        self.advance_frames(3)
        ex.open_zones()
        self.screen("zones")
        shown = [(v.zone_id, v.board_id) for v in self.facts(BoardView)]
        first_zone = self.vm.content.zones[0]["id"]
        assert [z for z, _ in shown] == [first_zone, first_zone, second], shown

    def test_idle_warning_then_reset_clears_the_visit(self) -> None:
        self.visit_first_zone()
        self.clock.advance(self.config.idle_timeout + 1)
        self.vm.tick()
        self.wait_until(lambda: self.root.idle.parent is self.root)
        countdown = self.root.idle.ids.countdown.text
        assert countdown.startswith(str(self.config.idle_warning - 1)) and "结束本次参观" in countdown

        self.clock.advance(self.config.idle_warning)
        self.vm.tick()
        self.screen("attract")
        assert self.root.idle.parent is None
        assert self.vm.exhibition.boards == [] and self.vm.exhibition.zone_title == ""
        board_screen = self.root.ids.manager.get_screen("board")
        assert board_screen.ids.carousel.slides == []  # the next visitor sees nothing of this one
        assert len(self.facts(BoardView)) == 1

    def test_touch_during_warning_continues_the_visit(self) -> None:
        self.visit_first_zone()
        self.clock.advance(self.config.idle_timeout + 2)
        self.vm.tick()
        self.wait_until(lambda: self.root.idle.parent is self.root)
        self.tap(self.root.idle)
        self.wait_until(lambda: self.root.idle.parent is None)
        self.vm.tick()
        assert self.root.ids.manager.current == "board"

    def test_no_reset_while_reading_aloud(self) -> None:
        board = self.visit_first_zone()
        self.tap(board.ids.read_aloud)
        self.clock.advance(self.config.idle_timeout * 5)
        self.vm.tick()
        assert self.root.idle.parent is None and self.root.ids.manager.current == "board"
        self.player.finish()  # the narration ends by itself
        self.clock.advance(self.config.idle_timeout + self.config.idle_warning + 1)
        self.vm.tick()
        self.vm.tick()
        self.screen("attract")

    def long_press_corner(self) -> None:
        """A finger held on the staff corner until the PIN pad is asked for, then lifted."""
        corner = self.root.ids.corner
        x, y = corner.to_window(*corner.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        self.wait_until(lambda: self.vm.screen == "pin")
        touch.touch_up()
        self.advance_frames(2)

    def type_pin(self, pin_screen: Any, digits: str) -> None:
        for digit in digits:
            self.tap(self.find(pin_screen, "PinKey", digit))
        self.tap(self.find(pin_screen, "PinKey", "确定"))

    def test_staff_gate_wrong_pins_lock_then_right_pin_opens_console(self) -> None:
        self.services.pins.set_pin("2468")
        self.long_press_corner()
        pin = self.screen("pin")
        for tries_left in (4, 3, 2, 1):
            self.type_pin(pin, "1111")
            assert pin.ids.message.text == f"密码错误，还可以尝试 {tries_left} 次"
        self.type_pin(pin, "1111")
        assert "5 分钟后再试" in pin.ids.message.text
        self.type_pin(pin, "2468")
        assert self.root.ids.manager.current == "pin"  # locked: even the right PIN waits

        self.clock.advance(301)
        self.type_pin(pin, "2468")
        staff = self.screen("staff")
        assert "test-hall" in staff.ids.info.text and "3 个展区，9 块展板" in staff.ids.info.text
        self.tap(staff.ids.reload)
        assert "内容已重新载入" in staff.ids.message.text
        self.tap(staff.ids.exit)
        assert self.vm.exit_requested
        kinds = [e.kind for e in self.facts(StaffEvent)]
        assert kinds.count("pin_wrong") == 5 and kinds[-2:] == ["content_reload", "exit"]

    def test_short_press_in_the_corner_does_nothing(self) -> None:
        from kivy.clock import Clock

        from kivy.tests.common import UnitTestTouch

        corner = self.root.ids.corner
        # Down and up within one frame: under heavy load a single frame can outlast hold_seconds,
        # and then self.tap()'s one-frame press would be a real long press (the test's flake).
        touch = UnitTestTouch(*corner.to_window(*corner.center))
        touch.touch_down()
        touch.touch_up()
        lifted = Clock.get_time()
        # frames go by until the hold would have fired, had the finger stayed down
        self.wait_until(lambda: Clock.get_time() - lifted > 2 * corner.hold_seconds)
        assert self.vm.screen == "home"  # the tap started a visit, no PIN pad

    def test_kiosk_mode_refuses_close_and_escape(self) -> None:
        from kivy.core.window import Window

        assert Window.dispatch("on_request_close") is True
        assert Window.dispatch("on_keyboard", 27, 0, "", []) is True
        self.vm.request_exit()
        assert self.app._on_request_close() is False  # staff exit is allowed through

    def test_broken_content_on_reload_keeps_the_last_good(self) -> None:
        zone = Path(self.config.content_path) / "zones/01-zone1/zone.yaml"
        zone.write_text("id: zone1\n", encoding="utf-8")
        self.vm.open_staff()
        staff = self.screen("staff")
        self.tap(staff.ids.reload)
        assert "仍使用上一版" in staff.ids.message.text and "zone.yaml" in staff.ids.message.text
        assert self.vm.content.zones[0]["title"] == "第1展区"

    def test_reload_brings_new_question_banks_and_refuses_broken_ones(self) -> None:
        banks = Path(self.config.content_path) / "quiz" / "banks"
        banks.mkdir(parents=True, exist_ok=True)
        (banks / "新题库.csv").write_text(
            "题型,题干,选项A,选项B,答案,解析\n单选,党的最高领导机关是？,党的全国代表大会和它所产生的中央委员会,党员大会,A,见党章。\n",
            encoding="utf-8")
        (banks / "坏题库.csv").write_text("题型,题干,答案\n单选,没有选项的题,Z\n", encoding="utf-8")
        self.vm.open_staff()
        staff = self.screen("staff")
        self.tap(staff.ids.reload)
        names = [b.name for b in self.services.quiz.banks()]
        assert "新题库" in names and "坏题库" not in names
        assert "题库有" in staff.ids.message.text and "坏题库.csv" in staff.ids.message.text
