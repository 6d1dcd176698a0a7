"""``kiosk snapshot`` in a real process and window: the console shows the files written (and real
warnings), not Kivy's start-up INFO lines or Alembic's migration DEBUG lines (issue 12)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.ui
ROOT = Path(__file__).resolve().parents[2]


def test_snapshot_prints_its_pictures_not_the_libraries_start_up(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'data_dir = "{tmp_path}"\ncontent_dir = "{ROOT / "content"}"\n', encoding="utf-8")
    env = {**os.environ, "KIOSK_CONFIG": str(config), "KIOSK_SNAPSHOT_ONLY": "01", "SDL_AUDIODRIVER": "dummy",
           "KIVY_LOG_MODE": "KIVY"}  # even when a hall's environment asks for Kivy's own logging
    kiosk = Path(sys.executable).parent / "kiosk"
    done = subprocess.run([str(kiosk), "snapshot", "--out", str(tmp_path / "png"), "--size", "1280x1024"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "png" / "01-attract.png").is_file()
    console = done.stdout + done.stderr
    for noise in ("INFO", "DEBUG", "Running upgrade", "setup plugin", "[GL", "Kivy: v", "Provider:"):
        assert noise not in console, f"{noise!r} on the console:\n{console[-1500:]}"
