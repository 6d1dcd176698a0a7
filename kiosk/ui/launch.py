"""Starting Kivy: environment and window settings must be fixed before ``import kivy``.

``launch`` runs the kiosk; ``snapshot`` runs the same app and writes a PNG of every main screen.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.memory import return_freed_memory


def prepare_kivy(config: KioskConfig, size: tuple[int, int] | None = None, *, fullscreen: bool | None = None) -> None:
    """Set Kivy's environment and window keys; call before anything imports kivy."""
    return_freed_memory()
    # Kivy lets every logger through at DEBUG; these two alone made thousands of records per start.
    for chatty in ("markdown_it", "PIL"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    kivy_home = Path(os.environ.get("KIVY_HOME") or config.data_path / "kivy-home")
    kivy_home.mkdir(parents=True, exist_ok=True)
    os.environ["KIVY_HOME"] = str(kivy_home)
    os.environ.setdefault("KIVY_AUDIO", "sdl2")
    from kivy.config import Config

    full = config.fullscreen if fullscreen is None else fullscreen
    Config.set("graphics", "fullscreen", "auto" if full else "0")
    Config.set("graphics", "borderless", "1" if full else "0")
    if size:
        Config.set("graphics", "width", str(size[0]))
        Config.set("graphics", "height", str(size[1]))
    elif not full:
        Config.set("graphics", "width", "1600")
        Config.set("graphics", "height", "900")
    Config.set("graphics", "show_cursor", "0" if config.kiosk_mode else "1")
    Config.set("kivy", "exit_on_escape", "0" if config.kiosk_mode else "1")
    Config.set("kivy", "window_icon", "")
    # One touch must arrive once: the mouse provider stands down while a touch device is active
    # (X also turns touchscreen touches into mouse events), and right-click makes no red dots.
    Config.set("input", "mouse", "mouse,disable_multitouch,disable_on_activity")
    Config.set("kivy", "keyboard_mode", "system")


def launch(config: KioskConfig) -> int:
    """Run the kiosk until staff exit it; returns the process exit code."""
    prepare_kivy(config)
    from kiosk.ui.app import KioskApp, StartupError

    try:
        app = KioskApp(config)
    except StartupError as exc:
        print(exc)
        return 1
    app.services.start_background_sync()  # issue 9: its own thread; never blocks the screen
    app.run()
    return 0


def snapshot(config: KioskConfig, out_dir: Path, size: tuple[int, int]) -> int:
    """Write a PNG of every main screen into ``out_dir`` (uses a throw-away data dir)."""
    from kiosk.ui.snapshot import run_snapshot

    return run_snapshot(config, out_dir, size)
