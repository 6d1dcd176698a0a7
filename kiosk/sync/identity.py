"""Who this kiosk is: the device UUID kept in its database, the hall it belongs to, one writer per row.

The device id used to default to the host name: kiosks cloned from one disk image collided, and
renaming a PC changed who owned its facts. Revision 0006 generates a UUID once; the host name is
only its label.
"""

from __future__ import annotations

import socket
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import event, select, text, update
from sqlalchemy.orm import Session

from kiosk.store.db import Database
from kiosk.store.quiz_models import QuizBank
from kiosk.store.sync_models import DeviceIdentity, SyncState
from kiosk.store.visits_models import Booking, Organisation, RevokedPass

OWNED_MODELS = (Organisation, Booking, RevokedPass, QuizBank)


class SyncError(RuntimeError):
    """A sync problem staff can act on (message in Chinese)."""


@dataclass(frozen=True)
class Identity:
    device_id: str
    label: str


def device_identity(db: Database, now: datetime) -> Identity:
    """This device's UUID and label (made on first use if the database has none)."""
    with db.transaction() as session:
        row = session.get(DeviceIdentity, 1)
        if row is None:
            row = DeviceIdentity(id=1, device_id=str(uuid.uuid4()), label=(socket.gethostname() or "")[:128],
                                 created_at=now)
            session.add(row)
        return Identity(row.device_id, row.label)


def sync_state(session: Session) -> SyncState:
    state = session.get(SyncState, 1)
    if state is None:
        state = SyncState(id=1, last_pull_seq=0)
        session.add(state)
        session.flush()
    return state


def is_enrolled(db: Database) -> bool:
    """Enrolled online (a hub address) or by USB stick (enrolled, maybe with no address)."""
    with db.transaction() as session:
        state = session.get(SyncState, 1)
        return state is not None and (bool(state.hub_url) or state.enrolled_at is not None)


def refuse_if_enrolled(db: Database, what: str) -> None:
    """One writer per row: once a hub is configured, organisations and bookings are made there."""
    if is_enrolled(db):
        with db.transaction() as session:
            hub = sync_state(session).hub_url
        if not hub:  # enrolled by USB stick: the hub's data comes on the stick too
            raise SyncError(f"本机已经 U 盘登记到区级中心：{what}由中心统一管理，请在中心添加；"
                            "导入中心数据包（kiosk sync bundle import）后本机即可使用。")
        raise SyncError(f"本机已登记到区级中心（{hub}）：{what}由中心统一管理，请在中心添加；"
                        "下一次同步（kiosk sync pull）后本机即可使用。")


def content_hall_id(content_dir: Path) -> str | None:
    """The ``id`` in the content's hall.yaml (None when the file has none or cannot be read)."""
    try:
        data = yaml.safe_load((content_dir / "hall.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    value = data.get("id") if isinstance(data, dict) else None
    return str(value) if value is not None else None


def check_hall(db: Database, hall_id: str, content_dir: Path) -> None:
    """Refuse to start when the configured hall differs from hall.yaml or from the enrolled hall."""
    content_hall = content_hall_id(content_dir)
    if content_hall is not None and content_hall != hall_id:
        raise SyncError(f"本馆编号不一致：设置中是“{hall_id}”，内容 {content_dir / 'hall.yaml'} 中是“{content_hall}”。"
                        f"请改正其一（kiosk config set hall_id {content_hall}），否则记录会记到错误的展馆。")
    with db.transaction() as session:
        state = session.get(SyncState, 1)
        enrolled = state.hall_id if state is not None else None
    if enrolled and enrolled != hall_id:
        raise SyncError(f"本馆编号不一致：设置中是“{hall_id}”，本机登记在区级中心的展馆是“{enrolled}”。")


def _fill_hall(hall_id: str) -> Any:
    """Before each flush: new reference rows get the hall; a bank re-imported with other content
    gets the next version (a bank pulled from the hub keeps the hub's); new attempt and contest
    facts name their bank by uid and version."""
    from sqlalchemy import inspect as sa_inspect

    from kiosk.store.quiz_models import QuizAttempt, QuizContestEvent

    def before_flush(session: Session, _context: Any, _instances: Any) -> None:
        for obj in session.new:
            if isinstance(obj, OWNED_MODELS) and not obj.hall_id:
                obj.hall_id = hall_id
        for obj in session.dirty:
            attrs = sa_inspect(obj).attrs if isinstance(obj, QuizBank) else None
            # A pulled bank arrives with a new hub number and the hub's version: the hub counts it.
            if attrs is not None and attrs.content_hash.history.has_changes() and not attrs.hub_seq.history.has_changes():
                obj.version = (obj.version or 1) + 1
        banks: dict[str, tuple[Any, int]] = {}
        for obj in session.new:
            if isinstance(obj, (QuizAttempt, QuizContestEvent)) and obj.bank_uid is None and obj.bank:
                if obj.bank not in banks:
                    with session.no_autoflush:
                        found = session.execute(select(QuizBank.uid, QuizBank.version).where(
                            QuizBank.name == obj.bank, QuizBank.hall_id.in_([hall_id, ""]))).first()
                    banks[obj.bank] = (found[0], found[1]) if found else (None, None)  # type: ignore[assignment]
                obj.bank_uid, obj.bank_version = banks[obj.bank]
    return before_flush


def own_reference_rows(db: Database, hall_id: str) -> None:
    """Reference rows made on this kiosk belong to its hall: new rows get it as they are flushed,
    and rows migrated from before revision 0006 with no hall are claimed now."""
    event.listen(db.sessions, "before_flush", _fill_hall(hall_id))
    with db.transaction() as session:
        for model in OWNED_MODELS:
            if session.execute(select(model.hall_id).where(model.hall_id == "").limit(1)).first():
                session.execute(update(model).where(model.hall_id == "").values(hall_id=hall_id))


def fact_device_aliases(db: Database, device_id: str) -> list[str]:
    """Device ids of this database's waiting facts other than ``device_id`` (made before 0006)."""
    from kiosk.sync.wire import fact_tables

    aliases: set[str] = set()
    with db.transaction() as session:
        for name in fact_tables():
            aliases.update(session.execute(text(
                f'SELECT DISTINCT device_id FROM "{name}" WHERE id IN (SELECT fact_id FROM sync_outbox '
                f"WHERE table_name = :t)"), {"t": name}).scalars())
    aliases.discard(device_id)
    return sorted(aliases)


__all__ = ["Identity", "SyncError", "check_hall", "device_identity", "is_enrolled", "own_reference_rows",
           "refuse_if_enrolled"]
