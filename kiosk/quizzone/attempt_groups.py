"""Which organisation an attempt belongs to: its own ``organisation_id`` unless a choice corrects it.

Attempts are facts, never updated. When several groups were in the hall, the visitor taps theirs on
the result screen and a ``quiz_attempt_organisations`` fact records it; the newest such fact of an
attempt wins. Every figure that groups attempts by organisation (leaderboards, the reports) reads
the organisation through :func:`attempt_organisation_id`, so they all agree. Pure SQL on the store's
tables (SQLite and PostgreSQL alike); the reports import it without the quiz zone's service.

A correlated subquery, one probe of ``ix_quiz_attempt_organisations_attempt`` per attempt: a
``row_number()`` subquery joined to the attempts was 28× slower on SQLite (it scanned the whole
materialised set for every attempt; bench/bench_attempt_organisation.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select

from kiosk.store.quiz_models import QuizAttempt, QuizAttemptOrganisation


def attempt_organisation_id() -> ColumnElement[Any]:
    """The attempt's newest chosen organisation, else the one stored with it (may be NULL).

    For a query over ``quiz_attempts`` (correlated to it): use it where ``QuizAttempt.organisation_id``
    was used — in the select list, the GROUP BY, a join's ON clause.
    """
    choice = QuizAttemptOrganisation
    newest = (select(choice.organisation_id).where(choice.attempt_id == QuizAttempt.id)
              .order_by(choice.recorded_at.desc(), choice.id.desc()).limit(1)
              .correlate(QuizAttempt).scalar_subquery())
    return func.coalesce(newest, QuizAttempt.organisation_id)
