"""The kiosk asks glibc to give freed pixel buffers back (see kiosk/memory.py)."""

from __future__ import annotations

import platform

import pytest

from kiosk.memory import return_freed_memory


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the thresholds exist in glibc only")
def test_glibc_accepts_the_thresholds() -> None:
    assert return_freed_memory() is True
