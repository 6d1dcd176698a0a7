"""The oath ceremony (重温入党誓词) as a state machine on an injected clock.

    INTRO --next--> PHRASE 0 --next--> PHRASE 1 ... PHRASE n-1 --next--> SIGNATURE --next--> done
            <-prev--          <-prev--                                    (宣誓人：group, date)
    STOP from anywhere ends it; it counts as completed once SIGNATURE was reached.

Two modes:

* **led** (领誓): the host reads each phrase, the group repeats, the remote advances.
* **guided** (跟读): the kiosk reads each phrase aloud, then leaves the group a pause to repeat
  it, then moves on by itself. The screen asks for speech through :attr:`speak_request` and
  reports back with :meth:`spoken`; if no report comes (no audio device, espeak-ng missing) the
  phrase counts as spoken after an estimate, so the ceremony never hangs. PAUSE holds the timing;
  NEXT / PREVIOUS still jump.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kiosk.clock import Clock, hall_date
from kiosk.theatre.model import Ceremony
from kiosk.theatre.remote import Action
from kiosk.theatre.runs import ItemRun

LED = "led"
GUIDED = "guided"
INTRO_SECONDS = 5.0
"""Guided mode: how long the title card stands before the first phrase is read."""
SECONDS_PER_CHARACTER = 0.35
"""About how long a group takes to say one character together (and espeak-ng to read it)."""
SPEECH_GRACE = 3.0


class CeremonyStage(StrEnum):
    INTRO = "intro"
    PHRASE = "phrase"
    SIGNATURE = "signature"


class GuidedStep(StrEnum):
    SPEAKING = "speaking"
    REPEATING = "repeating"


@dataclass(frozen=True)
class SpeakRequest:
    """Read ``text`` aloud and call :meth:`CeremonyRun.spoken` with ``token`` when done."""

    token: int
    text: str


def repeat_seconds(phrase: str, least: float) -> float:
    """The pause left for the group to repeat ``phrase``: its length spoken, at least ``least``."""
    return max(least, len(phrase) * SECONDS_PER_CHARACTER)


def oath_date_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class CeremonyRun(ItemRun):
    def __init__(self, ceremony: Ceremony, clock: Clock, *, mode: str = LED, group_name: str = "") -> None:
        if mode not in (LED, GUIDED):
            raise ValueError(f"unknown ceremony mode {mode!r}")
        super().__init__(clock)
        self.ceremony = ceremony
        self.mode = mode
        self.group_name = group_name
        self.stage = CeremonyStage.INTRO
        self.index = -1
        self.reached_signature = False
        self.held = False
        self.step: GuidedStep | None = None
        self.speak_request: SpeakRequest | None = None
        self._token = 0
        self._deadline: float | None = None
        self._held_remaining: float | None = None
        if mode == GUIDED:
            self._deadline = clock.monotonic() + INTRO_SECONDS

    # -- reading --------------------------------------------------------------------------------

    @property
    def phrases(self) -> tuple[str, ...]:
        return self.ceremony.phrases

    @property
    def phrase(self) -> str:
        return self.phrases[self.index] if self.stage is CeremonyStage.PHRASE else ""

    @property
    def signatory(self) -> str:
        """"宣誓人：…" as the closing card shows it."""
        return f"宣誓人：{self.group_name}" if self.group_name else "宣誓人："

    @property
    def date_text(self) -> str:
        return oath_date_text(hall_date(self.started_at))

    @property
    def seconds_left(self) -> float | None:
        """Guided mode: seconds until the next automatic step (None when nothing is timed)."""
        if self.held:
            return self._held_remaining
        if self._deadline is None:
            return None
        return max(0.0, self._deadline - self.clock.monotonic())

    # -- acting ---------------------------------------------------------------------------------

    def press(self, action: Action) -> bool:
        if self.finished:
            return False
        if action is Action.STOP:
            self.stop()
            return True
        if action is Action.NEXT:
            self._forward()
            return True
        if action is Action.PREVIOUS:
            return self._back()
        if action is Action.PAUSE and self.mode == GUIDED:
            self._toggle_hold()
            return True
        return False

    def stop(self) -> None:
        self.speak_request = None
        self._deadline = None
        self._finish(completed=self.reached_signature)

    def spoken(self, token: int) -> None:
        """The screen's speech for ``token`` has finished (or failed): the group's turn."""
        if token != self._token or self.step is not GuidedStep.SPEAKING or self.finished:
            return
        self.speak_request = None
        self.step = GuidedStep.REPEATING
        pause = repeat_seconds(self.phrase, self.ceremony.pause_seconds)
        if self.held:
            self._held_remaining = pause  # the group's whole pause waits for the host to resume
        else:
            self._set_deadline(pause)

    def tick(self) -> None:
        if self.finished or self.held or self._deadline is None:
            return
        if self.clock.monotonic() < self._deadline:
            return
        if self.stage is CeremonyStage.PHRASE and self.step is GuidedStep.SPEAKING:
            self.spoken(self._token)  # no report from the speech: go on as if it had been read
        else:
            self._forward()

    # -- moving ---------------------------------------------------------------------------------

    def _forward(self) -> None:
        if self.stage is CeremonyStage.SIGNATURE:
            self._finish(completed=True)
            self._deadline = None
            return
        if self.index + 1 < len(self.phrases):
            self._show(self.index + 1)
        else:
            self.stage = CeremonyStage.SIGNATURE
            self.reached_signature = True
            self.step = None
            self.speak_request = None
            self._deadline = None
            self.held = False

    def _back(self) -> bool:
        if self.stage is CeremonyStage.SIGNATURE:
            self._show(len(self.phrases) - 1)
            return True
        if self.stage is CeremonyStage.PHRASE and self.index > 0:
            self._show(self.index - 1)
            return True
        return False

    def _show(self, index: int) -> None:
        self.stage = CeremonyStage.PHRASE
        self.index = index
        self.held = False
        if self.mode == GUIDED:
            self._token += 1
            self.step = GuidedStep.SPEAKING
            self.speak_request = SpeakRequest(self._token, self.phrases[index])
            estimate = len(self.phrases[index]) * SECONDS_PER_CHARACTER + SPEECH_GRACE
            self._set_deadline(estimate)

    def _set_deadline(self, seconds: float) -> None:
        self._deadline = self.clock.monotonic() + seconds

    def _toggle_hold(self) -> None:
        if self.held:
            self.held = False
            if self._held_remaining is not None:
                self._set_deadline(self._held_remaining)
            self._held_remaining = None
        elif self._deadline is not None:
            self.held = True
            self._held_remaining = max(0.0, self._deadline - self.clock.monotonic())
