"""Finding a Simplified-Chinese font face for printed passes.

Noto Sans CJK ships as .ttc collections holding the JP, KR, SC, TC and HK
faces; index 0 is Japanese, whose glyph shapes for some characters differ from
the mainland standard. A pass for a Chinese hall must use the SC face, so the
collection is searched for the face whose family name ends in "SC" rather than
trusting a hard-coded index that differs between font packagings.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from PIL import ImageFont

_PROJECT_FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONT_DIRS: tuple[Path, ...] = (
    _PROJECT_FONTS,
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/noto-cjk"),
    Path("/usr/share/fonts/google-noto-cjk"),
)
"""Where CJK fonts are looked for, first hit wins; the project's own assets first."""

_FILES = {"regular": "NotoSansCJK-Regular.ttc", "bold": "NotoSansCJK-Bold.ttc"}
_MAX_FACES = 32


class FontNotFound(RuntimeError):
    """No usable Simplified-Chinese font is installed; passes cannot be rendered."""


@functools.cache
def find_sc_face(path: str) -> int:
    """The index of the face in a font collection whose family name ends in "SC".

    Prefers a proportional face over the "Mono" one. Raises ``FontNotFound``.
    """
    candidates: list[tuple[int, str]] = []
    for index in range(_MAX_FACES):
        try:
            family, _style = ImageFont.truetype(path, 12, index=index).getname()
        except OSError:
            break
        if family and family.endswith("SC"):
            candidates.append((index, family))
    if not candidates:
        raise FontNotFound(f"no face with a family ending in 'SC' in {path}")
    candidates.sort(key=lambda item: ("Mono" in item[1], item[0]))
    return candidates[0][0]


def font_path(weight: str = "regular", dirs: tuple[Path, ...] = FONT_DIRS) -> Path:
    """The Noto Sans CJK collection file for weight ("regular" or "bold")."""
    name = _FILES[weight]
    override = os.environ.get("KIOSK_CJK_FONT_DIR")
    search = ((Path(override),) if override else ()) + dirs
    for folder in search:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FontNotFound(f"{name} not found in {', '.join(str(d) for d in search)} (apt-get install fonts-noto-cjk)")


@functools.lru_cache(maxsize=64)
def cjk_font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    """A Noto Sans CJK SC font at size pixels."""
    path = str(font_path("bold" if bold else "regular"))
    return ImageFont.truetype(path, size, index=find_sc_face(path))
