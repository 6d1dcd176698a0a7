"""Reading boards aloud: offline Mandarin TTS (pyttsx3 on espeak-ng), cached by text hash."""

from kiosk.speech.narrator import Narrator, Player
from kiosk.speech.synth import EspeakSynthesizer, SpeechCache, Synthesizer

__all__ = ["EspeakSynthesizer", "Narrator", "Player", "SpeechCache", "Synthesizer"]
