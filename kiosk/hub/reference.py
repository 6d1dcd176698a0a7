"""Reference data made on the hub: organisations, bookings, cancellations, for one hall.

The hub is their one writer once a hall is enrolled. Every change is numbered by
:mod:`kiosk.hub.sequence` (installed on the hub's sessions), so kiosks pull it by sequence.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.hub.district import HubError
from kiosk.ids import new_fact_id
from kiosk.store.hub_models import Hall
from kiosk.store.quiz_models import QuizBank
from kiosk.store.visits_models import Booking, Organisation, RevokedPass
from kiosk.visits.organisations import ORGANISATION_KINDS


def _hall(session: Session, hall_id: str) -> Hall:
    hall = session.get(Hall, hall_id)
    if hall is None:
        raise HubError(f"没有展馆 {hall_id}。", 404)
    return hall


def add_organisation(session: Session, hall_id: str, name: str, kind: str, now: datetime) -> Organisation:
    _hall(session, hall_id)
    if kind not in ORGANISATION_KINDS:
        raise HubError(f"组织类别“{kind}”无效：请从 {'、'.join(ORGANISATION_KINDS)} 中选择。", 422)
    if session.scalars(select(Organisation).where(Organisation.hall_id == hall_id, Organisation.name == name)).first():
        raise HubError(f"展馆 {hall_id} 已有组织“{name}”。", 409)
    org = Organisation(id=uuid.uuid4(), name=name, kind=kind, created_at=now, hall_id=hall_id)
    session.add(org)
    session.flush()
    return org


def add_booking(session: Session, hall_id: str, organisation_id: uuid.UUID, visit_date: date, slot: tuple[str, str],
                headcount: int, purpose: str, now: datetime) -> Booking:
    _hall(session, hall_id)
    org = session.get(Organisation, organisation_id)
    if org is None or org.hall_id != hall_id:
        raise HubError("找不到该组织。", 404)
    booking = Booking(id=new_fact_id(), organisation_id=org.id, visit_date=visit_date, slot_start=slot[0],
                      slot_end=slot[1], expected_headcount=headcount, purpose=purpose, created_at=now,
                      hall_id=hall_id, pass_id=uuid.uuid4())
    session.add(booking)
    session.flush()
    return booking


def cancel_booking(session: Session, hall_id: str, booking_id: uuid.UUID, now: datetime) -> Booking:
    booking = session.get(Booking, booking_id)
    if booking is None or booking.hall_id != hall_id:
        raise HubError("找不到该预约。", 404)
    if booking.cancelled_at is None:
        booking.cancelled_at = now
        if booking.pass_id is not None and session.get(RevokedPass, booking.pass_id) is None:
            session.add(RevokedPass(pass_id=booking.pass_id, booking_id=booking.id, revoked_at=now,
                                    reason="booking_cancelled", hall_id=hall_id))
        session.flush()
    return booking


def pass_text(session: Session, booking: Booking) -> str:
    """The booking's signed pass (the hall's key on the hub), the same text on every reprint."""
    from kiosk.hub.district import hall_signing_key
    from kiosk.passes.codec import PassKind, issue_pass

    if booking.cancelled_at is not None:
        raise HubError("预约已取消，不能出具通行证。", 409)
    key = hall_signing_key(session, booking.hall_id)
    return issue_pass(booking_id=booking.id, hall_id=booking.hall_id, valid_from=booking.visit_date,
                      valid_to=booking.visit_date, headcount=booking.expected_headcount,
                      kind=PassKind.INDIVIDUAL if booking.expected_headcount == 1 else PassKind.GROUP,
                      signing_key=key, pass_id=booking.pass_id).text


def store_hall_bank(session: Session, hall_id: str, path: Path, name: str, now: datetime) -> QuizBank:
    """Import a question bank file for one hall on the hub (all or nothing), as a staff import does
    on a kiosk: questions the file no longer has are kept retired; the version goes up."""
    import json

    from sqlalchemy import delete, insert

    from kiosk.quizzone.banks import _question_row, check_bank_name, file_hash
    from kiosk.store.quiz_models import QuizQuestion
    from quiz.importers import import_bank

    _hall(session, hall_id)
    name = check_bank_name(name)
    data = path.read_bytes()
    result = import_bank(path, bank_id=name)
    if not result.ok or result.bank is None:
        raise HubError(f"{path.name} 有问题，没有导入任何题目：" + "；".join(str(p) for p in result.problems[:5]), 422)
    bank = result.bank
    row = session.scalars(select(QuizBank).where(QuizBank.hall_id == hall_id, QuizBank.name == name)).one_or_none()
    if row is None:
        row = QuizBank(uid=uuid.uuid4(), version=1, hall_id=hall_id, name=name, source_file=path.name,
                       content_hash=file_hash(data), origin="hub", imported_at=now, question_count=len(bank))
        session.add(row)
        session.flush()
    else:
        row.source_file, row.content_hash, row.origin = path.name, file_hash(data), "hub"
        row.imported_at, row.question_count, row.version = now, len(bank), row.version + 1
    before = {qid: data for qid, data in session.execute(
        select(QuizQuestion.question_id, QuizQuestion.data).where(QuizQuestion.bank_id == row.id))}
    incoming = {q.id for q in bank.questions}
    session.execute(delete(QuizQuestion).where(QuizQuestion.bank_id == row.id))
    rows = [_question_row(row.id, i, q) for i, q in enumerate(bank.questions)]
    for offset, (qid, data_text) in enumerate(sorted(kv for kv in before.items() if kv[0] not in incoming)):
        rows.append({"bank_id": row.id, "question_id": qid, "position": len(bank) + offset,
                     "type": json.loads(data_text).get("type", ""), "category": "", "active": False, "data": data_text})
    if rows:
        session.execute(insert(QuizQuestion), rows)
    session.flush()
    return row
