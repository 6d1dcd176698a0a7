"""Who is watching: a checked-in group of today, a walk-in count, or nobody in particular."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

GROUP = "group"
WALK_IN = "walk_in"
NONE = "none"
MAX_WALK_IN = 500


@dataclass(frozen=True)
class Audience:
    kind: str
    name: str = ""
    people: int = 0
    booking_id: uuid.UUID | None = None

    @property
    def label(self) -> str:
        if self.kind == GROUP:
            return f"{self.name}（{self.people} 人）"
        if self.kind == WALK_IN:
            return f"散客 {self.people} 人"
        return "不记录团体"

    @property
    def signatory(self) -> str:
        """The name under the oath: the group's; walk-ins and nobody leave it blank to be filled."""
        return self.name if self.kind == GROUP else ""


NOBODY = Audience(NONE)


def group(name: str, people: int, booking_id: uuid.UUID | None) -> Audience:
    return Audience(GROUP, name, max(0, people), booking_id)


def walk_in(people: int) -> Audience:
    return Audience(WALK_IN, "", min(MAX_WALK_IN, max(1, people)))
