"""A lecture: the slide full screen, a progress bar, the remote turns the pages."""

from __future__ import annotations

from kiosk.ui.screens.base import VmScreen
from kiosk.ui.screens.theatre_parts import TheatreHostBar  # noqa: F401 - kv class


class TheatreLectureScreen(VmScreen):
    pass
