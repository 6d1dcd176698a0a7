"""The group this visitor said they are with, kept for the rest of the visit.

A visitor who taps their group's name on the quiz result is not asked again on 留言评价: the
feedback belongs to the same group. The idle reset (end of the visit) forgets it, so the next
visitor is asked afresh. Plain Python, no display: the UI's view models share one instance.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class ChosenGroup:
    organisation_id: uuid.UUID
    name: str


class VisitGroup:
    """None until a group is chosen in this visit; the newest choice wins."""

    def __init__(self) -> None:
        self.chosen: ChosenGroup | None = None

    def remember(self, organisation_id: uuid.UUID, name: str) -> None:
        self.chosen = ChosenGroup(organisation_id, name)

    def forget(self) -> None:
        self.chosen = None
