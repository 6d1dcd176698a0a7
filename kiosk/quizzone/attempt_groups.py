"""Which organisation an attempt belongs to: its own ``organisation_id`` unless a choice corrects it.

Attempts are facts, never updated. When several groups were in the hall, the visitor taps theirs on
the result screen and a ``quiz_attempt_organisations`` fact records it; the newest such fact of an
attempt wins. Every figure that groups attempts by organisation (leaderboards, the reports) reads
the organisation through :class:`AttemptOrganisation`, so they all agree. Pure SQL on the store's
tables (SQLite and PostgreSQL alike); the reports import it without the quiz zone's service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar, Unpack

from sqlalchemy import ColumnElement, Select, Subquery, func, select

from kiosk.store.quiz_models import QuizAttempt, QuizAttemptOrganisation

S = TypeVar("S", bound=Select[Unpack[tuple[Any, ...]]])


def newest_choices(since: datetime | None = None) -> Subquery:
    """(attempt_id, organisation_id) of each attempt's newest choice.

    ``since``: the start of the range the caller reads. A choice is made after its attempt finished,
    so choices recorded before the range cannot concern attempts in it; the bound keeps the subquery
    small over ten years of history.
    """
    c = QuizAttemptOrganisation
    rank = func.row_number().over(partition_by=c.attempt_id, order_by=(c.recorded_at.desc(), c.id.desc()))
    ranked = select(c.attempt_id, c.organisation_id, rank.label("rn"))
    if since is not None:
        ranked = ranked.where(c.recorded_at >= since)
    inner = ranked.subquery("ranked_attempt_choices")
    return select(inner.c.attempt_id, inner.c.organisation_id).where(inner.c.rn == 1).subquery("attempt_choices")


@dataclass(frozen=True)
class AttemptOrganisation:
    """The attempt's organisation as a column, and the outer join that makes it available."""

    choices: Subquery

    @property
    def column(self) -> ColumnElement[Any]:
        """The chosen organisation, else the one stored with the attempt (may be NULL)."""
        return func.coalesce(self.choices.c.organisation_id, QuizAttempt.organisation_id)

    def join(self, query: S) -> S:
        """``query`` (selecting from ``quiz_attempts``) with the choices outer-joined."""
        return query.join_from(QuizAttempt, self.choices, self.choices.c.attempt_id == QuizAttempt.id, isouter=True)


def attempt_organisation(since: datetime | None = None) -> AttemptOrganisation:
    """See :class:`AttemptOrganisation`; ``since`` as in :func:`newest_choices`."""
    return AttemptOrganisation(newest_choices(since))
