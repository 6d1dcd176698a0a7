"""Which organisation an attempt belongs to: its own ``organisation_id`` unless a choice corrects it.

Attempts are facts, never updated. When several groups were in the hall, the visitor taps theirs on
the result screen and a ``quiz_attempt_organisations`` fact records it; the newest such fact of an
attempt wins. Every figure that groups attempts by organisation (leaderboards, the reports) reads
the organisation through :func:`attempt_organisation_id`, so they all agree. Pure SQL on the store's
tables (SQLite and PostgreSQL alike); the reports import it without the quiz zone's service.

A correlated subquery, one probe of ``ix_quiz_attempt_organisations_attempt`` per attempt: a
``row_number()`` subquery joined to the attempts was 28× slower on SQLite (it scanned the whole
materialised set for every attempt; bench/bench_attempt_organisation.py).

Clearing a group (``kiosk quiz attempt-group ID --none``) is one more choice, naming :data:`NO_GROUP`
(the nil UUID, never an organisation's id): the column stays NOT NULL, the fact syncs like any other,
the newest choice still wins, and :func:`attempt_organisation_id` turns it into NULL — the attempt
counts for nobody (the leaderboard's ``本机``/``终端`` line, the reports' 未关联团体) until a later choice.
A reader that joins the organisations (an older program, the hub's tables) finds no organisation for
it, which is the same answer.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Uuid, func, literal, select

from kiosk.store.quiz_models import QuizAttempt, QuizAttemptOrganisation

NO_GROUP = uuid.UUID(int=0)
"""The organisation a clearing choice names: "this attempt belongs to no group"."""


def attempt_organisation_id() -> ColumnElement[Any]:
    """The attempt's newest chosen organisation, else the one stored with it; NULL when it has none
    or the newest choice cleared it (:data:`NO_GROUP`).

    For a query over ``quiz_attempts`` (correlated to it): use it where ``QuizAttempt.organisation_id``
    was used — in the select list, the GROUP BY, a join's ON clause.
    """
    choice = QuizAttemptOrganisation
    newest = (select(choice.organisation_id).where(choice.attempt_id == QuizAttempt.id)
              .order_by(choice.recorded_at.desc(), choice.id.desc()).limit(1)
              .correlate(QuizAttempt).scalar_subquery())
    return func.nullif(func.coalesce(newest, QuizAttempt.organisation_id), literal(NO_GROUP, Uuid),
                       type_=Uuid)
