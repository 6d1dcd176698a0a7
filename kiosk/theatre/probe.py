"""Can this film be played? Asked of ffpyplayer (FFmpeg) before the player gets the file.

Kivy's ffpyplayer provider waits forever for the first frame of a file FFmpeg cannot read (it
ignores the player's ``read:error``), so the theatre asks first, on a worker thread: a missing,
truncated-header or non-video file gets a sentence at once instead of a black screen.

The content check (every kiosk start, ``kiosk content check``) asks in a child process
(``python -m kiosk.theatre.probe FILE``, :func:`checked_film`): FFmpeg's libraries mapped into a
kiosk cost about 20 MB resident all day on a kiosk that may never play a film, and a file that
crashes FFmpeg then takes only the child down. The answers are remembered per (path, size,
mtime) in the machine's cache, so a start asks only about new or changed films.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.config import machine_cache_dir

PROBE_TIMEOUT = 3.0
CHILD_TIMEOUT = PROBE_TIMEOUT + 12.0
"""The child's own start (Python, FFmpeg's libraries) on a loaded machine comes on top of the probe."""
CHILD_COMMAND = [sys.executable, "-m", "kiosk.theatre.probe"]
CACHE_NAME = "film-probes.json"


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


def probe_in_child(path: Path, timeout: float = CHILD_TIMEOUT) -> FilmProbe:
    """:func:`probe_film` in a child process: FFmpeg never enters this one."""
    try:
        done = subprocess.run([*CHILD_COMMAND, str(path)], capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return FilmProbe(False, reason="读不出影片的长度和画面")
    try:
        answer = json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else None
        return FilmProbe(bool(answer["ok"]), float(answer["duration"]), (int(answer["size"][0]),
                         int(answer["size"][1])), str(answer["reason"])) if answer else _died()
    except (ValueError, KeyError, IndexError, TypeError):
        return _died()


def _died() -> FilmProbe:
    return FilmProbe(False, reason="检查影片的进程意外退出")


def _key(path: Path) -> str | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


def _remembered(cache: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def checked_film(path: Path) -> FilmProbe:
    """The film's probe: remembered if this very file was asked about before, else asked of a child.
    A definite answer is remembered; a child that died or ran out of time is asked again next time."""
    key = _key(path)
    if key is None:
        return FilmProbe(False, reason="文件不存在")
    cache = machine_cache_dir() / CACHE_NAME
    known = _remembered(cache)
    entry = known.get(key)
    if isinstance(entry, dict):
        try:
            size = entry["size"]
            return FilmProbe(bool(entry["ok"]), float(entry["duration"]),  # type: ignore[arg-type]
                             (int(size[0]), int(size[1])), str(entry["reason"]))  # type: ignore[index]
        except (KeyError, TypeError, ValueError, IndexError):
            pass
    answer = probe_in_child(path)
    if answer.ok or answer.reason == "文件损坏或不是视频":
        known[key] = asdict(answer)
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            scratch = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
            scratch.write_text(json.dumps(known, ensure_ascii=False), encoding="utf-8")
            os.replace(scratch, cache)
        except OSError:
            pass  # a read-only cache: asked again next time, nothing lost
    return answer


def main(argv: list[str]) -> int:
    """``python -m kiosk.theatre.probe FILE``: the probe as one JSON line."""
    if len(argv) != 1:
        print("用法：python -m kiosk.theatre.probe 影片文件", file=sys.stderr)
        return 2
    print(json.dumps(asdict(probe_film(Path(argv[0]))), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
