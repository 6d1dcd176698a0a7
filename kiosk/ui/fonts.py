"""A CJK default font for every label, so no screen ever shows boxes instead of Chinese.

Debian's fonts-noto-cjk ships Noto Sans CJK as .ttc collections whose first face is the Japanese
one; SDL_ttf opens only the first face, so the Simplified Chinese face is extracted once with
fontTools into the data dir and registered as Kivy's default font (regular and bold).
"""

from __future__ import annotations

from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/noto-cjk"))
COLLECTIONS = {"regular": "NotoSansCJK-Regular.ttc", "bold": "NotoSansCJK-Bold.ttc"}


class FontMissingError(RuntimeError):
    """No CJK font on the machine; message says what to install."""


def font_cache_dir() -> Path:
    """Where extracted faces are kept: shared by every data dir (tests, snapshots) on the machine."""
    from kiosk.config import machine_cache_dir

    return machine_cache_dir() / "fonts"


def _find(name: str) -> Path | None:
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    return None


def extract_sc_face(collection: Path, out: Path) -> Path:
    """Write the 'Noto Sans CJK SC' face of ``collection`` to ``out`` (once)."""
    if out.exists():
        return out
    from fontTools.ttLib import TTCollection

    out.parent.mkdir(parents=True, exist_ok=True)
    for font in TTCollection(str(collection)).fonts:
        if font["name"].getDebugName(1).endswith(" SC"):
            tmp = out.with_suffix(".part")
            font.save(str(tmp))
            tmp.replace(out)
            return out
    raise FontMissingError(f"{collection} 中没有简体中文字形（SC）")


def cjk_font_files(cache_dir: Path) -> dict[str, Path]:
    """Paths of the regular and bold Simplified Chinese faces, extracted into ``cache_dir``."""
    files: dict[str, Path] = {}
    for style, name in COLLECTIONS.items():
        collection = _find(name)
        if collection is None:
            if style == "bold" and "regular" in files:
                files[style] = files["regular"]
                continue
            raise FontMissingError("找不到中文字体 Noto Sans CJK：请安装 fonts-noto-cjk（sudo apt-get install fonts-noto-cjk）")
        files[style] = extract_sc_face(collection, cache_dir / f"NotoSansCJKsc-{style}.otf")
    return files


def register_default_font(cache_dir: Path) -> None:
    """Make the CJK face Kivy's default ('Roboto' is the name every Label uses by default)."""
    from kivy.core.text import DEFAULT_FONT, LabelBase

    files = cjk_font_files(cache_dir)
    LabelBase.register(DEFAULT_FONT, str(files["regular"]), fn_bold=str(files["bold"]))
