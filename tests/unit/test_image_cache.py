"""Pre-scaled board images: scaled once, never upscaled, rescaled when the source changes."""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image

from kiosk.exhibits.images import ImageCache


def _picture(path: Path, size: tuple[int, int], colour: str = "red") -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def test_big_image_is_scaled_to_fit_and_keeps_its_shape(tmp_path: Path) -> None:
    source = _picture(tmp_path / "big.png", (4000, 2000))
    fitted = ImageCache(tmp_path / "cache").fit(source, 900, 760)
    assert fitted != source
    with Image.open(fitted) as img:
        assert img.size == (900, 450)


def test_image_that_already_fits_is_used_as_it_is(tmp_path: Path) -> None:
    source = _picture(tmp_path / "small.png", (640, 360))
    assert ImageCache(tmp_path / "cache").fit(source, 1920, 1080) == source


def test_second_call_uses_the_cached_copy(tmp_path: Path) -> None:
    source = _picture(tmp_path / "big.png", (3000, 3000))
    cache = ImageCache(tmp_path / "cache")
    first = cache.fit(source, 500, 500)
    stamp = first.stat().st_mtime_ns
    assert cache.fit(source, 500, 500) == first and first.stat().st_mtime_ns == stamp


def test_edited_source_is_scaled_again(tmp_path: Path) -> None:
    source = _picture(tmp_path / "big.png", (3000, 3000), "red")
    cache = ImageCache(tmp_path / "cache")
    first = cache.fit(source, 500, 500)
    _picture(source, (3000, 1500), "blue")
    os.utime(source, ns=(first.stat().st_mtime_ns + 10**9, first.stat().st_mtime_ns + 10**9))
    second = cache.fit(source, 500, 500)
    assert second != first
    with Image.open(second) as img:
        assert img.size == (500, 250)
