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
THUMB = (640, 360)
"""A zone card's cover."""
BOARD_IMAGE = (900, 760)
"""An image beside a board's text."""


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
