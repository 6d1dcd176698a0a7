"""Which textures the kiosk holds, and for what: the UI benchmark's split of "big anonymous".

With software GL (llvmpipe) every texture's pixels are in the process's own memory, so the live
textures' sizes, grouped by who draws them, say where the memory over the bare window goes. Every
live Kivy ``Texture`` is found through the garbage collector (they are tracked objects), counted once
per GL texture (a region shares its owner's pixels) at four bytes a pixel (RGBA; ``rgb`` three), and
put under the first owner found: each built screen's widgets, the boards kept for a revisit, Kivy's
image cache, or "elsewhere" (the window, the attract covers' fades, fonts' atlases...).
"""

from __future__ import annotations

import gc
from collections import defaultdict
from typing import Any, Iterable

BYTES_PER_PIXEL = {"rgba": 4, "bgra": 4, "rgb": 3, "bgr": 3, "luminance_alpha": 2, "luminance": 1, "alpha": 1,
                   "red": 1, "rg": 2}


def _base(texture: Any) -> Any:
    owner = getattr(texture, "owner", None)
    return owner if owner is not None else texture


def texture_bytes(texture: Any) -> int:
    base = _base(texture)
    return int(base.width) * int(base.height) * BYTES_PER_PIXEL.get(str(base.colorfmt), 4)


def _widget_textures(widget: Any) -> Iterable[Any]:
    for name in ("texture", "_texture"):
        texture = getattr(widget, name, None)
        if texture is not None and hasattr(texture, "width"):
            yield texture
    canvas = getattr(widget, "canvas", None)
    if canvas is None:
        return
    for group in (getattr(canvas, "before", None), canvas, getattr(canvas, "after", None)):
        for instruction in getattr(group, "children", []) or []:
            texture = getattr(instruction, "texture", None)
            if texture is not None:
                yield texture


def census(owners: dict[str, list[Any]], image_cache: Iterable[Any]) -> dict[str, dict[str, float]]:
    """MiB and count of live textures, and widgets, per owner (``owners``: name → root widgets to walk)."""
    from kivy.graphics.texture import Texture

    gc.collect()
    live: dict[int, Any] = {}
    for obj in gc.get_objects():
        if isinstance(obj, Texture):
            base = _base(obj)
            live.setdefault(int(base.id), base)
    claimed: dict[int, str] = {}
    widgets: dict[str, int] = defaultdict(int)
    for name, roots in owners.items():
        for root in roots:
            for widget in root.walk(restrict=True):
                widgets[name] += 1
                for texture in _widget_textures(widget):
                    claimed.setdefault(int(_base(texture).id), name)
    for texture in image_cache:
        claimed.setdefault(int(_base(texture).id), "Kivy's image cache")
    totals: dict[str, dict[str, float]] = defaultdict(lambda: {"mb": 0.0, "count": 0})
    for gl_id, texture in live.items():
        name = claimed.get(gl_id, "elsewhere")
        totals[name]["mb"] += texture_bytes(texture) / 2**20
        totals[name]["count"] += 1
    for name, count in widgets.items():
        totals[name]["widgets"] = count
    return dict(sorted(totals.items(), key=lambda item: (-item[1]["mb"], -item[1].get("widgets", 0))))
