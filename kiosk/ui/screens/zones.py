"""The exhibition's zones in order, as cards with cover, number, title and subtitle.

While the cards are on show, the first picture of each zone's first board is decoded ahead
(``PicturePrefetch``): the tap on a card then uploads nothing it has to decode first. The cards' own
covers are decoded on that worker too, so building the screen decodes nothing.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import DictProperty, ObjectProperty

from kiosk.ui.picture_prefetch import PicturePrefetch
from kiosk.ui.screens.paper import PaperScreen
from kiosk.ui.widgets import Card


class ZoneCard(Card):
    zone = DictProperty()
    vm = ObjectProperty(None)

    def show_cover(self, texture: Any) -> None:
        self.ids.cover.texture = texture

    def load_cover(self) -> None:
        """The worker could not decode it: Kivy's own loader tries (and logs what is wrong)."""
        self.ids.cover.source = self.zone.get("cover", "")


class ZonesScreen(PaperScreen):
    _prefetch: PicturePrefetch | None = None
    _covers_pending = 0

    def at_rest(self) -> bool:
        """Every card shows its cover (``kiosk snapshot`` waits for this)."""
        return self._covers_pending == 0

    def on_enter(self, *args: Any) -> None:
        super().on_enter(*args)
        vm = self.vm
        if vm is None:
            return
        firsts = []
        for zone in vm.content.zones:
            boards = vm.exhibition.prepared(zone["id"]) or []
            images = boards[0].get("images", []) if boards else []
            if images:
                firsts.append(images[0]["path"])
        if firsts:
            self._decoder().prefetch(firsts)

    def vm_ready(self, vm: Any) -> None:
        vm.content.bind(zones=self._fill)
        self._fill(vm.content, vm.content.zones)

    def _fill(self, _vm: Any, zones: list[dict[str, Any]]) -> None:
        grid = self.ids.grid
        grid.clear_widgets()
        for zone in zones:
            card = ZoneCard(zone=zone, vm=self.vm)
            grid.add_widget(card)
            if zone.get("cover"):
                self._cover(card, zone["cover"])

    def _cover(self, card: ZoneCard, path: str) -> None:
        """The card's cover decoded off the UI thread; the screen is built without waiting for it."""
        self._covers_pending += 1

        def done(texture: Any) -> None:
            self._covers_pending -= 1
            card.show_cover(texture)

        def failed(_error: BaseException) -> None:
            self._covers_pending -= 1
            card.load_cover()

        self._decoder().decode(path, done, failed)

    def _decoder(self) -> PicturePrefetch:
        """One worker decodes for this screen: the cards' covers, then the zones' first pictures."""
        if self._prefetch is None:
            self._prefetch = PicturePrefetch()
        return self._prefetch
