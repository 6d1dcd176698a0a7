"""The theatre's screens by name, for the root's ScreenManager (names match ``theatre_vm.THEATRE_SCREENS``)."""

from __future__ import annotations

from kiosk.ui.screens.theatre_ceremony import TheatreCeremonyScreen
from kiosk.ui.screens.theatre_film import TheatreFilmScreen
from kiosk.ui.screens.theatre_lecture import TheatreLectureScreen
from kiosk.ui.screens.theatre_signage import TheatreSignageScreen

THEATRE_SCREEN_CLASSES = {
    "theatre_signage": TheatreSignageScreen,
    "theatre_film": TheatreFilmScreen,
    "theatre_lecture": TheatreLectureScreen,
    "theatre_ceremony": TheatreCeremonyScreen,
}
