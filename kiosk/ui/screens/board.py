"""The boards of one zone, swiped left/right; read-aloud; images open full screen on a tap.

The Carousel and the view model's ``board_index`` follow each other: a swipe tells the view model,
a button press moves the Carousel.

Only the board on show and its two neighbours (what a swipe can reveal) are in the Carousel; the
other pages are empty holders. The board asked for is built at once; its neighbours once the
Carousel has arrived (or in the frame after a zone opened), so a tap waits for one board at most,
never for the one after it. Built boards are kept while a swipe can show them (least recently
shown dropped past ``KEEP_BOARDS``): a swipe back to one comes back as it was, no kv rule, layout or
text rendering again; a board left further behind is built again (memory, issue 13).
"""

from __future__ import annotations

import gc
from collections import OrderedDict
from typing import Any

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.properties import DictProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.carousel import Carousel
from kivy.uix.image import Image
from kivy.uix.relativelayout import RelativeLayout

from kiosk.ui.clipped_text import ClippedText, TextScroll
from kiosk.ui.image_cache import trim_textures
from kiosk.ui.screens.paper import PaperScreen


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


class BoardCarousel(Carousel):
    """The boards' Carousel, drawn without the stencil every Carousel has (see board.kv)."""


class SlideHolder(RelativeLayout):
    """A Carousel page; it holds a BoardSlide only while its board is on show or next to it."""

    board = DictProperty()

    @property
    def built(self) -> bool:
        return bool(self.children)


NEIGHBOURS = 1
"""Boards built on each side of the one on show: what a swipe can bring into view."""
KEEP_BOARDS = 2 * NEIGHBOURS + 1
"""Built boards kept: the one on show and the two a swipe can bring into view. A board further back
is built again when the visitor returns to it, as a zone card's board is. A built board is 4-5 MB
(its text mask, title, picture and ~40 widgets); the fourth this kept, the one shown before the
neighbours, was 5 MB of the 100 MB the issue allows over a bare window for a swipe back two boards."""
COLLECT_AFTER = 0.7
"""Seconds after a board was dropped before its memory is reclaimed: after the slide (0.5 s) ends.
Not put off until the visitor pauses: a visitor walking through boards then piled up dropped ones
(bench: 745 MB after a round instead of 579)."""


def _collect(_dt: float) -> None:
    # A dropped board sits in reference cycles (kv bindings) with its text textures, megabytes
    # each; Python's own collector would free them only much later, so memory climbed zone by zone.
    gc.collect()


class BoardScreen(PaperScreen):
    _moving_to: int | None = None
    """The slide a move asked for by the view model is heading to (None: no such move)."""
    _settle_trigger: Any = None
    _filling = False
    """True while the Carousel is emptied and refilled: its index passes through the old zone's
    index on the way to 0, and those are no visitor's swipes (found by bench/soak.py: each pass
    recorded a 0-second board view of the new zone)."""

    def vm_ready(self, vm: Any) -> None:
        self._reclaim = Clock.create_trigger(_collect, COLLECT_AFTER)
        self._settle_trigger = Clock.schedule_once(lambda _dt: None, 0)
        self._neighbours = Clock.create_trigger(lambda _dt: self._build_around(self._shown_index()), 0)
        self._kept: OrderedDict[str, BoardSlide] = OrderedDict()
        vm.exhibition.bind(boards=self._fill, board_index=self._follow_vm)
        self._fill(vm.exhibition, vm.exhibition.boards)

    def _fill(self, _vm: Any, boards: list[dict[str, Any]]) -> None:
        carousel = self.ids.carousel
        for holder in carousel.slides:
            holder.clear_widgets()  # the boards stay kept; the holders go
        # A slide still moving (a swipe, or "next", under 0.5 s ago) would end on an emptied
        # Carousel and leave its index None, and the next zone's first add_widget then raises
        # (found by bench/soak.py). Finish the move first; start the new zone at index 0.
        carousel._skip_slide = None  # before the cancel: its completion would jump to that slide
        Animation.cancel_all(carousel)
        self._moving_to = None
        self._filling = True
        try:
            carousel.clear_widgets()
            carousel._index = 0
            for board in boards:
                carousel.add_widget(SlideHolder(board=board))
            if boards:
                carousel.index = 0
        finally:
            self._filling = False
        if boards:
            self._show_built(0)
            self._neighbours()  # in the frame after the first board is drawn

    def _shown_index(self) -> int:
        index = self.ids.carousel.index
        return int(index) if index is not None else 0

    def _slide_for(self, board: dict[str, Any]) -> BoardSlide:
        """The built board for ``board``: the one kept from an earlier visit, or a new one."""
        key = str(board.get("id", ""))
        slide = self._kept.pop(key, None)
        if slide is None or slide.board != board:
            slide = BoardSlide(board=board, vm=self.vm)
        elif slide.parent is not None:
            slide.parent.remove_widget(slide)
        self._kept[key] = slide  # most recently shown last
        while len(self._kept) > KEEP_BOARDS:
            _key, dropped = self._kept.popitem(last=False)
            if dropped.parent is not None:
                dropped.parent.remove_widget(dropped)
            self._reclaim()
        return slide

    def _show_built(self, index: int) -> None:
        """The board at ``index`` is built and in its holder (the rest waits for _build_around)."""
        holder = self.ids.carousel.slides[index]
        if not holder.built:
            holder.add_widget(self._slide_for(holder.board))

    def _build_around(self, index: int) -> None:
        """Put the boards near ``index`` in their holders and take the others out (kept for a revisit)."""
        slides = self.ids.carousel.slides
        if not slides:
            return
        index = max(0, min(index, len(slides) - 1))
        for i, holder in enumerate(slides):
            near = abs(i - index) <= NEIGHBOURS
            if near and not holder.built:
                holder.add_widget(self._slide_for(holder.board))
            elif not near and holder.built:
                holder.clear_widgets()
        trim_textures()

    def _follow_vm(self, _vm: Any, index: int) -> None:
        carousel = self.ids.carousel
        if not carousel.slides:
            return
        self._show_built(int(index))  # its neighbours once the Carousel arrives (carousel_moved)
        if carousel.index != index:
            # A move the view model asked for ("下一块" tapped twice within the 0.5 s slide): the
            # Carousel passes through the first target when the second move cancels the first;
            # that is not a visitor's swipe, so carousel_moved ignores it (found by bench/soak.py:
            # it recorded extra board views and sent the visitor back a board).
            self._moving_to = int(index)
            carousel.load_slide(carousel.slides[int(index)])
            self._settle_trigger.cancel()
            self._settle_trigger = Clock.schedule_once(self._settle, carousel.anim_move_duration + 0.1)

    def carousel_moved(self, index: int | None) -> None:
        """The visitor swiped: the Carousel's index changed."""
        if index is None or self._filling:
            return
        if self._moving_to is not None:
            if index != self._moving_to:
                return  # passing through on the way to where the view model sent it
            # Arrived: from here on a change is the visitor's own swipe again (one that came
            # right after a "下一块" was undone by _settle before).
            self._moving_to = None
            self._settle_trigger.cancel()
        self._build_around(index)  # arrived: the boards a next swipe can reveal
        if self.vm and index != self.vm.exhibition.board_index:
            self.vm.exhibition.show_board(index)

    def _settle(self, _dt: float) -> None:
        """After a move the view model asked for: the Carousel shows the board the view model names
        (a second move can cancel the first and leave the Carousel a slide short)."""
        carousel = self.ids.carousel
        if self._moving_to is None or not carousel.slides:
            self._moving_to = None
            return
        if carousel._offset != 0:  # still sliding: look again
            self._settle_trigger = Clock.schedule_once(self._settle, 0.1)
            return
        target = int(self.vm.exhibition.board_index)
        if carousel.index != target:
            carousel.index = target  # no animation: it ends where the view model says
        self._moving_to = None

    def at_rest(self) -> bool:
        """The board the view model names is on screen and the Carousel has stopped moving."""
        carousel = self.ids.carousel
        return bool(carousel.slides) and carousel.index == self.vm.exhibition.board_index and carousel._offset == 0


__all__ = ["BoardCarousel", "BoardImageButton", "BoardScreen", "BoardSlide", "ClippedText", "Image",
           "SlideHolder", "TextScroll"]
