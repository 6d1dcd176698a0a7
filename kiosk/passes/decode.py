"""Reading QR codes out of camera frames and image files.

The check-in service depends on the ``PassDecoder`` protocol, not on zxing-cpp,
so it can run (and be tested) with ``FakeDecoder`` on a machine without a
camera, and report "scanner unavailable" through ``is_usable`` instead of
crashing when the native library is missing.

``ZxingDecoder`` first asks zxing-cpp plainly, which reads clean, tilted,
small, inverted and JPEG-damaged codes in a few milliseconds. Only when that
finds nothing does it retry on smoothed copies and with a global binariser:
screen moire fringes defeat zxing's local-average binariser, and a Gaussian
blur of about one module's grain, or a whole-image threshold, removes them.
So a clean pass costs one read, and a frame with no code at most four.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeAlias, runtime_checkable

from PIL import Image, ImageFilter, ImageOps

log = logging.getLogger(__name__)

ImageInput: TypeAlias = "Image.Image | str | os.PathLike[str] | Any"
"""A PIL image, a path to an image file, or an array (numpy HxW grey or HxWx3 BGR)."""

MAX_SIDE = 2000
"""Larger frames are scaled down first: decoding time grows with pixels, and a
pass filling a 12-megapixel photo is still readable at 2000 px."""


@runtime_checkable
class PassDecoder(Protocol):
    """Anything that turns an image into the texts of the QR codes it shows."""

    def decode(self, image: ImageInput) -> list[str]:
        """The texts of every QR code found, in reading order, duplicates removed; [] if none."""
        ...

    def is_usable(self) -> bool:
        """Whether decoding can work on this machine (library present and functional)."""
        ...


@dataclass(frozen=True)
class _Attempt:
    name: str
    blur_radius: float = 0.0
    global_threshold: bool = False


FALLBACK_ATTEMPTS: tuple[_Attempt, ...] = (
    _Attempt("global threshold", global_threshold=True),  # cheapest: no filtering
    _Attempt("smoothed", blur_radius=1.5),
    _Attempt("strongly smoothed", blur_radius=3.0),
)
"""Tried in order after a plain read finds nothing; the first that finds a code wins."""


class ZxingDecoder:
    """The real decoder, on zxing-cpp. Thread-safe: it holds no per-call state."""

    def __init__(self, *, fallbacks: bool = True, max_side: int = MAX_SIDE) -> None:
        """``fallbacks=False`` gives the single plain read (the fastest path for live video)."""
        self._fallbacks = fallbacks
        self._max_side = max_side
        self._usable: bool | None = None

    def decode(self, image: ImageInput) -> list[str]:
        """Decode QR codes from a PIL image, a numpy array or an image file path.

        A path that cannot be opened as an image raises ``OSError`` (a
        programming or disk error, not a scan outcome). Returns [] if zxing-cpp
        is not installed.
        """
        zxingcpp = _zxingcpp()
        if zxingcpp is None:
            return []
        grey = _to_grey(image, self._max_side)
        texts = self._read(zxingcpp, grey, global_threshold=False)
        if texts or not self._fallbacks:
            return texts
        for attempt in FALLBACK_ATTEMPTS:
            candidate = grey.filter(ImageFilter.GaussianBlur(attempt.blur_radius)) if attempt.blur_radius else grey
            texts = self._read(zxingcpp, candidate, global_threshold=attempt.global_threshold)
            if texts:
                log.debug("QR found by the %s attempt", attempt.name)
                return texts
        return []

    def is_usable(self) -> bool:
        """Whether zxing-cpp imports and reads back a code it was just shown (checked once)."""
        if self._usable is None:
            self._usable = _self_test()
        return self._usable

    @staticmethod
    def _read(zxingcpp: Any, grey: Image.Image, *, global_threshold: bool) -> list[str]:
        binarizer = zxingcpp.Binarizer.GlobalHistogram if global_threshold else zxingcpp.Binarizer.LocalAverage
        barcodes = zxingcpp.read_barcodes(
            grey,
            formats=zxingcpp.BarcodeFormat.QRCode,
            binarizer=binarizer,
            text_mode=zxingcpp.TextMode.Plain,
        )
        return _unique(b.text for b in barcodes if b.valid and b.text)


@dataclass
class FakeDecoder:
    """A scripted decoder for tests: returns ``script`` entries in turn, then [] forever.

    ``by_image`` maps an image object (by identity) or a path string to texts,
    and wins over the script. Every image passed in is recorded in ``calls``.
    """

    script: list[list[str]] = field(default_factory=list)
    by_image: dict[Any, list[str]] = field(default_factory=dict)
    usable: bool = True
    calls: list[Any] = field(default_factory=list)

    def decode(self, image: ImageInput) -> list[str]:
        """The scripted texts for this call."""
        self.calls.append(image)
        key = os.fspath(image) if isinstance(image, (str, os.PathLike)) else id(image)
        for known, texts in self.by_image.items():
            known_key = os.fspath(known) if isinstance(known, (str, os.PathLike)) else id(known)
            if known_key == key:
                return list(texts)
        if self.script:
            return list(self.script.pop(0))
        return []

    def is_usable(self) -> bool:
        """What the test said."""
        return self.usable


@functools.cache
def _zxingcpp() -> Any | None:
    """The zxingcpp module, or None (warned about once) if it is not installed."""
    try:
        import zxingcpp
    except ImportError:
        log.warning("zxing-cpp is not installed: QR codes cannot be decoded")
        return None
    return zxingcpp


def _to_grey(image: ImageInput, max_side: int) -> Image.Image:
    """An "L" image no larger than max_side, upright per EXIF, from any supported input."""
    if isinstance(image, (str, os.PathLike)):
        with Image.open(Path(image)) as opened:
            opened.load()
            grey = _flatten(ImageOps.exif_transpose(opened) or opened)
    elif isinstance(image, Image.Image):
        grey = _flatten(image)
    elif hasattr(image, "__array_interface__"):
        grey = _array_to_grey(image)
    else:
        raise TypeError(f"cannot decode a {type(image).__name__}; pass a PIL image, an array or a path")
    if max(grey.size) > max_side:
        grey = grey.copy()
        grey.thumbnail((max_side, max_side), Image.Resampling.BOX)
    return grey


def _flatten(image: Image.Image) -> Image.Image:
    """Grey, with any transparency laid on white (a transparent PNG's "black" background is not ink)."""
    if image.mode == "L":
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        backdrop = Image.new("RGBA", rgba.size, "white")
        return Image.alpha_composite(backdrop, rgba).convert("L")
    return image.convert("L")


def _array_to_grey(array: Any) -> Image.Image:
    """numpy HxW (grey) or HxWx3 (BGR, OpenCV's order) uint8 arrays to an "L" image."""
    shape: Sequence[int] = array.__array_interface__["shape"]
    if len(shape) == 2:
        return Image.fromarray(array).convert("L")
    if len(shape) == 3 and shape[2] in (3, 4):
        pil = Image.fromarray(array[:, :, 2::-1] if shape[2] == 3 else array[:, :, [2, 1, 0]])
        return pil.convert("L")
    raise TypeError(f"expected an HxW or HxWx3 array, got shape {tuple(shape)}")


def _unique(texts: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for text in texts:
        seen.setdefault(text, None)
    return list(seen)


def _self_test() -> bool:
    zxingcpp = _zxingcpp()
    if zxingcpp is None:
        return False
    try:
        import qrcode

        code = qrcode.QRCode(border=4, box_size=4)
        code.add_data("HK1:SELFTEST")
        image = code.make_image().get_image().convert("L")
        found = [b.text for b in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
    except Exception:  # a broken native library must read as "unusable", not crash the kiosk
        log.exception("zxing-cpp self-test failed")
        return False
    return found == ["HK1:SELFTEST"]
