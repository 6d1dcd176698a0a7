"""A film's state machine. The player (Kivy's Video in the UI) reports what it does; this class
decides what should happen and the screen makes the player follow it.

    LOADING --loaded--> PLAYING <--pause/resume--> PAUSED
       |                   |  end of file ----------> ENDED
       | no first frame in FIRST_FRAME_TIMEOUT, or the player reports an error --> FAILED
    STOP (host) from any state --------------------> STOPPED

A film that cannot play is never waited on: FAILED carries a sentence for the screen, and a key
press or ``FAILED_RETURN_SECONDS`` takes the theatre back to the signage.
"""

from __future__ import annotations

from enum import StrEnum

from kiosk.clock import Clock
from kiosk.theatre.model import Film
from kiosk.theatre.remote import Action
from kiosk.theatre.runs import ItemRun

FIRST_FRAME_TIMEOUT = 15.0
FAILED_RETURN_SECONDS = 10.0
SEEK_FORWARD = 30.0
SEEK_BACK = 10.0
VOLUME_STEP = 0.1
TRUNCATED_MARGIN = 5.0
"""An end of file this many seconds before the film's length is a damaged file, not the end."""


class FilmState(StrEnum):
    LOADING = "loading"
    PLAYING = "playing"
    PAUSED = "paused"
    ENDED = "ended"
    STOPPED = "stopped"
    FAILED = "failed"


class FilmRun(ItemRun):
    def __init__(self, film: Film, clock: Clock, volume: float = 0.8) -> None:
        super().__init__(clock)
        self.film = film
        self.state = FilmState.LOADING
        self.duration = float(film.seconds)
        self.position = 0.0
        self.volume = volume
        self.seek_request: float | None = None
        """A position the player should jump to; the screen takes it with :meth:`take_seek`."""
        self._deadline = clock.monotonic() + FIRST_FRAME_TIMEOUT

    # -- what the player reports ----------------------------------------------------------------

    def probed(self, duration: float) -> None:
        """FFmpeg read the file's length before playing (more exact than the content's ``length``)."""
        if duration > 0:
            self.duration = duration

    def loaded(self, duration: float = 0.0) -> None:
        """The first frame is on screen; ``duration`` is the player's, used only when it knows one
        (Kivy's Video says 1.0 until its first frame has been handled)."""
        if self.state is FilmState.LOADING:
            if duration > 1.0:
                self.duration = duration
            self.state = FilmState.PLAYING

    def progressed(self, position: float) -> None:
        if self.state in (FilmState.PLAYING, FilmState.PAUSED) and position >= 0:
            self.position = position

    def reached_end(self) -> None:
        """The player reached the end of the file; far before the film's length it is cut short."""
        if self.state in (FilmState.PLAYING, FilmState.PAUSED):
            if self.position < self.duration - TRUNCATED_MARGIN:
                minutes, seconds = divmod(int(self.position), 60)
                self._fail(f"播放到 {minutes}:{seconds:02d} 中断，文件不完整")
                return
            self.position = self.duration
            self.state = FilmState.ENDED
            self._finish(completed=True)

    def player_failed(self, reason: str = "") -> None:
        if not self.finished:
            self._fail(reason)

    def _fail(self, reason: str) -> None:
        name = self.film.file.name
        self.failed_message = f"影片《{self.film.title}》无法播放（{name}{'：' + reason if reason else ''}）。请检查影片文件。"
        self.state = FilmState.FAILED
        self._finish(completed=False)
        self._deadline = self.clock.monotonic() + FAILED_RETURN_SECONDS

    # -- what the host does ---------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        return self.state is FilmState.PAUSED

    @property
    def should_leave(self) -> bool:
        """True when the screen should go back to the signage."""
        if self.state is FilmState.FAILED:
            return self.clock.monotonic() >= self._deadline
        return self.finished

    def press(self, action: Action) -> bool:
        if self.state is FilmState.FAILED:
            self._deadline = self.clock.monotonic()  # any key: back to the signage
            return True
        if action is Action.STOP:
            if self.finished:
                return False
            self.stop()
            return True
        if action is Action.VOLUME_UP or action is Action.VOLUME_DOWN:
            step = VOLUME_STEP if action is Action.VOLUME_UP else -VOLUME_STEP
            return self.set_volume(self.volume + step)
        if self.state not in (FilmState.PLAYING, FilmState.PAUSED):
            return False
        if action in (Action.PAUSE, Action.START):
            self.state = FilmState.PLAYING if self.paused else FilmState.PAUSED
            return True
        if action is Action.NEXT:
            return self.seek(self.position + SEEK_FORWARD)
        if action is Action.PREVIOUS:
            return self.seek(self.position - SEEK_BACK)
        return False

    def stop(self) -> None:
        if not self.finished:
            self.state = FilmState.STOPPED
        super().stop()

    def seek(self, target: float) -> bool:
        if self.state not in (FilmState.PLAYING, FilmState.PAUSED):
            return False
        end = max(0.0, self.duration - 1.0)
        self.seek_request = min(max(0.0, target), end)
        self.position = self.seek_request
        return True

    def take_seek(self) -> float | None:
        target, self.seek_request = self.seek_request, None
        return target

    def set_volume(self, volume: float) -> bool:
        new = round(min(1.0, max(0.0, volume)), 2)
        changed = new != self.volume
        self.volume = new
        return changed

    def tick(self) -> None:
        if self.state is FilmState.LOADING and self.clock.monotonic() >= self._deadline:
            self._fail("超过 15 秒仍没有画面")
