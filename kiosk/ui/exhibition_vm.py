"""The exhibition (展区): a zone's boards, the board on show, the image viewer, board-view facts.

Opening a zone scales its board images with Pillow the first time (about 110 ms for a zone of
five boards): that runs on the image worker, and the board screen opens when the boards are ready.
A zone's prepared boards are kept (for the hall on show): a zone opened again, or one the start-up
warming already prepared, opens in the same frame as its card's tap, with no worker round trip.
"""

from __future__ import annotations

from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import ListProperty, NumericProperty, StringProperty

from kiosk.exhibits.model import Hall, Zone
from kiosk.tasks import Runner
from kiosk.ui.content_vm import prepare_zone_boards
from kiosk.ui.hosts import Host
from kiosk.ui.narration_vm import NarrationViewModel
from kiosk.visitor.views import BoardViewTracker


class ExhibitionViewModel(EventDispatcher):
    zone_id = StringProperty("")
    zone_title = StringProperty("")
    boards = ListProperty()
    """Boards of the open zone: dicts with id, title, markup, images [{path, full, caption}]."""
    board_index = NumericProperty(0)
    board_position = StringProperty("")
    viewer_image = StringProperty("")
    """A board image opened full screen ('' when closed)."""
    viewer_caption = StringProperty("")

    def __init__(self, host: Host, narration: NarrationViewModel, image_runner: Runner, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._host = host
        self._narration = narration
        self._image_runner = image_runner
        self._zone: Zone | None = None
        self.hall: Hall | None = None
        """Set by the host whenever the content changes (attributes down)."""
        self.views = BoardViewTracker(host.services.clock, host.save_fact)
        self._prepared: dict[str, list[dict[str, Any]]] = {}
        self._prepared_for: Hall | None = None
        self._opening = ""

    def prepared(self, zone_id: str) -> list[dict[str, Any]] | None:
        """The zone's boards if they were prepared for the hall on show (None: not yet)."""
        if self._prepared_for is not self.hall:
            self._prepared, self._prepared_for = {}, self.hall
        return self._prepared.get(zone_id)

    def remember(self, hall: Hall | None, zone_id: str, boards: list[dict[str, Any]]) -> None:
        """Keep a zone's prepared boards (ignored when the hall changed since they were made)."""
        self.prepared(zone_id)
        if hall is not None and hall is self.hall:
            self._prepared[zone_id] = boards

    def open_zones(self) -> None:
        self._host.show_screen("zones")

    def open_zone(self, zone_id: str) -> None:
        """A zone card: its boards are prepared on the image worker, then the board screen opens."""
        if self.hall is None:
            return
        hall, zone, images = self.hall, self.hall.zone(zone_id), self._host.services.images

        def ready(boards: list[dict[str, Any]]) -> None:
            self.remember(hall, zone_id, boards)
            if self._opening != zone_id:
                return
            self._zone = zone
            self.zone_id = zone_id
            self.zone_title = zone.title
            self.boards = boards
            self.board_index = 0
            self._host.show_screen("board")
            self.show_board(0)

        self._opening = zone_id  # a zone tapped later wins over one still being prepared
        known = self.prepared(zone_id)
        if known is not None:
            ready(known)
            return
        self._host.ops.run(lambda: prepare_zone_boards(zone, images), ready, screen=self._host.screen,
                           on=self._image_runner)

    def show_board(self, index: int) -> None:
        """The board at ``index`` of the open zone is on screen (swipe or button)."""
        if not self.boards:
            return
        index = max(0, min(int(index), len(self.boards) - 1))
        board_id = self.boards[index]["id"]
        if self.views.current_board != board_id:
            self._narration.stop()
        self.board_index = index
        self.board_position = f"{index + 1} / {len(self.boards)}"
        self.views.opened(self.zone_id, board_id)

    def next_board(self) -> None:
        self.show_board(self.board_index + 1)

    def previous_board(self) -> None:
        self.show_board(self.board_index - 1)

    def toggle_read_aloud(self) -> None:
        """Read the current board aloud, or stop if it is already being read."""
        if self._narration.busy:
            self._narration.stop()
            return
        if self._zone is None:
            return
        board = self._zone.boards[self.board_index]
        self.views.read_aloud()
        self._narration.speak(board.id, board.speech_text)

    def open_image(self, path: str, caption: str) -> None:
        self.viewer_image = path
        self.viewer_caption = caption

    def close_image(self) -> None:
        self.viewer_image = ""

    def leave_board(self) -> None:
        """The board screen was left: reading stops, the board view becomes a fact, the viewer closes."""
        self._narration.stop()
        self.views.closed()
        self.viewer_image = ""

    def clear(self) -> None:
        self.leave_board()
        self._zone = None
        self.zone_id = ""
        self.zone_title = ""
        self.boards = []
        self.board_index = 0
        self.board_position = ""
