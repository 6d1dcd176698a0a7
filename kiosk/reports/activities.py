"""Activities of the summary (观看红色影片, 重温入党誓词 …): batches and people, one function per source.

A source is a function ``(session, scope) -> Iterable[ActivityRow]`` registered with
:func:`activity_source`. The built-in one reads the booked visit purposes of the groups that came.
A source that *measures* an activity on site (issue 11's theatre: screenings and oath ceremonies held)
registers with a higher ``priority``; where two sources name the same activity, the higher priority
wins, so a booked intention never adds to a measured fact (no double counting).

The hook for another package: put a module in :data:`PLUGIN_MODULES` (e.g. ``kiosk.theatre.activities``)
that calls ``@activity_source(priority=10)`` at import; it is imported when the activities are first
computed, and skipped while it does not exist yet.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kiosk.reports.scope import ReportScope
from kiosk.reports.visits import UNKNOWN_PURPOSE, by_purpose

PLUGIN_MODULES: tuple[str, ...] = ("kiosk.theatre.activities",)


@dataclass(frozen=True)
class ActivityRow:
    """``batches`` groups (批次) and ``people`` (人次) who took part in ``activity``; ``source`` says how known."""

    activity: str
    batches: int
    people: int
    source: str


ActivitySource = Callable[[Session, ReportScope], Iterable[ActivityRow]]
"""``(session, scope) -> rows``; the summary passes its groups per booked purpose (a list of
:class:`kiosk.reports.visits.PurposeRow`) as ``session.info["kiosk_purposes"]`` (a source may use them
or query on its own)."""
_SOURCES: list[tuple[int, str, ActivitySource]] = []
_plugins_loaded = False


def activity_source(priority: int = 0) -> Callable[[ActivitySource], ActivitySource]:
    """Register ``fn`` as an activity source (idempotent per function name)."""

    def register(fn: ActivitySource) -> ActivitySource:
        name = f"{fn.__module__}.{fn.__qualname__}"
        _SOURCES[:] = [s for s in _SOURCES if s[1] != name]
        _SOURCES.append((priority, name, fn))
        return fn

    return register


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for module in PLUGIN_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module.startswith(exc.name):
                raise  # the plugin exists but something it imports is missing: say so


@activity_source(priority=0)
def booked_purposes(session: Session, scope: ReportScope) -> Iterable[ActivityRow]:
    """Every group that came, under the purpose it booked (参观学习, 重温入党誓词 …)."""
    purposes = session.info.get("kiosk_purposes")
    for row in by_purpose(session, scope) if purposes is None else purposes:
        if row.purpose != UNKNOWN_PURPOSE:
            yield ActivityRow(row.purpose, row.groups, row.people, "预约目的")


def activities(session: Session, scope: ReportScope) -> list[ActivityRow]:
    """One row per activity, from the highest-priority source that reports it; most batches first."""
    _load_plugins()
    chosen: dict[str, tuple[int, ActivityRow]] = {}
    for priority, _name, fn in _SOURCES:
        for row in fn(session, scope):
            held = chosen.get(row.activity)
            if held is None or priority > held[0]:
                chosen[row.activity] = (priority, row)
    return sorted((row for _p, row in chosen.values()), key=lambda r: (-r.batches, r.activity))
