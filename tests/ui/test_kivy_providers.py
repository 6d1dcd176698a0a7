"""Kivy's providers as the kiosk starts them: only what the screens use is loaded.

Kivy imports every image loader it knows at ``import kivy.core.image``; its FFmpeg loader pulls in
ffpyplayer's libavcodec, libavformat, libavfilter, x265 … (about 23 MB resident) into every kiosk,
though PNG and JPEG are read by SDL2. The films load ffpyplayer when the theatre first plays one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
from kiosk.config import load_config
from kiosk.ui.launch import prepare_kivy
prepare_kivy(load_config().with_overrides(data_dir=sys.argv[1]), (800, 600), fullscreen=False)
from kivy.core.image import ImageLoader
print(json.dumps({"ffpyplayer": sorted(m for m in sys.modules if m.startswith("ffpyplayer")),
                  "loaders": [loader.__name__ for loader in ImageLoader.loaders],
                  "jpeg": [loader.__name__ for loader in ImageLoader.loaders if "jpg" in loader.extensions()]}))
"""


def _probe(tmp_path: Path) -> dict[str, list[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIVY_IMAGE")}
    env["KIVY_NO_CONSOLELOG"] = "1"
    out = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "data")], env=env,
                         capture_output=True, text=True, timeout=120, check=True).stdout
    result: dict[str, list[str]] = json.loads(out.strip().splitlines()[-1])
    return result


def test_the_kiosk_loads_no_ffmpeg_to_read_its_pictures(tmp_path: Path) -> None:
    result = _probe(tmp_path)
    assert result["ffpyplayer"] == []
    assert "ImageLoaderFFPy" not in result["loaders"]
    assert result["jpeg"][0] == "ImageLoaderSDL2"  # the boards' pictures are read as before
