"""The theatre (多媒体演播区) in the real window (Xvfb), driven by the presenter remote's keys as
the window receives them: a real film decoded by ffpyplayer, the lecture's slides, the oath with
its souvenir still, a film file damaged after the check. Facts land in the real SQLite."""

from __future__ import annotations

import hashlib
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.services import build_services
from kiosk.store.theatre_models import TheatreSession
from tests.content_factory import make_content
from tests.theatre.helpers import copy_demo_theatre
from tests.ui.window_test import KioskWindowTest as WindowTest

pytestmark = pytest.mark.ui

MORNING = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # Tuesday 09:00 in the hall


class TheatreWindowTest(WindowTest):
    window_size = (960, 540)

    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-theatre-ui-"))
        content = make_content(self.tmp / "content", zones=1, boards=1)
        copy_demo_theatre(content)
        self.content = content
        (self.tmp / "data").mkdir()
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall", device_id="theatre-pc",
        )
        self.clock = FakeClock(MORNING)
        self.services = build_services(self.config, clock=self.clock)
        self.launch()
        self.theatre = self.vm.theatre

    # ----- helpers -------------------------------------------------------------------------
    def press(self, key: str) -> None:
        """One key of the presenter remote, as the window gets it from SDL."""
        from kivy.core.window import Keyboard, Window

        Window.dispatch("on_key_down", Keyboard.keycodes[key], 0, None, [])
        self.advance_frames(2)

    def screen(self, name: str) -> Any:
        """As the base's, with room for a loaded machine: film, lecture and ceremony screens are
        built when first shown, a slide is a full-screen image."""
        manager = self.root.ids.manager
        try:
            self.wait_until(lambda: manager.current == name and not manager.transition.is_active, 20)
        except AssertionError:
            raise AssertionError(f"wanted {name}: vm.screen={self.vm.screen} manager={manager.current} "
                                 f"stage={self.theatre.stage}") from None
        return manager.get_screen(name)

    def open_signage(self) -> Any:
        self.tap(self.screen("attract"))
        home = self.screen("home")
        self.tap(self.find(home, "BigButton", "今日节目"))
        return self.screen("theatre_signage")

    def select(self, item_id: str) -> None:
        for _ in range(len(self.theatre.items)):
            if self.theatre.host.selected_item.id == item_id:
                return
            self.press("right")
        raise AssertionError(f"{item_id} not in the programme")

    def wait_real(self, condition: Any, seconds: float = 20.0) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, "the window did not reach the expected state in time"
            self.advance_frames(1)
            time.sleep(0.01)

    @staticmethod
    def texture_digest(video: Any) -> str:
        return hashlib.sha256(video.texture.pixels).hexdigest()

    # ----- tests ---------------------------------------------------------------------------
    def test_the_home_card_leads_to_the_programme(self) -> None:
        signage = self.open_signage()
        rows = self.find_all(signage, "ProgrammeRow")
        titles = [r.title for r in rows]
        assert "红船启航" in titles and "重温入党誓词" in titles and "党史学习专题讲座" in titles
        assert self.theatre.next_text == "下一场　今天 10:00　红船启航"

    def test_the_remote_plays_a_real_film_pauses_seeks_and_stops_it(self) -> None:
        self.open_signage()
        self.select("hongchuan-qihang")
        self.press("f5")
        assert self.theatre.stage == "audience"
        self.press("f5")
        film = self.screen("theatre_film")
        self.wait_real(lambda: film.video is not None and film.video.loaded and film.video.position > 0.5)
        first = self.texture_digest(film.video)
        position = film.video.position
        self.wait_real(lambda: film.video.position > position + 1.5)
        assert self.texture_digest(film.video) != first  # frames advance
        assert self.theatre.film_position > 0.5 and self.theatre.film_duration == pytest.approx(50, abs=0.5)

        self.press("b")
        assert film.video.state == "pause"
        paused_at = film.video.position
        self.wait_real(lambda: True, 0)
        time.sleep(0.5)
        self.advance_frames(3)
        assert film.video.position == pytest.approx(paused_at, abs=0.1)
        self.press(".")
        assert film.video.state == "play"
        self.press("pagedown")  # 30 s forward
        self.wait_real(lambda: film.video.position > 25)
        self.press("up")
        assert film.video.volume == pytest.approx(0.9)

        self.clock.advance(40)
        self.press("escape")
        self.screen("theatre_signage")
        assert film.video is None
        [fact] = self.facts(TheatreSession)
        assert (fact.kind, fact.item_id, fact.audience, fact.completed) == ("film", "hongchuan-qihang", "none", False)

    def test_the_remote_drives_the_lecture_and_the_oath_to_its_souvenir(self) -> None:
        self.open_signage()
        self.select("dangshi-jiangzuo")
        self.press("f5")
        self.press("down")  # on the walk-in option (no group checked in today): 10 → 9 people
        self.press("f5")
        lecture = self.screen("theatre_lecture")
        assert Path(lecture.ids.slide.source).name == "01.png"
        self.press("pagedown")
        self.press("right")
        assert Path(lecture.ids.slide.source).name == "03.png" and self.theatre.slide_progress == pytest.approx(3 / 8)
        self.press("pageup")
        assert Path(lecture.ids.slide.source).name == "02.png"
        self.press("b")
        assert lecture.ids.slide.opacity == 0  # black screen
        self.clock.advance(600)
        self.press("escape")
        self.screen("theatre_signage")

        self.select("chongwen-shici")
        self.press("f5")
        self.press("f5")
        ceremony = self.screen("theatre_ceremony")
        assert self.theatre.ceremony_stage == "intro"
        self.press("pagedown")
        assert self.theatre.phrase == "我志愿加入中国共产党"
        self.press("pagedown")
        self.press("pageup")
        assert self.theatre.phrase == "我志愿加入中国共产党"
        for _ in range(12):
            self.press("pagedown")
        assert self.theatre.ceremony_stage == "signature" and self.theatre.signatory == "宣誓人："
        assert self.theatre.oath_date == "2026年12月1日"
        self.press("f5")  # save the souvenir still
        self.wait_until(lambda: bool(self.theatre.souvenir_saved))
        still = Path(self.theatre.souvenir_saved)
        with Image.open(still) as img:
            assert img.size[0] > 400 and img.size[1] > 200
        self.clock.advance(60)
        self.press("pagedown")
        self.screen("theatre_signage")
        assert ceremony.manager.current == "theatre_signage"
        facts = self.facts(TheatreSession)
        assert [(f.kind, f.audience, f.people, f.completed) for f in facts] == [
            ("lecture", "walk_in", 9, False), ("ceremony", "none", 0, True)]

    def test_a_film_damaged_after_the_check_gives_a_sentence_and_never_freezes(self) -> None:
        film_file = self.content / "theatre" / "films" / "xinghuo-liaoyuan.mp4"
        film_file.unlink()  # the symlink: the demo file itself stays untouched
        film_file.write_bytes(b"\0" * 4096)
        self.open_signage()
        self.select("xinghuo-liaoyuan")
        self.press("f5")
        self.press("f5")
        film = self.screen("theatre_film")
        self.wait_until(lambda: "无法播放" in self.theatre.film_message)
        assert film.video is None  # a file FFmpeg cannot read never reaches the player
        assert "xinghuo-liaoyuan.mp4" in self.theatre.film_message
        self.press("right")  # any key: back to the programme
        self.screen("theatre_signage")
        assert self.facts(TheatreSession) == []

    def test_a_guided_oath_reads_each_phrase_then_leaves_the_group_its_pause(self) -> None:
        from kiosk.theatre.ceremony import INTRO_SECONDS, repeat_seconds

        self.open_signage()
        self.select("chongwen-shici")
        self.press("f5")
        self.press("b")  # led → guided
        assert "跟读" in self.theatre.mode_text
        self.press("f5")
        self.screen("theatre_ceremony")
        self.clock.advance(INTRO_SECONDS)
        self.vm.tick()
        assert self.theatre.phrase == "我志愿加入中国共产党"
        assert len(self.player.played) == 1 and self.player.played[0].stat().st_size > 1000  # espeak-ng's WAV
        self.player.finish()  # the loudspeaker has read the phrase
        pause = repeat_seconds("我志愿加入中国共产党", 3.0)
        self.clock.advance(pause - 0.5)
        self.vm.tick()
        assert self.theatre.phrase == "我志愿加入中国共产党"  # the group is repeating it
        self.clock.advance(0.5)
        self.vm.tick()
        assert self.theatre.phrase == "拥护党的纲领" and len(self.player.played) == 2
        self.press("b")  # the host holds the ceremony
        self.clock.advance(120)
        self.vm.tick()
        assert self.theatre.phrase == "拥护党的纲领" and self.theatre.ceremony_hint == "已暂停"
        self.press("escape")
        self.screen("theatre_signage")
        [fact] = self.facts(TheatreSession)
        assert (fact.kind, fact.mode, fact.completed) == ("ceremony", "guided", False)
