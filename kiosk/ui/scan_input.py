"""Keyboard-wedge scanners read at the window, never through a TextInput.

A USB scanner in keyboard mode types the pass text at machine speed and presses Enter. A
TextInput drops keys at that speed and needs focus; the window sees every key whatever screen is
on show. So the window's ``on_textinput`` (the characters, already shifted: the pass is upper
case and has ':') and ``on_key_down`` (only Enter, which produces no text) feed a
:class:`kiosk.passes.scanner.ScannerBuffer`; a finished code goes to ``on_scan``. Slow human
typing on a keyboard left plugged in never makes a code (the buffer drops gaps over 100 ms).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.passes.scanner import ScannerBuffer

ENTER_KEYCODES = frozenset({13, 271})
"""Return and keypad Enter as Kivy (SDL2) reports them in ``on_key_down``."""


class WindowScanInput:
    """Binds a Kivy window's key events to a scanner buffer; ``on_scan(code)`` gets each code."""

    def __init__(self, on_scan: Callable[[str], Any], monotonic: Callable[[], float]) -> None:
        self.buffer = ScannerBuffer(clock=monotonic)
        self._on_scan = on_scan
        self._window: Any = None

    def attach(self, window: Any) -> None:
        self._window = window
        window.bind(on_textinput=self._text, on_key_down=self._key_down)

    def detach(self) -> None:
        if self._window is not None:
            self._window.unbind(on_textinput=self._text, on_key_down=self._key_down)
            self._window = None
        self.buffer.reset()

    def _text(self, _window: Any, text: str) -> None:
        for char in text:
            self.buffer.feed(char)

    def _key_down(self, _window: Any, key: int, *_args: Any) -> None:
        if key in ENTER_KEYCODES:
            code = self.buffer.feed("enter")
            if code is not None:
                self._on_scan(code)
