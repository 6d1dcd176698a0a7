"""The theatre's side of the database: today's checked-in groups for the audience choice, and
writing a finished run as a :class:`~kiosk.store.theatre_models.TheatreSession` fact."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.clock import Clock, hall_date
from kiosk.store.facts import FactWriter
from kiosk.store.theatre_models import TheatreSession
from kiosk.theatre import audience as aud
from kiosk.theatre.audience import Audience
from kiosk.theatre.host import Outcome
from kiosk.visits.results import BookingStatus

FALSE_START_SECONDS = 15.0
"""A run stopped within this many seconds of its start was a false start (the wrong item, a
slip of the thumb) and is not a screening: it is not recorded."""


@dataclass
class TheatreRecords:
    facts: FactWriter
    clock: Clock
    today_bookings: Callable[[], list[BookingStatus]]
    """The arrivals' "today's bookings" (``VisitsService.today_bookings``)."""

    def checked_in_groups(self) -> list[Audience]:
        """Today's groups that have arrived, in slot order, with the people counted at check-in."""
        return [
            aud.group(b.organisation, b.arrived, b.booking_id)
            for b in self.today_bookings()
            if b.status == "arrived"
        ]

    def record(self, outcome: Outcome) -> TheatreSession | None:
        """Write the fact for ``outcome``; None (nothing written) for a failed film or a false start."""
        seconds = (outcome.ended_at - outcome.started_at).total_seconds()
        if outcome.failed or (not outcome.completed and seconds < FALSE_START_SECONDS):
            return None
        a = outcome.audience
        fact = TheatreSession(
            item_id=outcome.item.id,
            kind=outcome.item.kind,
            title=outcome.item.title[:128],
            mode=outcome.mode,
            audience=a.kind,
            booking_id=a.booking_id,
            group_name=a.name[:128],
            people=a.people,
            local_date=hall_date(outcome.started_at),
            started_at=outcome.started_at,
            ended_at=outcome.ended_at,
            completed=outcome.completed,
        )
        return self.facts.add(fact)


def souvenir_path(folder: Path, group_name: str, when_text: str) -> Path:
    """Where a ceremony's souvenir still goes: ``<folder>/宣誓留念-<date>-<group>.png``, never over
    an earlier one (a second ceremony of the same group that day gets ``-2``)."""
    safe = re.sub(r'[\\/:*?"<>|\s]+', "", group_name)[:40] or "集体"
    stem = f"宣誓留念-{when_text}-{safe}"
    path = folder / f"{stem}.png"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.png"
        n += 1
    return path
