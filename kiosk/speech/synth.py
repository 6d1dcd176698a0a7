"""Text to a WAV file: the real adapter on pyttsx3/espeak-ng, and a cache keyed by the text's hash.

Synthesis takes about a second per board; the cache makes every repeat start at once and lets the
kiosk warm all boards in the background after start-up.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
from pathlib import Path
from typing import Protocol


class SpeechError(RuntimeError):
    """Speech could not be made (no espeak-ng, no Mandarin voice); message in Chinese."""


class Synthesizer(Protocol):
    """Turns text into a WAV file."""

    def synthesize(self, text: str, out: Path) -> None: ...


class EspeakSynthesizer:
    """pyttsx3's espeak driver with the Mandarin voice; one engine, used from one thread at a time."""

    def __init__(self, voice: str = "cmn", rate: int = 165, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self.voice = voice
        self.rate = rate
        self._engine = None
        self._lock = threading.Lock()

    def _engine_ready(self):  # type: ignore[no-untyped-def]
        if self._engine is None:
            import pyttsx3  # imported late: loading libespeak-ng costs start-up time

            try:
                engine = pyttsx3.init("espeak")
            except (RuntimeError, OSError) as exc:
                raise SpeechError(f"无法启动语音引擎 espeak-ng（请安装 espeak-ng）：{exc}") from exc
            voices = [v for v in engine.getProperty("voices") if v.id.split("/")[-1] == self.voice]
            if not voices:
                raise SpeechError(f"espeak-ng 没有普通话语音 {self.voice}（请安装 espeak-ng-data）")
            engine.setProperty("voice", voices[0].id)
            engine.setProperty("rate", self.rate)
            self._engine = engine
        return self._engine

    def synthesize(self, text: str, out: Path) -> None:
        with self._lock:
            engine = self._engine_ready()
            # pyttsx3 2.99's espeak driver can return from runAndWait while espeak-ng is still
            # synthesising on its own thread; it writes the file and then fires
            # 'finished-utterance', so that event, not runAndWait, says the audio is complete.
            finished = threading.Event()
            completed: list[bool] = []

            def on_finished(**event: object) -> None:
                completed.append(bool(event.get("completed", True)))
                finished.set()

            token = engine.connect("finished-utterance", on_finished)
            try:
                engine.save_to_file(text, str(out))
                engine.runAndWait()
                if not finished.wait(self.timeout):
                    raise SpeechError("语音生成超时")
            finally:
                engine.disconnect(token)
        if not completed or not completed[-1] or not out.exists() or out.stat().st_size <= 44:
            raise SpeechError("语音生成失败：没有得到音频")


class SpeechCache:
    """WAV files named by the hash of (voice settings, text) under a cache folder."""

    def __init__(self, cache_dir: Path, synthesizer: Synthesizer, settings_key: str = "") -> None:
        self.cache_dir = Path(cache_dir)
        self.synthesizer = synthesizer
        self.settings_key = settings_key

    def path_for(self, text: str) -> Path:
        digest = hashlib.sha256(f"{self.settings_key}\n{text}".encode()).hexdigest()[:32]
        return self.cache_dir / f"{digest}.wav"

    def is_cached(self, text: str) -> bool:
        return self.path_for(text).exists()

    def audio_for(self, text: str) -> Path:
        """The WAV for ``text``, made now if not cached (written to a temp name, then renamed)."""
        target = self.path_for(text)
        if target.exists():
            return target
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{target.stem}.{threading.get_ident()}.part.wav")
        try:
            self.synthesizer.synthesize(text, tmp)
            tmp.replace(target)
        finally:
            tmp.unlink(missing_ok=True)
        return target


def espeak_available() -> bool:
    """Whether the espeak-ng library pyttsx3 loads is on this machine."""
    return shutil.which("espeak-ng") is not None
