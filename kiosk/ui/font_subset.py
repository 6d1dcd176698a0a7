"""Small "common" CJK faces beside the full ones: the same font cut to the characters a hall uses.

Every pixel size of a face is its own FreeType face in memory, and a Noto Sans CJK face costs about
2.6 MB whatever the size, because FreeType keeps tables for all 65,000 glyphs (measured per opened
size: 2.64 MB for the full face, 0.54 MB for a 5,400-character cut). The screens open about 20
(size, weight) pairs. So ``kiosk content check --prepare`` cuts each face to GB2312 (every character
of the national standard set: 6,763 hanzi and its symbols), Latin-1, the punctuation and symbol
blocks, and every character of the kiosk's own strings and the hall's content; labels whose text is
all inside the cut draw with it, and any other label (a rare character in a name) with the full face
(``kiosk.ui.fonts``): a missing glyph is never a box.

fontTools' subsetter does the cutting (the same library that extracts the SC face). No Kivy here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

SYMBOL_BLOCKS = (
    (0x0020, 0x007E), (0x00A0, 0x00FF),  # ASCII, Latin-1
    (0x2000, 0x206F), (0x2100, 0x218F), (0x2190, 0x21FF),  # punctuation, letterlike (℃), numbers (Ⅻ), arrows
    (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF),  # ①, box drawing, shapes (●■▲)
    (0x2600, 0x26FF), (0x2700, 0x27BF),  # ★☆, ✓✔
    (0x3000, 0x303F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),  # CJK punctuation, compatibility forms, full width
)
SOURCE_SUFFIXES = {".py", ".kv", ".md", ".yaml", ".yml", ".txt", ".csv", ".gift", ".toml", ".json"}
CHARS_FILE = "NotoSansCJKsc-common.chars"


def common_name(style: str) -> str:
    return f"NotoSansCJKsc-{style}-common.otf"


def gb2312_characters() -> set[str]:
    """Every character of GB2312 (rows 0xA1–0xF7, cells 0xA1–0xFE that decode)."""
    chars: set[str] = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def text_characters(folders: Iterable[Path]) -> set[str]:
    """The characters of every text file under ``folders`` (the kiosk package, the content folder)."""
    chars: set[str] = set()
    for folder in folders:
        for path in folder.rglob("*"):
            if path.suffix.lower() in SOURCE_SUFFIXES and path.is_file():
                chars.update(path.read_text(encoding="utf-8", errors="ignore"))
    return {c for c in chars if c.isprintable() and ord(c) > 0x7E}


def wanted_characters(folders: Iterable[Path]) -> set[str]:
    blocks = {chr(cp) for low, high in SYMBOL_BLOCKS for cp in range(low, high + 1)}
    return blocks | gb2312_characters() | text_characters(folders)


def read_covered(cache_dir: Path) -> frozenset[str] | None:
    """The characters the common faces hold, or None when they are not (all) there."""
    path = cache_dir / CHARS_FILE
    if not path.exists():
        return None
    return frozenset(path.read_text(encoding="utf-8"))


def build_common_faces(full: dict[str, Path], cache_dir: Path, folders: Iterable[Path]) -> frozenset[str]:
    """Cut each full face to the wanted characters (once; again only when a wanted character that
    the full face has is missing from the cut). Returns the characters the cuts hold."""
    from fontTools.subset import Options, Subsetter
    from fontTools.ttLib import TTFont

    wanted = wanted_characters(folders)
    covered = read_covered(cache_dir)
    faces = {style: cache_dir / common_name(style) for style in full}
    available = set(wanted)
    for source in set(full.values()):
        face = TTFont(str(source), lazy=True)
        available &= {chr(cp) for cp in face.getBestCmap()}
        face.close()
    if covered is not None and available <= covered and all(face.exists() for face in faces.values()):
        return covered
    (cache_dir / CHARS_FILE).unlink(missing_ok=True)  # no cut is used while the set is being rebuilt
    for style, source in full.items():
        font = TTFont(str(source), recalcBBoxes=False, recalcTimestamp=False)  # the full face's metrics, kept
        options = Options()
        options.notdef_outline = True  # the full face's .notdef (never drawn: coverage is checked first)
        options.name_IDs = ["*"]
        subsetter = Subsetter(options)
        subsetter.populate(unicodes=[ord(c) for c in available])
        subsetter.subset(font)
        tmp = faces[style].with_suffix(f".{os.getpid()}.part")
        font.save(str(tmp))
        font.close()
        tmp.replace(faces[style])
    maps = []
    for face in set(faces.values()):  # the truth is the cuts' own maps (a kept glyph keeps its other code points)
        cut = TTFont(str(face), lazy=True)
        maps.append({chr(cp) for cp in cut.getBestCmap()})
        cut.close()
    held = set.intersection(*maps)
    tmp_chars = cache_dir / f"{CHARS_FILE}.{os.getpid()}.part"
    tmp_chars.write_text("".join(sorted(held)), encoding="utf-8")
    tmp_chars.replace(cache_dir / CHARS_FILE)
    return frozenset(held)
