"""The host's whole flow on the theatre PC, driven by the presenter remote (or the touch bar):

    SIGNAGE --start (or the schedule's time)--> AUDIENCE --start--> RUNNING --end / stop--> SIGNAGE
      next/prev choose the item                   next/prev choose the group      the item's run
                                                  up/down change a walk-in count  takes the keys
                                                  pause: ceremony led ↔ guided
                                                  stop: back to SIGNAGE

When a scheduled start arrives while the signage shows, the audience choice opens by itself and
starts the item after ``AUTO_START_SECONDS`` with what is chosen then (the only checked-in group
if there is one, else nobody). Every finished run is handed to ``on_finished`` once (to be
recorded); a film that failed is not a screening and is reported with ``completed=False`` like a
stop, the recorder drops false starts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from kiosk.clock import Clock
from kiosk.theatre import audience as aud
from kiosk.theatre.audience import Audience
from kiosk.theatre.ceremony import GUIDED, LED, CeremonyRun
from kiosk.theatre.film import FilmRun
from kiosk.theatre.lecture import LectureRun
from kiosk.theatre.model import Ceremony, Film, Item, Lecture, Programme, Showing
from kiosk.theatre.remote import Action
from kiosk.theatre.runs import ItemRun
from kiosk.theatre.schedule import next_showing, todays_showings

AUTO_START_SECONDS = 60.0
SCHEDULE_WINDOW = timedelta(minutes=2)
"""A scheduled start is taken up only this long after its time (a PC switched on at 11:00 does
not start the 10:00 film)."""


class HostStage(StrEnum):
    SIGNAGE = "signage"
    AUDIENCE = "audience"
    RUNNING = "running"


@dataclass(frozen=True)
class Outcome:
    """A run that ended, for the recorder."""

    item: Item
    audience: Audience
    mode: str
    started_at: datetime
    ended_at: datetime
    completed: bool
    failed: bool = False


class TheatreHost:
    def __init__(
        self,
        programme: Programme,
        clock: Clock,
        *,
        on_finished: Callable[[Outcome], None] = lambda outcome: None,
        ceremony_mode: str = LED,
        volume: float = 0.8,
    ) -> None:
        self.programme = programme
        self.clock = clock
        self.on_finished = on_finished
        self.stage = HostStage.SIGNAGE
        self.selected = 0
        self.groups: tuple[Audience, ...] = ()
        self.option_index = 0
        self.walk_in_count = 10
        self.ceremony_mode = ceremony_mode
        self.volume = volume
        self.pending: Item | None = None
        self.run: ItemRun | None = None
        self.audience: Audience = aud.NOBODY
        self.auto_start_at: float | None = None
        self._fired: set[tuple[datetime, str]] = set()
        self._select_next_scheduled()

    # -- reading --------------------------------------------------------------------------------

    @property
    def items(self) -> tuple[Item, ...]:
        return self.programme.items

    @property
    def selected_item(self) -> Item | None:
        return self.items[self.selected] if self.items else None

    @property
    def options(self) -> tuple[Audience, ...]:
        """What the audience choice offers: today's groups, a walk-in count, nobody."""
        return (*self.groups, aud.walk_in(self.walk_in_count), aud.NOBODY)

    @property
    def option(self) -> Audience:
        return self.options[min(self.option_index, len(self.options) - 1)]

    def today(self) -> list[Showing]:
        return todays_showings(self.programme, self.clock.now())

    def next_showing(self) -> Showing | None:
        return next_showing(self.programme, self.clock.now())

    @property
    def auto_seconds_left(self) -> float | None:
        if self.auto_start_at is None:
            return None
        return max(0.0, self.auto_start_at - self.clock.monotonic())

    # -- the audience ---------------------------------------------------------------------------

    def set_groups(self, groups: Sequence[Audience]) -> None:
        """Today's checked-in groups (the view model refreshes them from the arrivals)."""
        current = self.option
        self.groups = tuple(groups)
        if current in self.options:
            self.option_index = self.options.index(current)
        else:
            self.option_index = 0 if self.groups else len(self.options) - 1

    def pick(self, index: int) -> None:
        self.option_index = index % len(self.options)
        self.auto_start_at = None  # the host is choosing: no automatic start

    def set_walk_in(self, count: int) -> None:
        self.walk_in_count = aud.walk_in(count).people
        self.option_index = len(self.groups)  # the walk-in option
        self.auto_start_at = None

    # -- acting ---------------------------------------------------------------------------------

    def choose(self, item_id: str, *, auto: bool = False) -> bool:
        """Open the audience choice for ``item_id`` (the touch bar, or the schedule with ``auto``)."""
        item = self.programme.item(item_id)
        if item is None or self.stage is HostStage.RUNNING:
            return False
        self.selected = self.items.index(item)
        self.pending = item
        self.stage = HostStage.AUDIENCE
        self.option_index = 0 if self.groups else len(self.options) - 1
        self.auto_start_at = self.clock.monotonic() + AUTO_START_SECONDS if auto else None
        return True

    def confirm(self) -> bool:
        """Start the pending item for the chosen audience."""
        if self.stage is not HostStage.AUDIENCE or self.pending is None:
            return False
        self.audience = self.option
        self.run = self._start(self.pending)
        self.stage = HostStage.RUNNING
        self.auto_start_at = None
        return True

    def cancel(self) -> None:
        if self.stage is HostStage.AUDIENCE:
            self.stage = HostStage.SIGNAGE
            self.pending = None
            self.auto_start_at = None

    def stop(self) -> None:
        """End what runs now (the touch bar's 结束)."""
        if self.run is not None and not self.run.finished:
            self.run.stop()
        self._leave_if_done(force=True)

    def press(self, action: Action) -> bool:
        """A remote key; True when something changed on screen."""
        if self.stage is HostStage.SIGNAGE:
            return self._press_signage(action)
        if self.stage is HostStage.AUDIENCE:
            return self._press_audience(action)
        assert self.run is not None
        changed = self.run.press(action)
        if isinstance(self.run, FilmRun):
            self.volume = self.run.volume
        self._leave_if_done()
        return changed

    def tick(self) -> None:
        if self.stage is HostStage.RUNNING and self.run is not None:
            self.run.tick()
            self._leave_if_done()
        elif self.stage is HostStage.AUDIENCE:
            if self.auto_start_at is not None and self.clock.monotonic() >= self.auto_start_at:
                self.confirm()
        else:
            self._check_schedule()

    # -- inside ---------------------------------------------------------------------------------

    def _press_signage(self, action: Action) -> bool:
        if not self.items:
            return False
        if action is Action.NEXT:
            self.selected = (self.selected + 1) % len(self.items)
            return True
        if action is Action.PREVIOUS:
            self.selected = (self.selected - 1) % len(self.items)
            return True
        if action is Action.START:
            return self.choose(self.items[self.selected].id)
        return False

    def _press_audience(self, action: Action) -> bool:
        if action is Action.NEXT:
            self.pick(self.option_index + 1)
        elif action is Action.PREVIOUS:
            self.pick(self.option_index - 1)
        elif action is Action.VOLUME_UP or action is Action.VOLUME_DOWN:
            self.set_walk_in(self.walk_in_count + (1 if action is Action.VOLUME_UP else -1))
        elif action is Action.PAUSE and isinstance(self.pending, Ceremony):
            self.ceremony_mode = GUIDED if self.ceremony_mode == LED else LED
            self.auto_start_at = None
        elif action is Action.START:
            return self.confirm()
        elif action is Action.STOP:
            self.cancel()
        else:
            return False
        return True

    def _start(self, item: Item) -> ItemRun:
        if isinstance(item, Film):
            return FilmRun(item, self.clock, volume=self.volume)
        if isinstance(item, Lecture):
            return LectureRun(item, self.clock)
        return CeremonyRun(item, self.clock, mode=self.ceremony_mode, group_name=self.audience.signatory)

    def _leave_if_done(self, force: bool = False) -> None:
        run = self.run
        if run is None or not run.finished:
            return
        if isinstance(run, FilmRun) and not run.should_leave and not force:
            return  # a failed film keeps its message on screen for a while
        assert run.ended_at is not None
        item = self.pending
        assert item is not None
        mode = run.mode if isinstance(run, CeremonyRun) else ""
        outcome = Outcome(item, self.audience, mode, run.started_at, run.ended_at, run.completed,
                          failed=bool(run.failed_message))
        self.run = None
        self.pending = None
        self.stage = HostStage.SIGNAGE
        self.audience = aud.NOBODY
        if run.completed:  # a host runs the list in order; a stopped item stays chosen to run again
            self.selected = (self.items.index(item) + 1) % len(self.items)
        self.on_finished(outcome)

    def _select_next_scheduled(self) -> None:
        showing = self.next_showing()
        if showing is not None:
            self.selected = self.items.index(showing.item)

    def _check_schedule(self) -> None:
        now = self.clock.now()
        for showing in self.today():
            key = (showing.starts, showing.item.id)
            if key in self._fired:
                continue
            if showing.starts <= now < showing.starts + SCHEDULE_WINDOW:
                self._fired.add(key)
                self.choose(showing.item.id, auto=True)
                if len(self.groups) == 1:
                    self.option_index = 0
                else:
                    self.option_index = len(self.options) - 1  # nobody in particular
                return
            if now >= showing.starts + SCHEDULE_WINDOW:
                self._fired.add(key)
