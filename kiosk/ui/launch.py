"""Starting Kivy: environment and window settings must be fixed before ``import kivy``.

``launch`` runs the kiosk; ``snapshot`` runs the same app and writes a PNG of every main screen.
"""

from __future__ import annotations

import gc
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
    os.environ.setdefault("KIVY_VIDEO", "ffpyplayer")  # the theatre's films (Kivy picks it at import)
    # Kivy imports every image loader it knows; its FFmpeg one maps libavcodec & co. (about 23 MB
    # resident) into every kiosk, though SDL2 reads the PNGs and JPEGs. Films load FFmpeg when played.
    os.environ.setdefault("KIVY_IMAGE", "tex,dds,sdl2,pil")
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
    """Run the kiosk until staff exit it or a signal stops it; returns the process exit code."""
    from kiosk import __version__, runstate
    from kiosk.clock import SystemClock
    from kiosk.logging_setup import quiet_libraries, setup_logging

    clock = SystemClock()
    setup_logging(config.data_path, clock)  # before Kivy: our handlers, our levels (kiosk.logging_setup)
    if runstate.previous_run_unclean(config.data_path):
        runstate.record_crash(config.data_path, clock, "上次运行未正常结束（断电、强制结束或卡死后被重启）")
    runstate.record_start(config.data_path, clock, __version__)
    prepare_kivy(config)
    quiet_libraries()  # importing Kivy set its logger back to its own level
    import kivy.app  # noqa: F401 - Kivy's modules, before its window exists

    # Kivy runs a full garbage collection while it makes the window's GL context: with everything
    # imported so far frozen (it lives as long as the process) it scans nothing (52 ms before).
    gc.freeze()
    from kiosk.ui.app import KioskApp, StartupError

    try:
        # Staged: the attract loop's first cover is on screen before the database and the other
        # screens are imported and built (kiosk.ui.app); a refusal there closes the window again.
        app = KioskApp(config, staged=True)
    except StartupError as exc:
        return _refused(config, exc)
    app.run()
    if app.startup_error is not None:
        return _refused(config, app.startup_error)
    runstate.record_stop(config.data_path)
    logging.getLogger(__name__).info("kiosk stopped (%s)", app.stop_signals.reason or "staff exit")
    if not app.stopped_cleanly:
        # A worker thread is stuck: the interpreter would wait for it at exit. Everything that
        # could be saved is saved; end the process now rather than when systemd kills it.
        logging.shutdown()
        os._exit(0)
    return 0


def _refused(config: KioskConfig, exc: Exception) -> int:
    """The kiosk cannot start: the sentence in the log and on the console, exit code 1."""
    from kiosk import runstate

    logging.getLogger(__name__).error("cannot start: %s", exc)
    print(exc)
    runstate.record_stop(config.data_path)
    return 1


def prepare_install(config: KioskConfig, hall: object) -> tuple[bool, str]:
    """Install-time work a first start would otherwise do: the CJK faces extracted from the Noto
    collections (and cut to the characters of the kiosk and this content: kiosk.ui.font_subset), every image of ``hall`` (a checked ``Hall``) scaled into the data dir's cache,
    and the first frame's card (kiosk.ui.boot_card).
    No Kivy is imported. Returns (done, the sentence the CLI prints); not done when the machine
    has no Noto CJK collection (the sentence says what to install).
    """
    from kiosk.exhibits.images import ImageCache
    from kiosk.exhibits.model import Hall
    from kiosk.exhibits.prescale import SCREEN, prescale_hall
    from kiosk.ui.boot_card import BootCard, write_card
    from kiosk.ui.font_subset import build_common_faces
    from kiosk.ui.fonts import FontMissingError, cjk_font_files, font_cache_dir

    assert isinstance(hall, Hall)
    try:
        fonts = cjk_font_files(font_cache_dir())
    except FontMissingError as exc:
        return False, str(exc)
    build_common_faces(fonts, font_cache_dir(), [Path(__file__).resolve().parents[1], hall.root])
    images = ImageCache(config.data_path / "image-cache")
    scaled = prescale_hall(hall, images)
    # The first start's first frame: the hall's first cover and its text, before anything is loaded.
    cover = str(images.fit(hall.zones[0].cover, *SCREEN).resolve()) if hall.zones else ""
    write_card(config.data_path, BootCard(hall.name, hall.subtitle, hall.welcome, cover))
    return True, f"已准备：中文字体 {len(set(fonts.values()))} 个，图片 {scaled} 张（{config.data_path / 'image-cache'}）。"


def snapshot(config: KioskConfig, out_dir: Path, size: tuple[int, int], *, elder: bool = False) -> int:
    """Write a PNG of every main screen into ``out_dir`` (uses a throw-away data dir)."""
    from kiosk.logging_setup import quiet_console

    quiet_console()  # the console shows the files written and real warnings, not Kivy's or Alembic's start-up
    from kiosk.ui.snapshot import run_snapshot

    return run_snapshot(config, out_dir, size, elder=elder)
