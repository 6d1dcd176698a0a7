"""An area that is not the exhibition (theatre, quiz): what it is and where to find it."""

from __future__ import annotations

from kiosk.ui.screens.base import VmScreen


class AreaScreen(VmScreen):
    pass
