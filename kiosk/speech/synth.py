"""Text to a WAV file: the real adapter on pyttsx3/espeak-ng, and a cache keyed by the text's hash.

Synthesis takes about a second per board; the cache makes every repeat start at once and lets the
kiosk warm all boards in the background after start-up.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Protocol


class SpeechError(RuntimeError):
    """Speech could not be made (no espeak-ng, no Mandarin voice); message in Chinese."""


class Synthesizer(Protocol):
    """Turns text into a WAV file."""

    def synthesize(self, text: str, out: Path) -> None: ...


class EspeakSynthesizer:
    """pyttsx3's espeak driver with the Mandarin voice, one short-lived worker process per text.

    See ``kiosk.speech.worker`` for why each synthesis runs in its own process.
    """

    def __init__(self, voice: str = "cmn", rate: int = 165, timeout: float = 60.0) -> None:
        self.voice = voice
        self.rate = rate
        self.timeout = timeout

    def synthesize(self, text: str, out: Path) -> None:
        command = [sys.executable, "-m", "kiosk.speech.worker", "--voice", self.voice,
                   "--rate", str(self.rate), "--timeout", str(self.timeout), str(out)]
        try:
            done = subprocess.run(command, input=text, capture_output=True, text=True, timeout=self.timeout + 15)
        except subprocess.TimeoutExpired as exc:
            raise SpeechError("语音生成超时") from exc
        if done.returncode != 0:
            message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "语音生成失败"
            raise SpeechError(message)
        if not out.exists() or out.stat().st_size <= 44:
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
