"""Snapshot steps for the theatre: files numbered 70-79 (signage, the audience choice, a film
frame, a paused film, a slide, the oath, the closing card and the souvenir still it saved)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from kiosk.clock import FakeClock
from kiosk.theatre.remote import Action


def theatre_steps(clock: FakeClock, out_dir: Path) -> list[tuple[str, Any, float]]:
    """(file name, action on the view model, seconds to wait before the picture)."""

    def signage(vm: Any) -> None:
        vm.open_area("theatre")  # one screen change per step: two in one frame upset Kivy's fade

    def start(vm: Any, kind: str) -> None:
        """From what runs now straight to the next item (one screen change)."""
        theatre = vm.theatre
        theatre.host.stop()
        item = next(i for i in theatre.host.items if i.kind == kind)
        theatre.host.choose(item.id)
        theatre.host.confirm()
        theatre.act(Action.NEXT if kind != "film" else Action.VOLUME_UP)

    def lecture(vm: Any) -> None:
        start(vm, "lecture")

    def ceremony(vm: Any) -> None:
        start(vm, "ceremony")

    def closing(vm: Any) -> None:
        run = vm.theatre.host.run
        while run.stage.value != "signature":
            vm.theatre.act(Action.NEXT)
        vm.theatre.act(Action.START)  # F5 on the closing card saves the souvenir still

    def souvenir(vm: Any) -> None:
        saved = vm.theatre.souvenir_saved
        if saved:
            shutil.copy(saved, out_dir / "78-theatre-souvenir-still.png")
        vm.theatre.host.stop()
        vm.theatre.open(host_bar=True)

    return [
        # Generous waits: a fade between full-screen layers takes several software-GL frames.
        ("70-theatre-signage.png", signage, 3.0),
        ("71-theatre-audience.png", lambda vm: vm.theatre.act(Action.START), 2.0),
        ("72-theatre-film.png", lambda vm: vm.theatre.act(Action.START), 6.0),
        ("73-theatre-film-paused.png", lambda vm: vm.theatre.act(Action.PAUSE), 2.0),
        ("74-theatre-slide.png", lecture, 3.0),
        ("75-theatre-oath-phrase.png", ceremony, 3.0),
        ("76-theatre-oath-closing.png", closing, 3.0),
        ("77-theatre-host-bar.png", souvenir, 3.0),
    ]
