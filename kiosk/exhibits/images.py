"""Pre-scaled copies of content images, so opening a board never decodes a full-size picture.

Scaled copies live in ``<data>/image-cache`` keyed by the source's path, size, mtime and the target
box, so an edited image is scaled again and an unchanged one never is.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from PIL import Image


class ImageCache:
    """Scales images to fit a box once and remembers the result on disk."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = Path(cache_dir)

    def _key(self, source: Path, width: int, height: int) -> Path:
        stat = source.stat()
        raw = f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{width}x{height}"
        return self.cache_dir / f"{hashlib.sha1(raw.encode()).hexdigest()}.png"

    def fit(self, source: Path, width: int, height: int) -> Path:
        """A copy of ``source`` no larger than width×height (never upscaled); made on first use.

        An image that already fits is returned as it is: copying it would only cost a start-up.
        """
        target = self._key(source, width, height)
        if target.exists():
            return target
        with Image.open(source) as img:
            if img.width <= width and img.height <= height:
                return source
            img = img.convert("RGBA") if img.mode in ("P", "LA", "RGBA") else img.convert("RGB")
            img.thumbnail((width, height), Image.Resampling.LANCZOS)
            tmp = target.with_suffix(f".{os.getpid()}.tmp")  # two processes may scale at once
            try:
                self.cache_dir.mkdir(parents=True, exist_ok=True)
                img.save(tmp, format="PNG", compress_level=1)
                tmp.replace(target)
            except OSError:  # a full or read-only disk: show the checked original, slower but shown
                with contextlib.suppress(OSError):
                    tmp.unlink()
                return source
        return target
