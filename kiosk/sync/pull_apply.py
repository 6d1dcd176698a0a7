"""Applying a pull on the kiosk: every row of the reply in one transaction, or none of it.

Reference rows are upserted by their stable id (the hub is their one writer); a question bank
replaces the kiosk's copy of that bank with its questions; today's check-ins of the hall from
other devices go into the same ``checkins`` table (keeping their own device ids) and never into
the outbox: only this device's own facts are pushed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kiosk.store.quiz_models import QuizBank, QuizQuestion
from kiosk.store.visits_models import Booking, Checkin, Organisation, RevokedPass
from kiosk.sync.identity import SyncError, sync_state
from kiosk.sync.outbox import acknowledge_ids
from kiosk.sync.wire import WireError, row_from_json

UPSERTS = (("organisations", Organisation, "id"), ("bookings", Booking, "id"), ("revoked_passes", RevokedPass, "pass_id"))


@dataclass(frozen=True)
class Applied:
    seq: int
    rows: int
    checkins: int
    keyring: str
    more: bool


def _rows(reply: dict[str, Any], key: str) -> list[Any]:
    value = reply.get(key, [])
    if not isinstance(value, list):
        raise SyncError(f"中心的回复有误：{key} 应为列表。")
    return value


def apply_pull(session: Session, reply: Any, *, hall_id: str, now: datetime) -> Applied:
    """Apply one pull reply inside ``session``'s transaction (the caller commits or rolls back).

    Raises:
        SyncError: the reply is malformed (nothing of it may be kept: the caller rolls back).
    """
    if not isinstance(reply, dict) or not isinstance(reply.get("seq"), int):
        raise SyncError("中心的回复有误：缺少 seq。")
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA defer_foreign_keys = ON"))  # parents and children arrive in one reply
    upsert = _dialect_insert(session)
    count = 0
    try:
        for key, model, pk in UPSERTS:
            table = cast(Table, model.__table__)
            rows = [row_from_json(table, data) for data in _rows(reply, key)]
            if key == "organisations":
                rows = _parents_first(rows)  # PostgreSQL checks a parent_id at once, not at commit
            for row in rows:
                if row["hall_id"] != hall_id:
                    raise SyncError(f"中心发来了展馆 {row['hall_id']} 的数据，本机属于 {hall_id}。")
                statement = upsert(table).values(row)
                session.execute(statement.on_conflict_do_update(index_elements=[pk], set_=row))
                count += 1
        for data in _rows(reply, "quiz_banks"):
            _apply_bank(session, data, hall_id)
            count += 1
        pulled = []
        for data in _rows(reply, "checkins_today"):
            row = row_from_json(cast(Table, Checkin.__table__), data)
            session.execute(upsert(cast(Table, Checkin.__table__)).values(row).on_conflict_do_nothing())
            pulled.append(row["id"])
        acknowledge_ids(session, pulled)  # another device's facts: never this device's to push
    except WireError as exc:
        raise SyncError(f"中心的回复有误：{exc}") from exc
    state = sync_state(session)
    state.last_pull_seq = max(state.last_pull_seq or 0, reply["seq"])
    state.last_pull_at = now
    keyring = reply.get("keyring") or ""
    return Applied(reply["seq"], count, len(pulled), keyring if isinstance(keyring, str) else "",
                   bool(reply.get("more")))


def _dialect_insert(session: Session) -> Any:
    """The upsert-capable ``insert`` of the kiosk's database: SQLite's, or PostgreSQL's for a kiosk
    whose ``db_url`` is PostgreSQL (kiosks may share one)."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return pg_insert
    if name == "sqlite":
        return sqlite_insert
    raise SyncError(f"本机数据库（{name}）不支持从中心同步，请使用 SQLite 或 PostgreSQL。")


def _parents_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Organisations ordered so a parent in the same reply comes before its children (the reply is
    in hub sequence order, and a parent edited after its child was made comes later)."""
    by_id = {row["id"]: row for row in rows}
    done: set[Any] = set()
    ordered: list[dict[str, Any]] = []

    def place(row: dict[str, Any], depth: int = 0) -> None:
        if row["id"] in done:
            return
        parent = by_id.get(row.get("parent_id"))
        if parent is not None and depth < len(rows):
            place(parent, depth + 1)
        done.add(row["id"])
        ordered.append(row)
    for row in rows:
        place(row)
    return ordered


def _apply_bank(session: Session, data: Any, hall_id: str) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise SyncError("中心的回复有误：题库缺少题目列表。")
    fields = {k: v for k, v in data.items() if k not in ("questions", "id")}
    table = cast(Table, QuizBank.__table__)
    values = row_from_json(table, {**fields, "id": 0})
    values.pop("id")
    if values["hall_id"] != hall_id:
        raise SyncError(f"中心发来了展馆 {values['hall_id']} 的题库，本机属于 {hall_id}。")
    row = session.scalars(select(QuizBank).where(QuizBank.uid == values["uid"])).one_or_none()
    if row is None:  # the kiosk's own copy of a bank of that name is replaced, as a staff import does
        row = session.scalars(select(QuizBank).where(QuizBank.hall_id == hall_id,
                                                     QuizBank.name == values["name"])).one_or_none()
    if row is None:
        row = QuizBank(**values)
        session.add(row)
    else:
        for key, value in values.items():
            setattr(row, key, value)
    session.flush()
    questions = []
    for q in data["questions"]:
        q_row = row_from_json(cast(Table, QuizQuestion.__table__), {**q, "bank_id": 0}) if isinstance(q, dict) else None
        if q_row is None:
            raise SyncError("中心的回复有误：题目应为 JSON 对象。")
        q_row["bank_id"] = row.id
        questions.append(q_row)
    session.execute(delete(QuizQuestion).where(QuizQuestion.bank_id == row.id))
    if questions:
        session.execute(insert(QuizQuestion), questions)

