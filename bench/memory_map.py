"""Where a process's resident memory is, by kind of mapping (Linux ``/proc/<pid>/smaps``).

The UI benchmark prints this for the bare Kivy window and for the kiosk, so "bare + N MB" can be
split into what is ours (the Python heap, our textures held by the GL driver, fonts) and what any
Kivy window on software GL costs (Mesa/LLVM code, the X connection's buffers).

Categories, by the mapping's path:
- ``python heap``: ``[heap]`` (brk) plus anonymous mappings smaller than 1 MiB (pymalloc arenas,
  small malloc'd blocks);
- ``big anonymous``: anonymous mappings of 1 MiB or more: llvmpipe's textures and frame buffers,
  glibc's mmapped buffers (see ``kiosk.memory``), numpy arrays;
- ``GL driver code``: Mesa's DRI / gallium / LLVM libraries;
- ``python extensions``: ``.so`` files under site-packages or lib-dynload;
- ``other libraries``: every other ``.so``; ``fonts``: .ttf/.otf/.ttc mapped by FreeType;
- ``other files``: the rest (locale archives, the interpreter binary, caches).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

_HEADER = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$")
BIG = 1 << 20

CATEGORIES = ("python heap", "big anonymous", "GL driver code", "python extensions", "other libraries", "fonts",
              "other files")


def _category(path: str, size: int) -> str:
    if not path or path.startswith("[anon") or path == "[heap]":
        return "big anonymous" if size >= BIG and path != "[heap]" else "python heap"
    if path.startswith("["):
        return "other files"  # [stack], [vdso], [vvar]
    name = path.rsplit("/", 1)[-1].lower()
    if any(part in name for part in ("llvm", "gallium", "dri", "mesa", "libgl", "libegl", "glapi")):
        return "GL driver code"
    if name.endswith((".ttf", ".otf", ".ttc")):
        return "fonts"
    if ".so" in name:
        return "python extensions" if ("site-packages" in path or "lib-dynload" in path) else "other libraries"
    return "other files"


def rss_by_category(pid: int | str = "self") -> dict[str, float]:
    """Resident MiB per category (they add up to the process's RSS, within rounding)."""
    totals: dict[str, int] = defaultdict(int)
    category = "other files"
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        header = _HEADER.match(line)
        if header:
            start, end, path = int(header.group(1), 16), int(header.group(2), 16), header.group(3).strip()
            category = _category(path, end - start)
        elif line.startswith("Rss:"):
            totals[category] += int(line.split()[1])
    return {name: totals.get(name, 0) / 1024 for name in CATEGORIES}


def format_table(columns: dict[str, dict[str, float]]) -> list[str]:
    """Rows ``category | column…`` in MiB, with a total row."""
    names = list(columns)
    lines = ["   " + f"{'resident MiB by mapping':24s}" + "".join(f"{n:>18s}" for n in names)]
    for category in CATEGORIES:
        lines.append("   " + f"{category:24s}" + "".join(f"{columns[n].get(category, 0):18.0f}" for n in names))
    lines.append("   " + f"{'total':24s}" + "".join(f"{sum(columns[n].values()):18.0f}" for n in names))
    return lines


def largest_anonymous(pid: int | str = "self", count: int = 12) -> list[tuple[float, float]]:
    """(size MiB, resident MiB) of the ``count`` anonymous mappings with the most resident memory."""
    found: list[tuple[float, float]] = []
    size = 0
    anonymous = False
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        header = _HEADER.match(line)
        if header:
            start, end, path = int(header.group(1), 16), int(header.group(2), 16), header.group(3).strip()
            size, anonymous = end - start, (not path or path.startswith("[anon"))
        elif line.startswith("Rss:") and anonymous:
            found.append((size / 2**20, int(line.split()[1]) / 1024))
    return sorted(found, key=lambda pair: -pair[1])[:count]


def malloc_totals() -> dict[str, float]:
    """glibc's ``mallinfo2`` over all arenas, in MiB: in use, free but kept, mmapped (empty elsewhere)."""
    import ctypes
    import ctypes.util

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in
                    ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                     "keepcost")]

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallinfo2 = libc.mallinfo2
    except (OSError, AttributeError):
        return {}
    mallinfo2.restype = MallInfo2
    info = mallinfo2()
    return {"heap in use": info.uordblks / 2**20, "heap free, kept": info.fordblks / 2**20,
            "mmapped blocks": info.hblkhd / 2**20, "mmapped count": float(info.hblks)}


def pymalloc_arenas() -> float:
    """MiB in pymalloc's arenas now (each 1 MiB, mmapped: they count as "big anonymous")."""
    import os
    import re as _re
    import sys
    import tempfile

    with tempfile.TemporaryFile(mode="w+") as out:
        saved = os.dup(2)
        try:
            os.dup2(out.fileno(), 2)
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read()
    match = _re.search(r"# arenas allocated current\s*=\s*([\d,]+)", text)
    arenas = int(match.group(1).replace(",", "")) if match else 0
    size = _re.search(r"(\d+) arenas \* (\d+) bytes/arena", text)
    per = int(size.group(2)) if size else 2**20
    return arenas * per / 2**20
