"""What an area's view model may ask of the kiosk's view model: one small Protocol, typed.

The rule (Textual's): attributes down, messages up. The kiosk's view model (``KioskViewModel``)
hands each area's view model what it needs when it makes it (services, the operations runner, a
sibling such as the narration); an area's view model never reaches into its host's attributes or
into a sibling's internals, it sends its host one of the messages below.
"""

from __future__ import annotations

from typing import Protocol

from kiosk.services import KioskServices
from kiosk.store.models import BoardView, StaffEvent
from kiosk.tasks import Operations
from kiosk.visitor.visit_group import VisitGroup


class Host(Protocol):
    services: KioskServices
    ops: Operations
    """Background work: results on the UI thread, dropped with their screen or the visit."""
    screen: str
    """The screen on show (read-only for an area: it changes screens with ``show_screen``)."""
    visit_group: VisitGroup
    """The group this visitor chose (on a quiz result), for the rest of the visit."""

    def show_screen(self, name: str) -> None:
        """Open one of the area's screens (a name declared in kiosk.ui.screen_registry)."""

    def go_home(self) -> None: ...

    def touched(self) -> None:
        """The visitor is still here (a scan counts as a touch)."""

    def open_staff(self) -> None:
        """Back to the staff console."""

    def save_fact(self, fact: BoardView | StaffEvent) -> None: ...
