"""The real :class:`kiosk.speech.Player`: Kivy's SDL2 audio plays the cached WAV.

``SoundLoader.load`` reads and decodes the whole file (a board's narration is a few hundred KB):
it runs on a worker, and the sound starts on the UI thread when it is loaded. A ``stop`` or a
newer ``play`` before then wins: the late sound is unloaded unplayed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.core.audio import SoundLoader

from kiosk.tasks import InlineRunner, Runner


class KivyPlayer:
    """Plays one sound at a time; ``on_finished`` fires only when the sound ends by itself."""

    def __init__(self, loader: Runner | None = None) -> None:
        self._loader: Runner = loader or InlineRunner()
        self._sound: Any = None
        self._on_finished: Callable[[], None] | None = None
        self._wanted = 0
        """Bumped by every play and stop: only the newest request's sound may start."""

    def play(self, path: Path, on_finished: Callable[[], None]) -> None:
        self.stop()
        wanted = self._wanted

        def loaded(sound: Any) -> None:
            if wanted != self._wanted:
                if sound is not None:
                    sound.unload()
                return
            if sound is None:
                on_finished()
                return
            self._sound, self._on_finished = sound, on_finished
            sound.bind(on_stop=self._stopped)
            sound.play()

        self._loader.submit(lambda: SoundLoader.load(str(path)), loaded, lambda _exc: loaded(None))

    def _stopped(self, _sound: Any) -> None:
        callback, self._on_finished = self._on_finished, None
        if callback:
            callback()

    def stop(self) -> None:
        self._wanted += 1
        sound, self._sound = self._sound, None
        self._on_finished = None
        if sound is not None:
            sound.stop()
            sound.unload()
