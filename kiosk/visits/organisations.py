"""The hall's list of visiting organisations: add, list, look up by name (reference data)."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clock import Clock
from kiosk.ids import new_fact_id
from kiosk.store.db import Database
from kiosk.store.visits_models import Organisation
from kiosk.visits.errors import VisitsError
from kiosk.visits.results import OrganisationRef

ORGANISATION_KINDS: tuple[str, ...] = ("机关", "社区", "农村", "学校", "国有企业", '"两新"组织', "其他")
"""The kinds reports group by (design brief); '"两新"组织' is private firms and social organisations."""

_KIND_ALIASES = {"两新组织": '"两新"组织', "“两新”组织": '"两新"组织', "两新": '"两新"组织', "国企": "国有企业"}
NAME_MAX_CHARS = 128


def normalise_kind(kind: str) -> str:
    """The canonical kind for what staff typed (full-width quotes and 两新组织 accepted)."""
    text = unicodedata.normalize("NFKC", kind).strip()
    text = _KIND_ALIASES.get(text, text)
    if text not in ORGANISATION_KINDS:
        raise VisitsError(f"组织类别“{kind}”无效：请从 {'、'.join(ORGANISATION_KINDS)} 中选择。")
    return text


def clean_name(name: str, *, what: str = "组织名称") -> str:
    """A name as stored: NFKC, inner whitespace collapsed, no control characters; refused if empty or too long."""
    text = " ".join(unicodedata.normalize("NFKC", name).split())
    if any(not ch.isprintable() for ch in text):
        raise VisitsError(f"{what}中含有不可见的控制字符，请重新输入。")
    if not text:
        raise VisitsError(f"{what}不能为空。")
    if len(text) > NAME_MAX_CHARS:
        raise VisitsError(f"{what}太长（最多 {NAME_MAX_CHARS} 个字）。")
    return text


@dataclass(frozen=True)
class OrganisationInfo:
    """An organisation with its parent's name, for lists and JSON."""

    id: uuid.UUID
    name: str
    kind: str
    parent: str | None

    def ref(self) -> OrganisationRef:
        return OrganisationRef(self.id, self.name, self.kind)

    def to_json(self) -> dict[str, str | None]:
        return {"id": str(self.id), "name": self.name, "kind": self.kind, "parent": self.parent}


class OrganisationBook:
    """Adds and finds organisations. Names are unique: staff and pinyin search find them by name."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def add(self, name: str, kind: str, parent: str | None = None) -> OrganisationInfo:
        """Add an organisation; VisitsError (nothing written) for a duplicate, a bad kind or an unknown parent."""
        name = clean_name(name)
        kind = normalise_kind(kind)
        with self.db.transaction() as session:
            if self.find(session, name) is not None:
                raise VisitsError(f"组织“{name}”已存在，未重复添加。")
            parent_row = None
            if parent is not None:
                parent_row = self.find(session, clean_name(parent, what="上级组织名称"))
                if parent_row is None:
                    raise VisitsError(f"找不到上级组织“{parent}”：请先添加它。")
            row = Organisation(
                id=new_fact_id(),
                name=name,
                kind=kind,
                parent_id=parent_row.id if parent_row else None,
                created_at=self.clock.now(),
            )
            session.add(row)
        return OrganisationInfo(row.id, row.name, row.kind, parent_row.name if parent_row else None)

    def list_all(self) -> list[OrganisationInfo]:
        """Every organisation, by name."""
        with self.db.transaction() as session:
            rows = session.scalars(select(Organisation).order_by(Organisation.name)).all()
            names = {row.id: row.name for row in rows}
            return [OrganisationInfo(r.id, r.name, r.kind, names.get(r.parent_id) if r.parent_id else None) for r in rows]

    def refs(self) -> list[OrganisationRef]:
        """(id, name, kind) of every organisation, by name: what the pick list and search need."""
        with self.db.transaction() as session:
            rows = session.execute(
                select(Organisation.id, Organisation.name, Organisation.kind).order_by(Organisation.name)
            ).all()
        return [OrganisationRef(row.id, row.name, row.kind) for row in rows]

    def get_by_name(self, name: str) -> OrganisationInfo:
        """The organisation called name; VisitsError if there is none."""
        with self.db.transaction() as session:
            row = self.find(session, clean_name(name))
            if row is None:
                raise VisitsError(f"找不到组织“{name}”：请先用 kiosk org add 添加。")
            return OrganisationInfo(row.id, row.name, row.kind, None)

    @staticmethod
    def find(session: Session, name: str) -> Organisation | None:
        """The organisation with exactly this (cleaned) name, in an open session."""
        return session.scalars(select(Organisation).where(Organisation.name == name)).one_or_none()
