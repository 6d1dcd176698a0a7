"""A CJK default font for every label, so no screen ever shows boxes instead of Chinese.

Debian's fonts-noto-cjk ships Noto Sans CJK as .ttc collections whose first face is the Japanese
one; SDL_ttf opens only the first face, so the Simplified Chinese face is extracted once with
fontTools into the data dir and registered as Kivy's default font (regular and bold).

Where ``kiosk content check --prepare`` has also cut them to the hall's characters
(``kiosk.ui.font_subset``), a label whose text is all inside the cut draws with the cut (0.8 MB per
opened size instead of 2.6 MB), any other with the full face.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kiosk.ui.font_subset import common_name, read_covered

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
            tmp = out.with_suffix(f".{os.getpid()}.part")  # two processes may extract at once
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
    covered = read_covered(cache_dir)
    cuts = {str(files[style]): cache_dir / common_name(style) for style in files}
    if covered is not None and all(cut.exists() for cut in cuts.values()):
        draw_common_text_with_cuts({full: str(cut) for full, cut in cuts.items()}, covered)


_ORIGINAL_RESOLVE: Any = None


def draw_common_text_with_cuts(cuts: dict[str, str], covered: frozenset[str]) -> None:
    """Wrap ``LabelBase.resolve_font_name`` (every core label, markup spans included, picks its face
    file there): a full face becomes its cut when the label's whole text is in ``covered``.

    Also makes an integer font size a float: Kivy keys its open faces by ``str(font_size)``, so a
    markup ``[size=110]`` and a ``font_size: 110.0`` opened the same face twice.
    """
    from kivy.core.text import LabelBase

    global _ORIGINAL_RESOLVE
    if _ORIGINAL_RESOLVE is None:
        _ORIGINAL_RESOLVE = LabelBase.resolve_font_name
    resolve_full = _ORIGINAL_RESOLVE
    drawable = covered | frozenset("\n\r\t")  # line breaks and tabs are layout, never drawn

    def resolve(label: Any) -> None:
        resolve_full(label)
        options = label.options
        if type(options["font_size"]) is int:
            options["font_size"] = float(options["font_size"])
        cut = cuts.get(options["font_name_r"])
        if cut is None:
            return
        text = label.text
        if getattr(label, "_cut_text", None) is not text:  # a markup label resolves once per span
            label._cut_text = text
            label._cut_ok = drawable.issuperset(text)
        if label._cut_ok:
            options["font_name_r"] = cut

    LabelBase.resolve_font_name = resolve
