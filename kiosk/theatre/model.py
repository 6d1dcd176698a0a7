"""The theatre's programme as the content describes it: films, lectures, the oath ceremony and
the weekly schedule. Plain frozen values, built only from content that passed the check."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

FILM = "film"
LECTURE = "lecture"
CEREMONY = "ceremony"

KIND_NAMES = {FILM: "红色影片", LECTURE: "专题讲座", CEREMONY: "重温入党誓词"}


@dataclass(frozen=True)
class Film:
    """A video file with what the signage says about it."""

    id: str
    title: str
    file: Path
    seconds: int
    synopsis: str = ""
    kind: str = field(default=FILM, init=False)


@dataclass(frozen=True)
class Lecture:
    """Slides in order (images; a PDF's pages are rendered to images ahead of time).

    ``narration`` holds one text per slide (may be empty): read aloud when the slide shows.
    """

    id: str
    title: str
    slides: tuple[Path, ...]
    speaker: str = ""
    pdf: Path | None = None
    narration: tuple[str, ...] = ()
    kind: str = field(default=LECTURE, init=False)


@dataclass(frozen=True)
class Ceremony:
    """The oath ceremony: the oath phrase by phrase; ``pause_seconds`` is the least time the
    group is given to repeat a phrase in the guided mode."""

    id: str
    title: str
    phrases: tuple[str, ...]
    pause_seconds: float = 3.0
    kind: str = field(default=CEREMONY, init=False)


Item = Film | Lecture | Ceremony


@dataclass(frozen=True)
class ScheduleEntry:
    """"周二至周六 10:00 红色影片": the ISO weekdays (1 = Monday), the hall-local time, the item."""

    days: frozenset[int]
    at: time
    item_id: str


@dataclass(frozen=True)
class Showing:
    """One scheduled start on one day."""

    starts: datetime
    """Hall-local, aware."""
    item: Item


@dataclass(frozen=True)
class Programme:
    """Every item and the weekly schedule; empty when the content has no ``theatre/`` folder."""

    items: tuple[Item, ...] = ()
    schedule: tuple[ScheduleEntry, ...] = ()

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def showings_on(self, day: date, tz: object) -> list[Showing]:
        """The scheduled starts on the hall-local ``day``, by time (``tz``: the hall's zone)."""
        result = []
        for entry in self.schedule:
            item = self.item(entry.item_id)
            if item is not None and day.isoweekday() in entry.days:
                starts = datetime.combine(day, entry.at, tzinfo=tz)  # type: ignore[arg-type]
                result.append(Showing(starts, item))
        return sorted(result, key=lambda s: s.starts)
