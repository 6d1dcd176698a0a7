"""Narration (read aloud, 朗读): the state the read-aloud buttons show, for every area that reads.

The narrator (``kiosk.speech.narrator``) synthesises on the speech runner and plays through the
player; this class only mirrors its state into properties the screens bind to.
"""

from __future__ import annotations

from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import OptionProperty, StringProperty

from kiosk.speech.narrator import NarrationState, Narrator, Player
from kiosk.speech.synth import SpeechCache
from kiosk.tasks import Runner


class NarrationViewModel(EventDispatcher):
    state = OptionProperty("idle", options=[s.value for s in NarrationState])
    key = StringProperty("")
    """What is being read (a board id, or ``quiz:<question>:<state>``)."""
    message = StringProperty("")

    def __init__(self, speech: SpeechCache, player: Player, runner: Runner, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.narrator = Narrator(speech, player, runner, self._changed)

    @property
    def busy(self) -> bool:
        return self.narrator.busy

    def speak(self, key: str, text: str) -> None:
        self.narrator.speak(key, text)

    def stop(self) -> None:
        self.narrator.stop()

    def _changed(self, state: NarrationState, key: str, message: str) -> None:
        self.state = state.value
        self.key = key
        self.message = message
