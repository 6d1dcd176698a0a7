"""The arrival rules, in one place: which check-in of a group counts, and with how many people.

Moved here from ``kiosk.visits.stats`` (which now imports them) so the reports, the staff's today's
bookings and the hub all count the same way. The same SQLAlchemy queries run on a kiosk's SQLite and
on the hub's PostgreSQL; window functions (SQLite >= 3.25) pick, per booking, the check-in that counts:

* A group is counted ONCE however many check-in facts it has. Two kiosks that were both offline
  may each accept the same pass; both facts are kept (facts are never deleted) and the booking is
  listed as a flagged duplicate.
* The check-in that counts is the earliest (recorded_at, then id). Its people are the newest
  headcount confirmation made on ANY check-in of that booking that day (the leader may stand at
  the kiosk that accepted the pass second), or the earliest check-in's headcount cap if none was.
* Dates are the hall-local day stored on each check-in, so ranges need no time-zone arithmetic in SQL.

``halls`` is one hall id, a collection of them (a district on the hub) or None (every hall).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVarTuple, Unpack

from sqlalchemy import Select, Uuid, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased

from kiosk.store.visits_models import Booking, Checkin, HeadcountConfirmation, Organisation

PASS = "pass"
WALK_IN = "walk_in"

Halls = str | Collection[str] | None


def hall_condition(column: Any, halls: Halls) -> Any:
    """``column = hall`` / ``column IN halls``, or None for every hall."""
    if halls is None:
        return None
    if isinstance(halls, str):
        return column == halls
    names = sorted(halls)
    return column == names[0] if len(names) == 1 else column.in_(names)


_Ts = TypeVarTuple("_Ts")


def _pass_checkins_in(query: Select[Unpack[_Ts]], start: date, end: date, halls: Halls,
                      booking_id: uuid.UUID | None) -> Select[Unpack[_Ts]]:
    """``query`` narrowed to pass check-ins in [start, end], of the halls and one booking if given."""
    query = query.where(Checkin.kind == PASS, Checkin.local_date >= start, Checkin.local_date <= end)
    condition = hall_condition(Checkin.hall_id, halls)
    if condition is not None:
        query = query.where(condition)
    if booking_id is not None:
        query = query.where(Checkin.booking_id == booking_id)
    return query


def latest_confirmations(start: date, end: date, halls: Halls = None,
                         booking_id: uuid.UUID | None = None) -> Any:
    """Subquery (booking_id, local_date, arrived): per booking and day, the newest headcount
    confirmation made on any of that booking's check-ins that day (whichever kiosk took it)."""
    ranked = _pass_checkins_in(
        select(
            Checkin.booking_id.label("booking_id"),
            Checkin.local_date.label("local_date"),
            HeadcountConfirmation.arrived.label("arrived"),
            func.row_number()
            .over(
                partition_by=(Checkin.booking_id, Checkin.local_date),
                order_by=(HeadcountConfirmation.recorded_at.desc(), HeadcountConfirmation.id.desc()),
            )
            .label("rn"),
        ).join(Checkin, Checkin.id == HeadcountConfirmation.corrects_id),
        start, end, halls, booking_id,
    ).subquery("ranked_confirmations")
    return (
        select(ranked.c.booking_id, ranked.c.local_date, ranked.c.arrived)
        .where(ranked.c.rn == 1)
        .subquery("latest_confirmations")
    )


def newest_confirmation(halls: Halls = None) -> Any:
    """Correlated scalar subquery: the newest headcount confirmation made on any pass check-in of the
    outer check-in's booking and day (of the same halls), else NULL.

    The same rule as :func:`latest_confirmations`, asked per counted row: two index probes
    (``ix_checkins_booking_day``, ``ix_headcount_confirmations_checkin``) instead of joining a
    materialised window, which SQLite without ANALYZE statistics scanned once per check-in.
    """
    sibling = aliased(Checkin, name="sibling_checkin")
    query = (
        select(HeadcountConfirmation.arrived)
        .join(sibling, sibling.id == HeadcountConfirmation.corrects_id)
        .where(sibling.kind == PASS, sibling.booking_id == Checkin.booking_id, sibling.local_date == Checkin.local_date)
    )
    condition = hall_condition(sibling.hall_id, halls)
    if condition is not None:
        query = query.where(condition)
    return (query.order_by(HeadcountConfirmation.recorded_at.desc(), HeadcountConfirmation.id.desc())
            .limit(1).correlate(Checkin).scalar_subquery())


def ranked_pass_checkins(start: date, end: date, halls: Halls = None,
                         booking_id: uuid.UUID | None = None) -> Any:
    """Subquery of pass check-ins in [start, end] (of one booking, if given) with their people
    (``arrived``), organisation key and rank within their booking (``rn`` = 1 is the one that counts).

    ``arrived`` is the booking's newest confirmation that day (:func:`newest_confirmation`), else
    the check-in's own headcount cap; only the ``rn`` = 1 row's value is ever summed.
    """
    query: Select[Any] = (
        select(
            Checkin.id.label("checkin_id"),
            Checkin.booking_id.label("booking_id"),
            Checkin.hall_id.label("hall_id"),
            Checkin.device_id.label("device_id"),
            Checkin.recorded_at.label("recorded_at"),
            Checkin.local_date.label("local_date"),
            func.coalesce(newest_confirmation(halls), Checkin.count).label("arrived"),
            func.coalesce(Checkin.organisation_id, Booking.organisation_id, Checkin.booking_id).label("org_key"),
            func.row_number()
            .over(partition_by=Checkin.booking_id, order_by=(Checkin.recorded_at, Checkin.id))
            .label("rn"),
        )
        .outerjoin(Booking, Booking.id == Checkin.booking_id)
    )
    return _pass_checkins_in(query, start, end, halls, booking_id).subquery("ranked_checkins")


@dataclass(frozen=True)
class DuplicateCheckin:
    """A booking checked in more than once (two offline kiosks): counted once, shown for review."""

    booking_id: uuid.UUID
    organisation: str | None
    checkins: int
    devices: tuple[str, ...]
    first_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "booking": str(self.booking_id),
            "organisation": self.organisation,
            "checkins": self.checkins,
            "devices": list(self.devices),
            "first_at": self.first_at.isoformat(),
        }


def duplicate_checkins(session: Session, start: date, end: date, halls: Halls = None,
                       bookings: Collection[uuid.UUID] | None = None) -> list[DuplicateCheckin]:
    """Bookings with more than one pass check-in fact in [start, end], each with its facts in the
    order that ranks them (recorded_at, id: the first one is the one counted). A grouped count finds
    them (index ``ix_checkins_booking_day``), unless ``bookings`` names them (found otherwise: the
    rollup of revision 0014); only their facts are read."""
    if bookings is not None:
        wanted = sorted(bookings)  # uuid order is byte order, as both databases sort them: chunks follow on
        rows = []
        if session.get_bind().dialect.name == "postgresql":  # one array parameter, index probes per id
            if wanted:
                rows = _duplicate_facts(session, start, end, halls,
                                        Checkin.booking_id == any_(bindparam("bookings", wanted, type_=ARRAY(Uuid))))
        else:
            for at in range(0, len(wanted), DUPLICATES_PER_QUERY):
                rows += _duplicate_facts(session, start, end, halls,
                                         Checkin.booking_id.in_(wanted[at:at + DUPLICATES_PER_QUERY]))
    else:
        repeated = _pass_checkins_in(select(Checkin.booking_id), start, end, halls, None) \
            .group_by(Checkin.booking_id).having(func.count() > 1).subquery("repeated")
        rows = _duplicate_facts(session, start, end, halls, Checkin.booking_id.in_(select(repeated.c.booking_id)))
    return _fold_duplicates(rows)


DUPLICATES_PER_QUERY = 900
"""booking ids per ``IN (…)`` on SQLite (under the bound-parameter limit of older versions, 999)"""


def _duplicate_facts(session: Session, start: date, end: date, halls: Halls, which: Any) -> list[Any]:
    return list(session.connection().execute(
        _pass_checkins_in(
            select(Checkin.booking_id, Checkin.device_id, Checkin.recorded_at, Checkin.id, Organisation.name)
            .where(which)
            .outerjoin(Booking, Booking.id == Checkin.booking_id)
            .outerjoin(Organisation, Organisation.id == Booking.organisation_id),
            start, end, halls, None,
        ).order_by(Checkin.booking_id, Checkin.recorded_at, Checkin.id)
    ).all())


def _fold_duplicates(rows: list[Any]) -> list[DuplicateCheckin]:
    grouped: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.booking_id].append(row)
    result = []
    for booking_id, items in grouped.items():
        devices = tuple(dict.fromkeys(item.device_id for item in items))
        result.append(DuplicateCheckin(booking_id, items[0].name, len(items), devices, items[0].recorded_at))
    result.sort(key=lambda d: d.first_at)
    return result
