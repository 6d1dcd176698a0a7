"""The fault suite's bounded child caps what the check allocates, not what the test process had."""

from __future__ import annotations

import mmap

from tests.faults.fault_helpers import MEMORY_LIMIT, bounded


def _allocate(size: int) -> int:
    return len(bytearray(size))


def test_a_bounded_check_runs_in_a_process_that_already_maps_more_than_the_cap() -> None:
    # A pytest worker that ran the UI tests first maps a GL context and Kivy; under a cap on the
    # whole address space its forked checks failed with MemoryError (seen with pytest-xdist).
    held = mmap.mmap(-1, MEMORY_LIMIT + 100_000_000)  # address space only: never touched
    try:
        assert bounded(_allocate, 20_000_000) == 20_000_000
    finally:
        held.close()


def test_a_check_that_allocates_past_the_cap_still_fails() -> None:
    try:
        bounded(_allocate, MEMORY_LIMIT + 200_000_000)
    except AssertionError as exc:
        assert "MemoryError" in str(exc)
    else:
        raise AssertionError("an allocation past the cap was let through")
