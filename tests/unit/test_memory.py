"""The kiosk asks glibc to give freed pixel buffers back (see kiosk/memory.py)."""

from __future__ import annotations

import platform

import pytest

from kiosk.memory import return_freed_memory


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the thresholds exist in glibc only")
def test_glibc_accepts_the_thresholds() -> None:
    assert return_freed_memory() is True


ARENA_PROBE = r"""
import ctypes, ctypes.util, sys, threading
from kiosk.memory import return_freed_memory
if sys.argv[1] == "kiosk":
    return_freed_memory()
barrier = threading.Barrier(6)
def work():
    barrier.wait()  # all six allocate at once: glibc gives contending threads arenas of their own
    keep = [bytearray(4000) for _ in range(20000)]
    barrier.wait()
threads = [threading.Thread(target=work) for _ in range(6)]
for t in threads: t.start()
for t in threads: t.join()
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.open_memstream.restype = ctypes.c_void_p
buf, size = ctypes.c_char_p(), ctypes.c_size_t()
stream = libc.open_memstream(ctypes.byref(buf), ctypes.byref(size))
libc.malloc_info(0, ctypes.c_void_p(stream))
libc.fclose(ctypes.c_void_p(stream))
print(buf.value.decode().count("<heap nr="))
"""


def _arenas(mode: str) -> int:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", ARENA_PROBE, mode], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc arenas are glibc's")
def test_threads_share_a_bounded_number_of_malloc_arenas() -> None:
    """Every thread that contends for malloc gets an arena of its own (up to 8 per core), each
    holding its freed memory apart: on the kiosk (decoders, TTS, database, sync workers) that was
    ~20 MB resident for nothing (bench/bench_kiosk_ui.py's memory table)."""
    assert _arenas("default") > 2  # the probe does make glibc spread out, else the test proves nothing
    assert _arenas("kiosk") <= 2
