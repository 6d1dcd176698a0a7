"""Make glibc hand freed memory back to the system, so a kiosk that runs all day stays small.

A kiosk allocates and frees big pixel buffers all day (board text textures, pictures). glibc's
malloc raises its mmap threshold each time such a buffer is freed, after which buffers of that size
come from the heap and their memory is kept by the process after ``free``. Fixing the thresholds
turns that adjustment off: big buffers are mmapped and unmapped, and the heap top is trimmed.
Elsewhere (musl, macOS, Windows) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
BIG_BUFFER = 256 * 1024
"""Buffers from this size up are mmapped: a line of body text at 1920 px is already bigger."""


def return_freed_memory() -> bool:
    """Fix glibc's thresholds; True when glibc took them."""
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
    return bool(mallopt(M_MMAP_THRESHOLD, BIG_BUFFER)) and bool(mallopt(M_TRIM_THRESHOLD, 4 * BIG_BUFFER))
