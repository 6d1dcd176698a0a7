"""The sizes every content image is shown at, and scaling a whole hall to them ahead of time.

The kiosk scales lazily (a cache miss is scaled when first shown); ``kiosk content check --prepare``
(run by ``scripts/setup.sh`` and after a content update) scales everything beforehand, so the first
start after an install does not spend its first seconds in Pillow.
"""

from __future__ import annotations

from kiosk.exhibits.images import ImageCache
from kiosk.exhibits.model import Hall

SCREEN = (1920, 1080)
"""Attract-loop covers and a board image opened full screen."""
THUMB = (352, 198)
"""A zone card's cover: a card is 346×194 px at 1920×1080 (five to a row, zones.kv)."""
BOARD_IMAGE = (528, 704)
"""An image beside a board's text: its column is 521 px wide and about 690 px high at 1920×1080
(board.kv). A box larger than that costs memory and shows nothing more: with software GL every texel
is the kiosk's own RAM, and the 900×760 box this was (900×600 for a 3:2 picture) held three times the
pixels drawn (tests/ui/test_picture_sizes_window.py holds the two together).

The boxes are the design size's (1920×1080, where the kv files' unit is one pixel): a larger panel
draws these pictures enlarged, as it already draws the full-screen ones."""


def prescale_hall(hall: Hall, images: ImageCache) -> int:
    """Scale every cover and board image of ``hall`` to the sizes it is shown at; returns how many."""
    count = 0
    for zone in hall.zones:
        for box in (SCREEN, THUMB):
            images.fit(zone.cover, *box)
            count += 1
        for board in zone.boards:
            for image in board.images:
                for box in (BOARD_IMAGE, SCREEN):
                    images.fit(image.path, *box)
                    count += 1
    return count
