"""Exhibition figures: views, visitors who read, total and median dwell per zone and per board.

A board view "was read" when it stayed open at least :data:`READ_SECONDS` (a glance is not reading).
Medians are computed in SQL with window functions (``row_number`` and ``count`` over the zone or
board), so ten years of views never leave the database; the same SQL runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kiosk.reports.scope import ReportScope
from kiosk.store.models import BoardView
from kiosk.store.report_rollup_models import BoardViewDay

READ_SECONDS = 10.0


def _views(scope: ReportScope, *columns: Any) -> Any:
    begin, end = scope.utc_bounds()
    return scope.narrow(select(*columns).where(BoardView.opened_at >= begin, BoardView.opened_at < end),
                        BoardView.hall_id)


@dataclass(frozen=True)
class DwellRow:
    """One zone (``board_id`` None) or one board: views, reads, read-aloud uses, dwell seconds."""

    zone_id: str
    board_id: str | None
    name: str
    views: int
    readers: int
    read_aloud: int
    total_seconds: float
    median_seconds: float | None
    """None when not asked for (``medians=False``: the dashboard's fast path)."""


def _medians(session: Session, scope: ReportScope, keys: tuple[Any, ...]) -> dict[tuple[str, ...], float]:
    ranked = _views(
        scope, *keys, BoardView.dwell_seconds.label("dwell"),
        func.row_number().over(partition_by=keys, order_by=BoardView.dwell_seconds).label("rn"),
        func.count().over(partition_by=keys).label("n"),
    ).subquery("ranked_views")
    key_cols = [ranked.c[k.key] for k in keys]
    # odd n: the middle row; even n: the two middle rows, averaged (``//`` is integer division on both)
    wanted = (ranked.c.rn == (ranked.c.n + 1) // 2) | (ranked.c.rn == ranked.c.n // 2 + 1)
    out: dict[tuple[str, ...], float] = {}
    for *k, median in session.execute(select(*key_cols, func.avg(ranked.c.dwell)).where(wanted).group_by(*key_cols)):
        out[tuple(k)] = float(median)
    return out


def _rows(session: Session, scope: ReportScope, keys: tuple[Any, ...], names: Mapping[str, str],
          medians_too: bool = True) -> list[DwellRow]:
    medians = _medians(session, scope, keys) if medians_too else {}
    result = session.execute(
        _views(scope, *keys, func.count(), func.sum(case((BoardView.dwell_seconds >= READ_SECONDS, 1), else_=0)),
               func.sum(case((BoardView.read_aloud, 1), else_=0)), func.sum(BoardView.dwell_seconds))
        .group_by(*keys)
    ).all()
    rows = []
    for r in result:
        k = tuple(str(x) for x in r[: len(keys)])
        zone, board = k[0], (k[1] if len(k) > 1 else None)
        rows.append(DwellRow(zone, board, names.get(board or zone, board or zone), int(r[-4]), int(r[-3] or 0),
                             int(r[-2] or 0), float(r[-1] or 0.0), medians.get(k, 0.0) if medians_too else None))
    rows.sort(key=lambda row: (-row.views, row.zone_id, row.board_id or ""))
    return rows


def _days(scope: ReportScope, *columns: Any) -> Any:
    """The per-day rollup of the range (revision 0013): a range is whole hall-local days."""
    return scope.narrow(select(*columns).where(BoardViewDay.local_date >= scope.start,
                                               BoardViewDay.local_date <= scope.end), BoardViewDay.hall_id)


def zone_rows(session: Session, scope: ReportScope, names: Mapping[str, str] | None = None, *,
              medians: bool = True) -> list[DwellRow]:
    """The zones ranked by views (``names`` maps zone ids to titles from the content): the sums from
    the per-day rollup; the medians, when asked, from the views themselves (not additive)."""
    names = names or {}
    found = _medians(session, scope, (BoardView.zone_id,)) if medians else {}
    result = session.execute(
        _days(scope, BoardViewDay.zone_id, func.sum(BoardViewDay.views), func.sum(BoardViewDay.readers),
              func.sum(BoardViewDay.read_aloud), func.sum(BoardViewDay.dwell_seconds))
        .group_by(BoardViewDay.zone_id)
    ).all()
    rows = [DwellRow(str(z), None, names.get(str(z), str(z)), int(v), int(r or 0), int(a or 0), float(d or 0.0),
                     found.get((str(z),), 0.0) if medians else None) for z, v, r, a, d in result]
    rows.sort(key=lambda row: (-row.views, row.zone_id))
    return rows


def board_rows(session: Session, scope: ReportScope, names: Mapping[str, str] | None = None) -> list[DwellRow]:
    return _rows(session, scope, (BoardView.zone_id, BoardView.board_id), names or {})


def total_views(session: Session, scope: ReportScope) -> int:
    return int(session.execute(_days(scope, func.coalesce(func.sum(BoardViewDay.views), 0))).scalar_one())
