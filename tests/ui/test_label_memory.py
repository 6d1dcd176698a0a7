"""A label keeps no CPU copy of its pixels once they are on the GPU (issue 13).

Kivy's SDL2 text provider renders each label into an SDL surface and leaves that surface on the
label (``_surface``) after the pixels went into the texture: every label on every built screen
carried its pixels twice. heaptrack on the board walk found 84 such surfaces, 58 MB.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.services import build_services
from tests.content_factory import make_content
from tests.ui.window_test import KioskWindowTest as WindowTest

pytestmark = pytest.mark.ui


class LabelSurfacesTest(WindowTest):
    window_size = (1280, 720)

    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-ui-labels-"))
        content = make_content(self.tmp / "content", zones=2, boards=2)
        (self.tmp / "data").mkdir()
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall", device_id="labels")
        self.clock = FakeClock()
        self.services = build_services(self.config, clock=self.clock)
        self.launch()

    def test_rendered_labels_hold_no_surface_and_still_show_their_text(self) -> None:
        from kivy.uix.label import Label

        self.vm.start_visit()
        self.vm.open_area("exhibition")
        self.advance_frames(3)
        label = Label(text="党员综合体验馆 · 第一展区", font_size=40)
        label.texture_update()
        width, height = label.texture.size
        assert width > 200 and height > 20
        pixels = label.texture.pixels
        assert any(pixels[i] for i in range(3, len(pixels), 4))  # some glyph pixels are opaque
        shown = [w for w in self.root.walk() if isinstance(w, Label) and w.texture is not None]
        assert len(shown) >= 5  # the zone cards and the top bar
        kept = [w for w in shown + [label] if getattr(w._label, "_surface", None) is not None]
        assert kept == []
