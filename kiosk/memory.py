"""Make glibc hand freed memory back to the system, so a kiosk that runs all day stays small.

A kiosk allocates and frees big pixel buffers all day (board text textures, pictures). glibc's
malloc raises its mmap threshold each time such a buffer is freed, after which buffers of that size
come from the heap and their memory is kept by the process after ``free``. Fixing the thresholds
turns that adjustment off: big buffers are mmapped and unmapped, and the heap top is trimmed.
Elsewhere (musl, macOS, Windows) this does nothing.

The arenas are capped too: glibc gives every thread that contends for malloc an arena of its own (up
to eight per core), and each keeps its freed memory apart from the others. The kiosk's threads (cover
and image decoders, read-aloud, database and sync workers) rarely allocate at the same moment, and
the extra arenas held about 20 MB resident (bench/bench_kiosk_ui.py's memory table).
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
ARENAS = 2
"""The main arena and one for every other thread: a decoder never waits on the UI thread's lock."""
BIG_BUFFER = 256 * 1024
"""Buffers from this size up are mmapped: a line of body text at 1920 px is already bigger."""


def return_freed_memory() -> bool:
    """Fix glibc's thresholds and cap its arenas (call before threads start); True when glibc took them."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return (bool(mallopt(M_MMAP_THRESHOLD, BIG_BUFFER)) and bool(mallopt(M_TRIM_THRESHOLD, 4 * BIG_BUFFER))
            and bool(mallopt(M_ARENA_MAX, ARENAS)))
