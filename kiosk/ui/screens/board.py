"""The boards of one zone, swiped left/right; read-aloud; images open full screen on a tap.

The Carousel and the view model's ``board_index`` follow each other: a swipe tells the view model,
a button press moves the Carousel.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import DictProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image

from kiosk.ui.screens.base import VmScreen


class BoardImageButton(ButtonBehavior, BoxLayout):
    """A board image with its caption; a tap opens it full screen."""

    source = StringProperty("")
    full = StringProperty("")
    caption = StringProperty("")
    vm = ObjectProperty(None)


class BoardSlide(BoxLayout):
    """One board: title and body on the left, images on the right."""

    board = DictProperty()
    vm = ObjectProperty(None)

    def on_kv_post(self, base_widget: Any) -> None:
        self.bind(board=self._fill_images)
        self._fill_images(self, self.board)

    def _fill_images(self, _slide: Any, board: dict[str, Any]) -> None:
        column = self.ids.images
        column.clear_widgets()
        for image in board.get("images", []):
            column.add_widget(
                BoardImageButton(source=image["path"], full=image["full"], caption=image["caption"], vm=self.vm)
            )
        self.ids.images_box.size_hint_x = 0.42 if board.get("images") else 0.001


class BoardScreen(VmScreen):
    def vm_ready(self, vm: Any) -> None:
        vm.bind(boards=self._fill, board_index=self._follow_vm)
        self._fill(vm, vm.boards)

    def _fill(self, _vm: Any, boards: list[dict[str, Any]]) -> None:
        carousel = self.ids.carousel
        carousel.clear_widgets()
        for board in boards:
            carousel.add_widget(BoardSlide(board=board, vm=self.vm))
        if boards:
            carousel.index = 0

    def _follow_vm(self, _vm: Any, index: int) -> None:
        carousel = self.ids.carousel
        if carousel.slides and carousel.index != index:
            carousel.load_slide(carousel.slides[int(index)])

    def carousel_moved(self, index: int | None) -> None:
        """The visitor swiped: the Carousel's index changed."""
        if index is not None and self.vm and index != self.vm.board_index:
            self.vm.show_board(index)


__all__ = ["BoardImageButton", "BoardScreen", "BoardSlide", "Image"]
