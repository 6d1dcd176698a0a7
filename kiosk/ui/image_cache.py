"""Kivy's image caches, bounded: decoded pictures are dropped once on the GPU, textures kept LRU.

Kivy keeps every decoded image twice for 60 s: its pixels (``kv.image``) and its texture
(``kv.texture``), with no limit; a walk through every board left hundreds of MB behind, and the
60-s timeout threw away exactly the boards a visitor comes back to. Here the pixel copies are kept
only briefly (the texture is what is drawn) and the textures are a bounded least-recently-used set
(``Cache.append`` purges the oldest-accessed entry at the limit), kept for minutes, so a revisit
finds its board's textures while memory stays flat. On top of the count, the textures are held to
a byte budget (``trim_textures``, called as boards change): a full-screen picture weighs three board
images, so a count alone let memory vary threefold with the mix.
"""

from __future__ import annotations

from kivy.cache import Cache

PIXEL_COPIES = 4
"""Decoded images kept beside their textures (a texture re-upload needs them only at once)."""
TEXTURES = 30
"""About three zones' board images and the attract covers in turn (≈ 2.7 MB a board image)."""
TEXTURE_BYTES = 32 * 2**20
"""Cached textures' pixels at most (RGBA): about 12 board images; boards kept built hold their own."""
TEXTURE_SECONDS = 300.0
"""A board seen within five minutes is shown from its cached texture."""


def bound_image_caches(*, pixel_copies: int = PIXEL_COPIES, textures: int = TEXTURES,
                       seconds: float = TEXTURE_SECONDS) -> None:
    """Re-register Kivy's two image categories with limits (call once, before the first image)."""
    Cache.register("kv.image", limit=pixel_copies, timeout=20)
    Cache.register("kv.texture", limit=textures, timeout=seconds)


def cached_textures() -> int:
    """How many textures Kivy's cache holds now (for tests and the benchmark)."""
    return len(Cache._objects.get("kv.texture", {}))


def cached_texture_objects() -> list[object]:
    """The textures Kivy's cache holds now (for the benchmark's census)."""
    return [e["object"] for e in Cache._objects.get("kv.texture", {}).values()]


def _texture_bytes(texture: object) -> int:
    return int(getattr(texture, "width", 0)) * int(getattr(texture, "height", 0)) * 4


def cached_texture_bytes() -> int:
    """The pixels of every cached texture, in bytes (RGBA)."""
    return sum(_texture_bytes(e["object"]) for e in Cache._objects.get("kv.texture", {}).values())


def trim_textures(max_bytes: int = TEXTURE_BYTES) -> None:
    """Drop the least recently used cached textures until the rest fit ``max_bytes`` (a texture
    still drawn stays alive with its widget; only the cache lets go of it)."""
    entries = Cache._objects.get("kv.texture", {})
    sized = sorted((e["lastaccess"], key, _texture_bytes(e["object"])) for key, e in entries.items())
    total = sum(size for _at, _key, size in sized)
    for _at, key, size in sized:
        if total <= max_bytes:
            break
        Cache.remove("kv.texture", key)
        total -= size
