"""Kivy's image caches are bounded: the oldest texture goes when the limit is reached, and the
decoded pixel copies are few (issue 13: RSS climbed with every board and stayed up)."""

from __future__ import annotations

import pytest

from kiosk.ui.image_cache import bound_image_caches, cached_textures

pytestmark = pytest.mark.ui


def test_texture_cache_keeps_the_most_recently_used_within_its_limit() -> None:
    import kivy.core.image  # noqa: F401 - registers Kivy's own categories first
    from kivy.cache import Cache

    def seen(key: str, ago: float) -> None:  # one entry per frame, like images opened board by board
        entry = Cache._objects["kv.texture"][key]
        entry["lastaccess"] = entry["timestamp"] = entry["lastaccess"] - ago

    saved = {name: (dict(Cache._categories[name]), dict(Cache._objects[name])) for name in ("kv.image", "kv.texture")}
    try:
        bound_image_caches(pixel_copies=2, textures=3, seconds=300)
        for i in range(3):
            Cache.append("kv.texture", f"board-{i}.png|0|0", object())
            seen(f"board-{i}.png|0|0", 100 - i)
        Cache._objects["kv.texture"]["board-0.png|0|0"]["lastaccess"] += 99.5  # board 0 seen again just now
        Cache.append("kv.texture", "board-3.png|0|0", object())
        assert cached_textures() <= 3  # Kivy purges up to two of the oldest at once
        assert Cache.get("kv.texture", "board-0.png|0|0") is not None  # the revisited one stays
        assert Cache.get("kv.texture", "board-1.png|0|0") is None  # the least recently used went
        for i in range(5):
            Cache.append("kv.image", f"pixels-{i}", object())
            entry = Cache._objects["kv.image"][f"pixels-{i}"]
            entry["lastaccess"] = entry["timestamp"] = entry["lastaccess"] - 100 + i
        assert len(Cache._objects["kv.image"]) <= 2
    finally:
        for name, (category, objects) in saved.items():
            Cache._categories[name] = category
            Cache._objects[name] = objects


class _Tex:
    """Stands for a Kivy texture: only its size matters to the byte budget."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height


def test_textures_are_trimmed_to_a_byte_budget_oldest_first() -> None:
    import kivy.core.image  # noqa: F401 - registers Kivy's own categories first
    from kivy.cache import Cache

    from kiosk.ui.image_cache import cached_texture_bytes, trim_textures

    saved = (dict(Cache._categories["kv.texture"]), dict(Cache._objects["kv.texture"]))
    try:
        bound_image_caches(textures=100, seconds=300)
        Cache._objects["kv.texture"].clear()
        for i, ago in enumerate((30, 20, 10)):  # board-0 least recently seen
            Cache.append("kv.texture", f"board-{i}.png|0|0", _Tex(1000, 1000))  # 4 MB each
            entry = Cache._objects["kv.texture"][f"board-{i}.png|0|0"]
            entry["lastaccess"] -= ago
        Cache.append("kv.texture", "tiny.png|0|0", _Tex(10, 10))
        assert cached_texture_bytes() == 3 * 4_000_000 + 400
        trim_textures(9_000_000)
        assert Cache.get("kv.texture", "board-0.png|0|0") is None
        assert Cache.get("kv.texture", "board-1.png|0|0") is not None
        assert cached_texture_bytes() <= 9_000_000
    finally:
        Cache._categories["kv.texture"], Cache._objects["kv.texture"] = saved
