"""Labels drop their render surface once the pixels are in the texture.

Kivy's SDL2 text provider (``kivy.core.text.text_sdl2.LabelSDL2``) renders a label into an SDL
surface and keeps that surface on the label after ``_render_end`` has copied it out: every label of
every built screen held its pixels twice, once in the texture and once in RAM. heaptrack on the
board walk (bench/bench_kiosk_ui.py with KIOSK_BENCH_WRAP) found 84 of them, 58 MB. Kivy reads the
surface only between ``_render_begin`` and ``_render_end``, so dropping it at the end is safe; the
next render makes a new one, as it does today.
"""

from __future__ import annotations

from typing import Any

_INSTALLED = False


def release_label_surfaces() -> None:
    """Wrap ``LabelSDL2._render_end`` so the surface goes with the render (idempotent)."""
    global _INSTALLED
    if _INSTALLED:
        return
    from kivy.core.text import text_sdl2

    keep_and_copy = text_sdl2.LabelSDL2._render_end

    def copy_and_release(label: Any) -> Any:
        try:
            return keep_and_copy(label)
        finally:
            label._surface = None

    text_sdl2.LabelSDL2._render_end = copy_and_release  # type: ignore[method-assign]
    _INSTALLED = True
