"""Speech: real espeak-ng Mandarin audio via pyttsx3, cached by text; the narrator's state machine."""

from __future__ import annotations

import math
import wave
from array import array
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.speech.narrator import NarrationState, Narrator
from kiosk.speech.synth import EspeakSynthesizer, SpeechCache
from kiosk.tasks import InlineRunner


def _wav_stats(path: Path) -> tuple[float, int]:
    with wave.open(str(path)) as wav:
        assert wav.getsampwidth() == 2
        samples = array("h", wav.readframes(wav.getnframes()))
        rms = math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))
        return wav.getnframes() / wav.getframerate(), int(rms)


def test_espeak_speaks_mandarin_to_a_real_wav(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, EspeakSynthesizer("cmn", 165))
    path = cache.audio_for("中国共产党第一次全国代表大会在上海召开。")
    seconds, rms = _wav_stats(path)
    assert 1.5 < seconds < 15
    assert rms > 300  # not silence


def test_cache_hit_does_not_synthesize_again(tmp_path: Path) -> None:
    calls: list[str] = []

    class Counting:
        def synthesize(self, text: str, out: Path) -> None:
            calls.append(text)
            EspeakSynthesizer().synthesize(text, out)

    cache = SpeechCache(tmp_path, Counting(), "cmn|165")
    first = cache.audio_for("不忘初心，牢记使命。")
    second = cache.audio_for("不忘初心，牢记使命。")
    assert first == second and calls == ["不忘初心，牢记使命。"]
    assert cache.is_cached("不忘初心，牢记使命。") and not cache.is_cached("别的文字")
    assert SpeechCache(tmp_path, Counting(), "cmn|200").path_for("x") != cache.path_for("x")


def test_unknown_voice_is_a_clear_error(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, EspeakSynthesizer("no-such-voice"))
    with pytest.raises(Exception, match="没有普通话语音"):
        cache.audio_for("测试")
    assert not list(tmp_path.glob("*.wav"))


class FakePlayer:
    def __init__(self) -> None:
        self.playing: Path | None = None
        self.finish: Callable[[], None] | None = None
        self.stops = 0

    def play(self, path: Path, on_finished: Callable[[], None]) -> None:
        self.playing, self.finish = path, on_finished

    def stop(self) -> None:
        self.stops += 1
        self.playing = None


class FakeSynth:
    def synthesize(self, text: str, out: Path) -> None:
        out.write_bytes(b"RIFF" + b"\0" * 100)


class DeferredRunner:
    """Holds work until told to run it (a synthesis still under way)."""

    def __init__(self) -> None:
        self.queue: list[tuple] = []

    def submit(self, work, on_success, on_failure) -> None:  # type: ignore[no-untyped-def]
        self.queue.append((work, on_success, on_failure))

    def run_all(self) -> None:
        for work, ok, _fail in self.queue:
            ok(work())
        self.queue.clear()


def test_narrator_speaks_and_finishes(tmp_path: Path) -> None:
    states: list[str] = []
    player = FakePlayer()
    narrator = Narrator(SpeechCache(tmp_path, FakeSynth()), player, InlineRunner(), lambda s, k, m: states.append(s.value))
    narrator.speak("b1", "正文")
    assert narrator.busy and player.playing is not None
    player.finish()
    assert not narrator.busy
    assert states == ["preparing", "speaking", "idle"]


def test_leaving_before_audio_is_ready_plays_nothing(tmp_path: Path) -> None:
    player = FakePlayer()
    runner = DeferredRunner()
    narrator = Narrator(SpeechCache(tmp_path, FakeSynth()), player, runner)
    narrator.speak("b1", "正文")
    assert narrator.state is NarrationState.PREPARING
    narrator.stop()
    runner.run_all()
    assert player.playing is None and narrator.state is NarrationState.IDLE


def test_stop_while_speaking_stops_the_player(tmp_path: Path) -> None:
    player = FakePlayer()
    narrator = Narrator(SpeechCache(tmp_path, FakeSynth()), player, InlineRunner())
    narrator.speak("b1", "正文")
    narrator.stop()
    assert player.stops >= 1 and not narrator.busy


def test_synthesis_failure_is_told_in_chinese(tmp_path: Path) -> None:
    messages: list[str] = []

    class Broken:
        def synthesize(self, text: str, out: Path) -> None:
            raise RuntimeError("boom")

    narrator = Narrator(SpeechCache(tmp_path, Broken()), FakePlayer(), InlineRunner(), lambda s, k, m: messages.append(m))
    narrator.speak("b1", "正文")
    assert narrator.state is NarrationState.FAILED and "朗读暂时不可用" in messages[-1]
    assert not narrator.busy
