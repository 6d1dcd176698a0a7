"""Keyboard-wedge scanner buffer and double-read filter, on a fake clock."""

from __future__ import annotations

import pytest

from kiosk.passes.scanner import DoubleReadFilter, ScannerBuffer


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def type_keys(buffer: ScannerBuffer, clock: FakeClock, keys: list[str], gap: float) -> list[str]:
    """Feed keys gap seconds apart; the payloads emitted."""
    payloads = []
    for key in keys:
        clock.advance(gap)
        payload = buffer.feed(key)
        if payload is not None:
            payloads.append(payload)
    return payloads


PASS = "HK1:CQDVNCF2BNAURNGLYAC6IMIUJM:BJ-HD-01"


def test_a_fast_burst_ending_in_enter_is_one_payload() -> None:
    clock = FakeClock()
    buffer = ScannerBuffer(clock=clock)
    assert type_keys(buffer, clock, [*PASS, "\r"], gap=0.004) == [PASS]
    assert buffer.pending == ""


@pytest.mark.parametrize("enter", ["\r", "\n", "enter", "Return", "KP_Enter", "numpadenter"])
def test_enter_in_any_spelling_ends_a_scan(enter: str) -> None:
    clock = FakeClock()
    assert type_keys(ScannerBuffer(clock=clock), clock, [*PASS, enter], gap=0.004) == [PASS]


def test_shift_and_other_named_keys_are_ignored() -> None:
    clock = FakeClock()
    keys = [k for c in PASS for k in ("shift", c)] + ["capslock", "enter"]
    assert type_keys(ScannerBuffer(clock=clock), clock, keys, gap=0.002) == [PASS]


def test_control_characters_are_not_part_of_the_payload() -> None:
    clock = FakeClock()
    assert type_keys(ScannerBuffer(clock=clock), clock, ["\x1b", *"ABCD", "\x00", "\t", "\r"], gap=0.004) == ["ABCD"]


def test_slow_human_typing_never_produces_a_payload() -> None:
    clock = FakeClock()
    buffer = ScannerBuffer(clock=clock)
    assert type_keys(buffer, clock, [*"HELLO WORLD", "\r"], gap=0.180) == []


def test_a_pause_drops_what_came_before_it() -> None:
    clock = FakeClock()
    buffer = ScannerBuffer(clock=clock)
    assert type_keys(buffer, clock, list("junk"), gap=0.01) == []
    clock.advance(0.5)  # a visitor poked the keyboard, then a scan starts
    assert type_keys(buffer, clock, [*PASS, "\r"], gap=0.004) == [PASS]


def test_enter_long_after_the_last_key_is_dropped() -> None:
    clock = FakeClock()
    buffer = ScannerBuffer(clock=clock)
    type_keys(buffer, clock, list(PASS), gap=0.004)
    clock.advance(0.3)
    assert buffer.feed("\r") is None


def test_max_gap_is_configurable() -> None:
    clock = FakeClock()
    assert type_keys(ScannerBuffer(clock=clock, max_gap=0.3), clock, [*PASS, "\r"], gap=0.2) == [PASS]
    assert type_keys(ScannerBuffer(clock=clock, max_gap=0.05), clock, [*PASS, "\r"], gap=0.06) == []


def test_gap_exactly_at_the_limit_still_counts_as_a_scanner() -> None:
    buffer = ScannerBuffer(max_gap=0.125, clock=lambda: 0.0)  # binary fractions: exact arithmetic
    for i, key in enumerate("ABCD"):
        buffer.feed(key, at=i * 0.125)
    assert buffer.feed("\r", at=0.5) == "ABCD"


def test_over_long_burst_is_discarded_whole_until_enter() -> None:
    clock = FakeClock()
    buffer = ScannerBuffer(clock=clock, max_length=50)
    assert type_keys(buffer, clock, ["A"] * 51 + ["\r"], gap=0.001) == []
    assert buffer.pending == ""
    assert type_keys(buffer, clock, ["A"] * 200 + ["\r"], gap=0.001) == []
    assert type_keys(buffer, clock, [*"HK1:OK", "\r"], gap=0.001) == ["HK1:OK"]
    assert type_keys(buffer, clock, ["B"] * 50 + ["\r"], gap=0.001) == ["B" * 50]


def test_short_bursts_below_min_length_are_dropped() -> None:
    clock = FakeClock()
    buffer = ScannerBuffer(clock=clock, min_length=4)
    assert type_keys(buffer, clock, [*"ABC", "\r"], gap=0.001) == []
    assert type_keys(buffer, clock, ["\r"], gap=0.001) == []
    assert type_keys(buffer, clock, [*"ABCD", "\r"], gap=0.001) == ["ABCD"]


def test_two_scans_back_to_back() -> None:
    clock = FakeClock()
    buffer = ScannerBuffer(clock=clock)
    assert type_keys(buffer, clock, [*"FIRST", "\r", *"SECOND", "\r"], gap=0.003) == ["FIRST", "SECOND"]


def test_clock_going_backwards_resets_rather_than_merging() -> None:
    buffer = ScannerBuffer(clock=lambda: 0.0)
    buffer.feed("A", at=10.0)
    buffer.feed("B", at=9.0)
    assert buffer.pending == "B"


def test_feed_text_at_one_instant() -> None:
    buffer = ScannerBuffer(clock=lambda: 5.0)
    assert buffer.feed_text("ABCD\rEFGH\r") == ["ABCD", "EFGH"]


def test_invalid_settings_are_refused() -> None:
    for kwargs in (dict(max_gap=0), dict(max_length=0), dict(min_length=10, max_length=5)):
        with pytest.raises(ValueError):
            ScannerBuffer(**kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        DoubleReadFilter(window=0)


def test_double_read_within_window_is_ignored() -> None:
    clock = FakeClock()
    reads = DoubleReadFilter(clock=clock)
    assert reads.accept(PASS)
    clock.advance(1.0)
    assert not reads.accept(PASS)
    clock.advance(2.9)  # 3.9 s after the first read but only 2.9 s after the last: still held in view
    assert not reads.accept(PASS)
    clock.advance(3.0)
    assert reads.accept(PASS)


def test_a_pass_lying_on_the_scanner_is_read_once() -> None:
    clock = FakeClock()
    reads = DoubleReadFilter(clock=clock)
    accepted = 0
    for _ in range(100):  # continuous mode: a read every 0.5 s for 50 s
        accepted += reads.accept(PASS)
        clock.advance(0.5)
    assert accepted == 1


def test_double_read_filter_is_per_device_and_per_payload() -> None:
    clock = FakeClock()
    reads = DoubleReadFilter(clock=clock)
    assert reads.accept(PASS, device="entrance")
    assert reads.accept(PASS, device="exit")
    assert reads.accept("HK1:OTHER", device="entrance")
    assert not reads.accept(PASS, device="entrance")


def test_double_read_window_is_configurable_and_bounded_in_memory() -> None:
    clock = FakeClock()
    reads = DoubleReadFilter(clock=clock, window=0.5, max_entries=3)
    assert reads.accept("A")
    clock.advance(0.6)
    assert reads.accept("A")
    for payload in "BCDE":
        reads.accept(payload)
    assert len(reads._seen) == 3
    assert reads.accept("A")  # evicted as the oldest
    reads.reset()
    assert reads.accept("E")


def test_explicit_timestamps_override_the_clock() -> None:
    reads = DoubleReadFilter(clock=lambda: 0.0)
    assert reads.accept(PASS, at=100.0)
    assert not reads.accept(PASS, at=102.0)
    assert reads.accept(PASS, at=105.5)
