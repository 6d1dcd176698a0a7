"""The camera as a second scanner, only on kiosks that have one.

A frame is taken from Kivy's Camera every ``interval`` seconds while the check-in screen is on
show, and decoded with ``ZxingDecoder`` (plain read only: the live video gives another chance a
moment later) on its own worker thread, never on Kivy's; one frame is decoded at a time, so a
slow frame skips the next rather than queueing. Found codes go to the same ``scan_arrived`` as
the keyboard-wedge scanner, whose double-read filter turns a pass held in view into one read.

No camera device, or a Camera provider that does not start: nothing is shown and nothing runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.clock import Clock

from kiosk.passes.decode import ZxingDecoder
from kiosk.tasks import Runner

log = logging.getLogger(__name__)


def camera_present() -> bool:
    """Whether the machine has a video device at all (Linux: /dev/video*)."""
    return any(Path("/dev").glob("video*"))


class CameraScanner:
    """Shows the camera's picture in a container and reads QR codes out of its frames."""

    def __init__(self, on_code: Callable[[str], Any], *, interval: float = 0.35, runner: Runner | None = None) -> None:
        """``runner`` decodes frames (default: a worker thread of its own, made when the camera starts)."""
        self._on_code = on_code
        self._interval = interval
        self._decoder = ZxingDecoder(fallbacks=False)
        self._runner: Any = runner
        self._camera: Any = None
        self._event: Any = None
        self._decoding = False
        self.failed = False

    def start(self, container: Any) -> bool:
        """Start the camera inside container (in front of its picture); False if it cannot start."""
        if self.failed:
            return False
        if self._camera is None:
            try:
                from kivy.uix.camera import Camera

                self._camera = Camera(index=0, resolution=(1280, 720), play=False, fit_mode="contain")
            except Exception as exc:  # no provider, no device, busy device: the kiosk works without
                log.warning("camera unavailable: %s", exc)
                self.failed = True
                return False
            if self._runner is None:
                from kiosk.ui.runner import ThreadRunner

                self._runner = ThreadRunner("camera")
        if self._camera.parent is None:
            container.add_widget(self._camera)
        self._camera.play = True
        self._event = Clock.schedule_interval(self._grab, self._interval)
        return True

    @property
    def runner(self) -> Any:
        """The decoding worker (None until the camera started); the app shuts it down at a stop."""
        return self._runner

    def stop(self) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None
        if self._camera is not None:
            self._camera.play = False
            if self._camera.parent is not None:
                self._camera.parent.remove_widget(self._camera)

    def _grab(self, _dt: float = 0) -> None:
        texture = self._camera.texture if self._camera is not None else None
        if texture is None or self._decoding:
            return
        size, pixels = texture.size, texture.pixels
        self._decoding = True
        self._runner.submit(lambda: self._decode(size, pixels), self._found, self._failed)

    def _decode(self, size: tuple[int, int], pixels: bytes) -> list[str]:
        from PIL import Image

        frame = Image.frombytes("RGBA", size, pixels).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
        return self._decoder.decode(frame)

    def _found(self, texts: list[str]) -> None:
        self._decoding = False
        for text in texts:
            self._on_code(text)

    def _failed(self, _error: BaseException) -> None:
        self._decoding = False
