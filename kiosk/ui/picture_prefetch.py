"""Pictures decoded ahead, off the UI thread: the GL upload is all that is left for the frame.

A board's picture decoded by Kivy's loader on the UI thread costs about 20 ms (bench/bench_kiosk_ui.py
--profile: ``img_sdl2.load`` in the zone-card taps), inside the tap's frame. Pillow decodes here on a
worker (it releases the GIL); the texture goes into Kivy's own texture cache under the key Kivy's
``Image`` looks up for that file, so the widget finds it there and loads nothing. Being in that cache
it is also counted by ``image_cache.trim_textures``' byte budget: a prefetch never grows memory past it.

The attract loop's covers use ``decode_picture`` and ``upload`` for the same reason, and the zone cards'
covers ``decode``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from kivy.cache import Cache
from kivy.graphics.texture import Texture
from kivy.resources import resource_find
from PIL import Image as PILImage

from kiosk.ui.runner import ThreadRunner

Decoded = tuple[tuple[int, int], bytes]


def decode_picture(path: str) -> Decoded:
    """Pixels of a picture, bottom row first, ready to upload (any thread)."""
    with PILImage.open(Path(path)) as img:
        rgba = img.convert("RGBA").transpose(PILImage.Transpose.FLIP_TOP_BOTTOM)
        return rgba.size, rgba.tobytes()


def upload(decoded: Decoded) -> Texture:
    """A GL texture from decoded pixels (main thread only: GL calls)."""
    size, pixels = decoded
    texture = Texture.create(size=size, colorfmt="rgba")
    texture.blit_buffer(pixels, colorfmt="rgba", bufferfmt="ubyte")
    return texture


def texture_key(path: str) -> str:
    """The key under which Kivy's ``Image(source=path)`` looks for its texture (no mipmap, frame 0)."""
    return f"{resource_find(path) or path}|0|0"


class PicturePrefetch:
    """Decodes pictures on its own worker and leaves their textures in Kivy's cache."""

    def __init__(self) -> None:
        self._worker: ThreadRunner | None = None
        self._asked: set[str] = set()

    def prefetch(self, paths: Iterable[str]) -> None:
        """Decode every path whose texture is not cached yet (once each while it is on its way)."""
        for path in paths:
            key = texture_key(path)
            if key in self._asked or Cache.get("kv.texture", key) is not None:
                continue
            if self._worker is None:
                self._worker = ThreadRunner("picture-prefetch")
            self._asked.add(key)
            self._submit(self._worker, path, key)

    def _submit(self, worker: ThreadRunner, path: str, key: str) -> None:
        worker.submit(lambda: decode_picture(path), lambda decoded: self._store(key, decoded),
                      lambda _exc: self._asked.discard(key))

    def _store(self, key: str, decoded: Decoded) -> None:
        self._asked.discard(key)
        if Cache.get("kv.texture", key) is None:  # Kivy may have loaded it meanwhile
            Cache.append("kv.texture", key, upload(decoded))

    def decode(self, path: str, deliver: Callable[[Texture], None], failed: Callable[[BaseException], None]) -> None:
        """``deliver`` the picture's texture once decoded on the worker and uploaded (UI thread):
        for pictures a screen shows while it is built (the zone cards' covers: ten PNG decodes were
        90 of the zones screen's 150 ms, in one frame). Nothing goes into Kivy's cache."""
        if self._worker is None:
            self._worker = ThreadRunner("picture-prefetch")
        self._worker.submit(lambda: decode_picture(path), lambda decoded: deliver(upload(decoded)), failed)

    def shutdown(self) -> None:
        if self._worker is not None:
            self._worker.shutdown()
