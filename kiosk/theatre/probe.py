"""Can this film be played? Asked of ffpyplayer (FFmpeg) before the player gets the file.

Kivy's ffpyplayer provider waits forever for the first frame of a file FFmpeg cannot read (it
ignores the player's ``read:error``), so the theatre asks first, on a worker thread: a missing,
truncated-header or non-video file gets a sentence at once instead of a black screen.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

PROBE_TIMEOUT = 3.0


@dataclass(frozen=True)
class FilmProbe:
    ok: bool
    duration: float = 0.0
    size: tuple[int, int] = (0, 0)
    reason: str = ""


def probe_film(path: Path, timeout: float = PROBE_TIMEOUT) -> FilmProbe:
    """Open ``path`` paused and without audio until FFmpeg knows its length and picture size."""
    if not path.is_file():
        return FilmProbe(False, reason="文件不存在")
    from ffpyplayer.player import MediaPlayer  # FFmpeg is heavy: loaded on first use

    errors: list[str] = []

    def callback(selector: str, value: object) -> None:
        if selector.endswith("error"):
            errors.append(selector)

    player = MediaPlayer(str(path), callback=callback, loglevel="quiet", ff_opts={"an": True, "paused": True})
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            meta = player.get_metadata()
            duration, size = meta.get("duration"), meta.get("src_vid_size") or (0, 0)
            if errors:
                return FilmProbe(False, reason="文件损坏或不是视频")
            if duration and size[0] > 0:
                return FilmProbe(True, float(duration), (int(size[0]), int(size[1])))
            time.sleep(0.02)
        return FilmProbe(False, reason="读不出影片的长度和画面")
    finally:
        player.close_player()
