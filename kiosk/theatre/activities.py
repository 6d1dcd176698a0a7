"""The theatre's screenings and oath ceremonies as a measured source of the reports' activities.

``kiosk.reports.activities`` imports this module on first use (its ``PLUGIN_MODULES``). A run the
theatre PC recorded is a fact of what happened, so it outranks the purposes groups booked
(priority 10): a hall with a theatre kiosk reports "观看红色影片 N 场" as held, not as intended. An
activity with no recorded run yields nothing, so a hall without a theatre kiosk keeps its booked
purposes instead of a zero.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from kiosk.reports.activities import ActivityRow, activity_source
from kiosk.reports.scope import ReportScope
from kiosk.theatre.stats import theatre_activity

SOURCE = "演播区记录"


@activity_source(priority=10)
def theatre_runs(session: Session, scope: ReportScope) -> Iterable[ActivityRow]:
    """Batches and people of every theatre activity held in the scope (films, oath, lectures)."""
    figures = theatre_activity(session, scope.start, scope.end, scope.halls)
    for row in figures.rows:
        if row.batches:
            yield ActivityRow(row.activity, row.batches, row.people, SOURCE)
