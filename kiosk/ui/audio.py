"""The real :class:`kiosk.speech.Player`: Kivy's SDL2 audio plays the cached WAV."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.core.audio import SoundLoader


class KivyPlayer:
    """Plays one sound at a time; ``on_finished`` fires only when the sound ends by itself."""

    def __init__(self) -> None:
        self._sound: Any = None
        self._on_finished: Callable[[], None] | None = None

    def play(self, path: Path, on_finished: Callable[[], None]) -> None:
        self.stop()
        sound = SoundLoader.load(str(path))
        if sound is None:
            on_finished()
            return
        self._sound, self._on_finished = sound, on_finished
        sound.bind(on_stop=self._stopped)
        sound.play()

    def _stopped(self, _sound: Any) -> None:
        callback, self._on_finished = self._on_finished, None
        if callback:
            callback()

    def stop(self) -> None:
        sound, self._sound = self._sound, None
        self._on_finished = None
        if sound is not None:
            sound.stop()
            sound.unload()
