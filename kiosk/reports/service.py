"""The reports face for the CLI and the staff dashboard: summaries, exports, feedback, export folder."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.clock import Clock, hall_date
from kiosk.reports.content_names import feedback_tags, zone_names
from kiosk.reports.feedback import record_feedback
from kiosk.reports.rows import RowSource
from kiosk.reports.scope import ReportScope, month_end
from kiosk.reports.summary import Summary, build_summary
from kiosk.store.db import Database
from kiosk.store.facts import FactWriter

USB_ROOTS = (Path("/media"), Path("/run/media"), Path("/mnt"))


@dataclass(frozen=True)
class DashboardFigures:
    """The chosen range's summary and the three cards' (the same object where a card is the range)."""

    chosen: Summary
    today: Summary
    month: Summary
    year: Summary


@dataclass
class ReportsService:
    db: Database
    facts: FactWriter
    clock: Clock
    content_dir: Path | None = None
    presence: Any = None  # kiosk.visits.presence.GroupsInHall (not imported: reports must not need visits' service)
    _zone_names: dict[str, str] | None = field(default=None, repr=False)

    @property
    def hall_id(self) -> str:
        return self.facts.hall_id

    def today(self) -> date:
        return hall_date(self.clock.now())

    def scope(self, start: date, end: date, halls: Iterable[str] | None = ()) -> ReportScope:
        """This hall by default (``halls=()``); ``None`` every hall in the database."""
        chosen = [self.hall_id] if halls == () else halls
        return ReportScope.of(start, end, chosen)

    def zone_names(self) -> dict[str, str]:
        if self._zone_names is None:
            self._zone_names = zone_names(self.content_dir)
        return self._zone_names

    def summary(self, scope: ReportScope) -> Summary:
        with self.db.transaction() as session:
            return build_summary(session, scope, self.zone_names(), self.today())

    def dashboard(self, first: date, last: date) -> DashboardFigures:
        """What the 数据统计 screen shows at once: the chosen range and the 今天 / 本月 / 今年 cards.

        A card that the chosen range already covers is that range's summary, not a second query: the
        cards show arrivals, quiz attempts and feedback, none of which is dated after today, so the
        preset 今年 (to 12-31) gives the 今年 card's figures (1-1 to today), and 本月 the 本月 card's.
        """
        today = self.today()
        chosen = self.summary(self.scope(first, last))

        def card(start: date, period_end: date) -> Summary:
            if first == start and today <= last <= period_end:
                return chosen
            return self.summary(self.scope(start, today))

        month = today.replace(day=1)
        return DashboardFigures(chosen, card(today, today), card(month, month_end(today.year, today.month)),
                                card(date(today.year, 1, 1), date(today.year, 12, 31)))

    def rows(self, scope: ReportScope) -> RowSource:
        return RowSource(self.db, scope, self.zone_names(), self.today())

    def feedback_tags(self) -> tuple[str, ...]:
        return feedback_tags(self.content_dir)

    def record_feedback(self, *, rating: int, tags: Sequence[str] = (), suggestion: str = "",
                        organisation_id: uuid.UUID | None = None) -> uuid.UUID:
        if organisation_id is None and self.presence is not None:
            organisation_id = self.presence.only_group()
        return record_feedback(self.facts, rating=rating, tags=tags, suggestion=suggestion,
                               organisation_id=organisation_id)


def export_folder(data_dir: Path, roots: Sequence[Path] = USB_ROOTS) -> Path:
    """A writable mounted USB stick (the first folder under /media/<user>/ or /run/media/<user>/ or
    /mnt/), else ``data_dir/exports``."""
    for root in roots:
        try:
            candidates = sorted(p for p in root.glob("*/*") if p.is_dir()) + sorted(p for p in root.glob("*") if p.is_dir())
        except OSError:
            continue
        for folder in candidates:
            if os.path.ismount(folder) and os.access(folder, os.W_OK):
                return folder
    return data_dir / "exports"
