"""Pieces the theatre screens share: the touch host bar and a row of the programme."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.widgets import BigButton


class TheatreHostBar(BoxLayout):
    """The host's touch buttons (opened from the staff console, behind the PIN); the buttons
    come from ``vm.theatre.host_buttons`` and call ``vm.theatre.host_action``."""

    theatre = ObjectProperty(None, allownone=True)

    def on_theatre(self, _bar: Any, theatre: Any) -> None:
        if theatre is not None:
            theatre.bind(host_buttons=self._fill)
            self._fill(theatre, theatre.host_buttons)

    def _fill(self, _theatre: Any, buttons: list[dict[str, str]]) -> None:
        self.clear_widgets()
        for spec in buttons:
            button = BigButton(text=spec["text"])
            button.action = spec["action"]
            button.bind(on_release=lambda b: self.theatre.host_action(b.action))
            self.add_widget(button)


class ProgrammeRow(ButtonBehavior, BoxLayout):
    """One line of the programme; the chosen one is framed in gold. A tap chooses it (host bar)."""

    item_id = StringProperty("")
    title = StringProperty("")
    kind = StringProperty("")
    note = StringProperty("")
    selected = BooleanProperty(False)
    dim = BooleanProperty(False)
    kind_units = NumericProperty(224)
    """Width of the kind column in design units: six characters ("重温入党誓词"); less for a time."""
    note_units = NumericProperty(200)
    """Width of the note column in design units (0: no note)."""
