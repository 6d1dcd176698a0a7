"""The read-aloud button's logic: prepare audio off the UI thread, play it, stop it on leave.

A visitor may tap read-aloud and swipe away before the audio is ready; a token per request makes
late results harmless. The idle reset asks :attr:`Narrator.busy` so it never cuts a narration.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from kiosk.speech.synth import SpeechCache
from kiosk.tasks import Runner


class Player(Protocol):
    """Plays a WAV file; calls ``on_finished`` when it ends by itself (not after ``stop``)."""

    def play(self, path: Path, on_finished: Callable[[], None]) -> None: ...

    def stop(self) -> None: ...


class NarrationState(enum.Enum):
    IDLE = "idle"
    PREPARING = "preparing"
    SPEAKING = "speaking"
    FAILED = "failed"


class Narrator:
    """One narration at a time; ``on_change(state, key, message)`` tells the view model."""

    def __init__(
        self,
        cache: SpeechCache,
        player: Player,
        runner: Runner,
        on_change: Callable[[NarrationState, str, str], None] = lambda *_: None,
    ) -> None:
        self.cache = cache
        self.player = player
        self.runner = runner
        self.on_change = on_change
        self.state = NarrationState.IDLE
        self.key = ""
        self._token = 0

    @property
    def busy(self) -> bool:
        """True while audio is being prepared or played (the idle reset waits)."""
        return self.state in (NarrationState.PREPARING, NarrationState.SPEAKING)

    def speak(self, key: str, text: str) -> None:
        """Read ``text`` aloud; ``key`` names what is read (a board id) for the view."""
        self.stop()
        self._token += 1
        token = self._token
        self._set(NarrationState.PREPARING, key)
        self.runner.submit(
            lambda: self.cache.audio_for(text),
            lambda path: self._ready(token, path),
            lambda exc: self._failed(token, exc),
        )

    def stop(self) -> None:
        """Stop any narration now (leaving a board, idle reset)."""
        self._token += 1
        if self.state == NarrationState.SPEAKING:
            self.player.stop()
        if self.state != NarrationState.IDLE:
            self._set(NarrationState.IDLE, "")

    def _ready(self, token: int, path: Path) -> None:
        if token != self._token:
            return
        self._set(NarrationState.SPEAKING, self.key)
        self.player.play(path, lambda: self._finished(token))

    def _finished(self, token: int) -> None:
        if token == self._token:
            self._set(NarrationState.IDLE, "")

    def _failed(self, token: int, exc: BaseException) -> None:
        if token == self._token:
            self._set(NarrationState.FAILED, self.key, "朗读暂时不可用，请阅读展板文字")

    def _set(self, state: NarrationState, key: str, message: str = "") -> None:
        self.state = state
        self.key = key
        self.on_change(state, key, message)
