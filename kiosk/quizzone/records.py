"""Writing what a quiz leaves behind as facts: attempts with their answers, contest events.

An attempt and its answers are written in one transaction (a visitor's result is stored whole or
not at all), each row stamped like every fact (``FactWriter.stamp``): UUIDv7, hall, device, UTC.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from kiosk.quizzone.errors import QuizZoneError
from kiosk.quizzone.item_totals import AnswerFact, fold
from kiosk.store.facts import FactWriter
from kiosk.store.quiz_models import QuizAnswer, QuizAttempt, QuizAttemptOrganisation, QuizContestEvent
from kiosk.store.visits_models import Organisation
from quiz.contest import ContestEvent, EventKind
from quiz.session import AnswerRecord, ResultSummary

log = logging.getLogger(__name__)


def write_attempt(
    writer: FactWriter,
    *,
    mode: str,
    bank: str,
    summary: ResultSummary,
    records: Sequence[AnswerRecord],
    organisation_id: uuid.UUID | None,
    card_text: str,
    started_at: datetime | None,
) -> uuid.UUID:
    """One attempt fact plus one answer fact per record; returns the attempt's id.

    ``started_at`` defaults to the finish time minus the answering seconds (the engine counts
    time per question, paused time excluded).
    """
    now = writer.clock.now()
    started = started_at or now - timedelta(seconds=sum(max(0.0, r.seconds) for r in records))
    attempt = QuizAttempt(
        mode=mode, bank=bank, score=summary.score, max_score=summary.max_score, question_count=summary.total,
        correct_count=summary.correct, started_at=started, finished_at=now, organisation_id=organisation_id,
        card_text=card_text,
    )
    writer.stamp(attempt, now)
    answers = []
    for position, record in enumerate(records):
        answer = QuizAnswer(
            attempt_id=attempt.id, position=position, question_id=record.question_id,
            chosen=json.dumps(list(record.chosen), ensure_ascii=False), correct=record.correct,
            seconds=record.seconds, timed_out=record.timed_out, points=record.points,
        )
        writer.stamp(answer, now)
        answers.append(answer)
    facts = [AnswerFact(attempt.id, bank, mode, now, a.question_id, a.chosen, a.correct, a.position) for a in answers]
    with writer.db.transaction() as session:
        session.add(attempt)
        session.add_all(answers)
        session.flush()
        try:  # the item totals, in the attempt's transaction; a failure costs the totals, never the attempt
            with session.begin_nested():
                fold(session, facts, {attempt.id: (bank, mode)})
        except SQLAlchemyError as exc:  # the next statistics read folds it (kiosk.quizzone.item_totals)
            log.warning("item totals not updated for attempt %s: %s", attempt.id, exc)
    return attempt.id


def write_attempt_organisation(writer: FactWriter, *, attempt_id: uuid.UUID,
                               organisation_id: uuid.UUID | None) -> uuid.UUID:
    """The group chosen for a stored attempt, as a correction fact pointing at it; returns its id.

    The attempt must be here (the result screen chooses for the attempt it just stored) and the
    organisation must be known, or the choice would count for a name nobody can show. ``None``
    clears the attempt's group: the fact names :data:`~kiosk.quizzone.attempt_groups.NO_GROUP`.
    """
    from kiosk.quizzone.attempt_groups import NO_GROUP

    with writer.db.transaction() as session:
        if session.get(QuizAttempt, attempt_id) is None:
            raise QuizZoneError("找不到这次答题的记录，无法记入单位。" if organisation_id is not None
                                else "找不到这次答题的记录，无法取消所属单位。")
        if organisation_id is not None and (organisation_id == NO_GROUP
                                            or session.get(Organisation, organisation_id) is None):
            raise QuizZoneError("没有这个单位（可能已被删除），请重新选择。")
        choice = writer.stamp(QuizAttemptOrganisation(
            attempt_id=attempt_id, organisation_id=NO_GROUP if organisation_id is None else organisation_id,
            corrects_id=attempt_id))
        session.add(choice)
    return choice.id


_CORRECTABLE = frozenset({EventKind.ANSWERED, EventKind.TIMED_OUT, EventKind.SCORE_CORRECTED})


def write_contest_events(
    writer: FactWriter, *, contest_id: uuid.UUID, bank: str, events: Sequence[ContestEvent]
) -> int:
    """Store the contest events not stored yet (by ``seq``); returns how many were written.

    Called again with the same contest it appends only the new events, so the UI may call it after
    every step or once at the end. A score correction's ``corrects_id`` is the fact of the event it
    corrects: that team's latest scored turn (answer, timeout or earlier correction) before it, or
    the contest's start when the team had none.
    """
    now = writer.clock.now()
    with writer.db.transaction() as session:
        stored = dict(session.execute(
            select(QuizContestEvent.seq, QuizContestEvent.id).where(QuizContestEvent.contest_id == contest_id)
        ).all())
        kinds = dict(session.execute(
            select(QuizContestEvent.seq, QuizContestEvent.team).where(
                QuizContestEvent.contest_id == contest_id, QuizContestEvent.kind.in_([k.value for k in _CORRECTABLE]))
        ).all())
        start_seq = next((e.seq for e in events if e.kind is EventKind.CONTEST_STARTED), None)
        written = 0
        for event in sorted(events, key=lambda e: e.seq):
            if event.seq in stored:
                continue
            fact = QuizContestEvent(
                contest_id=contest_id, bank=bank, seq=event.seq, kind=event.kind.value, team=event.team,
                round=event.round, question_id=event.question_id,
                chosen=json.dumps(list(event.chosen), ensure_ascii=False), correct=event.correct,
                points=event.points, stake=event.stake, seconds=event.seconds, note=event.note,
                teams=json.dumps(list(event.teams), ensure_ascii=False), clock_seconds=event.at,
            )
            writer.stamp(fact, now)
            if event.kind is EventKind.SCORE_CORRECTED:
                earlier = [seq for seq, team in kinds.items() if team == event.team and seq < event.seq]
                target = max(earlier) if earlier else start_seq
                fact.corrects_id = stored.get(target) if target is not None else None
            session.add(fact)
            stored[event.seq] = fact.id
            if event.kind in _CORRECTABLE:
                kinds[event.seq] = event.team
            written += 1
    return written
