"""Turning keyboard-wedge scanner keystrokes into payloads, and suppressing double reads.

A USB scanner in keyboard mode "types" the code a few milliseconds per key and
presses Enter. The kiosk's window receives those keys mixed with anything a
visitor types, so ``ScannerBuffer`` keeps only bursts that arrive at machine
speed: a gap longer than ``max_gap`` between keys (a human) drops what was
gathered. It also caps the length, so a stuck key or a hostile "scanner"
cannot grow memory, and discards an over-long burst whole rather than passing
on a truncated payload.

Scanners (and cameras) also read the same code several times while it is held
in view; ``DoubleReadFilter`` lets the first read through and ignores repeats
of the same payload from the same device until it has been out of sight for
``window`` seconds.

Both are pure: time comes from an injected clock or an explicit ``at``.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass

Clock = Callable[[], float]

ENTER_KEYS: frozenset[str] = frozenset({"\r", "\n", "enter", "return", "kp_enter", "numpadenter"})
"""What ends a scan: the characters, and key names as UI toolkits report them (case-insensitive)."""


class ScannerBuffer:
    """Assembles keystrokes into a payload, emitted when Enter arrives in a fast burst."""

    def __init__(
        self,
        *,
        max_gap: float = 0.100,
        max_length: int = 512,
        min_length: int = 4,
        clock: Clock = time.monotonic,
        terminators: Collection[str] = ENTER_KEYS,
    ) -> None:
        """``max_gap`` seconds is the longest pause between keys of one scan (default 100 ms)."""
        if max_gap <= 0 or max_length < 1 or not 1 <= min_length <= max_length:
            raise ValueError("need max_gap > 0 and 1 <= min_length <= max_length")
        self.max_gap = max_gap
        self.max_length = max_length
        self.min_length = min_length
        self._clock = clock
        self._terminators = frozenset(t.lower() for t in terminators)
        self._chars: list[str] = []
        self._last: float | None = None
        self._overflowed = False

    @property
    def pending(self) -> str:
        """What has been gathered so far (for diagnostics)."""
        return "".join(self._chars)

    def reset(self) -> None:
        """Forget any partial scan (e.g. when the screen changes)."""
        self._chars.clear()
        self._last = None
        self._overflowed = False

    def feed(self, key: str, at: float | None = None) -> str | None:
        """Feed one key: a single character, or a key name such as "enter" or "shift".

        Returns the payload when this key completes a scan, else None. Key
        names other than the terminators (shift, caps lock, arrows...) and
        control characters are ignored: a scanner presses Shift for capitals.
        """
        now = self._clock() if at is None else at
        if key.lower() in self._terminators:
            return self._finish(now)
        if len(key) != 1 or unicodedata.category(key).startswith("C"):
            return None
        if self._last is not None and not 0 <= now - self._last <= self.max_gap:
            self._chars.clear()
            self._overflowed = False
        self._last = now
        if self._overflowed:
            return None
        self._chars.append(key)
        if len(self._chars) > self.max_length:
            self._chars.clear()
            self._overflowed = True
        return None

    def feed_text(self, text: str, at: float | None = None) -> list[str]:
        """Feed every character of text at one instant; the payloads completed, in order."""
        now = self._clock() if at is None else at
        payloads = []
        for char in text:
            payload = self.feed(char, now)
            if payload is not None:
                payloads.append(payload)
        return payloads

    def _finish(self, now: float) -> str | None:
        fresh = self._last is not None and 0 <= now - self._last <= self.max_gap
        payload = "".join(self._chars)
        complete = fresh and not self._overflowed and len(payload) >= self.min_length
        self.reset()
        return payload if complete else None


@dataclass
class _Sighting:
    last_seen: float


class DoubleReadFilter:
    """Lets a payload through once per device until it has been unseen for ``window`` seconds.

    The window slides: every repeat, even an ignored one, restarts it, so a
    pass left lying on a scanner in continuous mode is read exactly once.
    """

    def __init__(self, *, window: float = 3.0, clock: Clock = time.monotonic, max_entries: int = 256) -> None:
        if window <= 0 or max_entries < 1:
            raise ValueError("need window > 0 and max_entries >= 1")
        self.window = window
        self._clock = clock
        self._max_entries = max_entries
        self._seen: dict[tuple[str, str], _Sighting] = {}

    def accept(self, payload: str, *, device: str = "default", at: float | None = None) -> bool:
        """True for a new read to act on; False for a repeat within the window."""
        now = self._clock() if at is None else at
        self._forget_older_than(now)
        key = (device, payload)
        sighting = self._seen.pop(key, None)  # re-inserted below, so the dict stays oldest-first
        self._seen[key] = _Sighting(now)
        if len(self._seen) > self._max_entries:
            del self._seen[next(iter(self._seen))]
        return sighting is None or not 0 <= now - sighting.last_seen < self.window

    def reset(self) -> None:
        """Forget every payload seen."""
        self._seen.clear()

    def _forget_older_than(self, now: float) -> None:
        for key in [k for k, s in self._seen.items() if now - s.last_seen >= self.window]:
            del self._seen[key]
