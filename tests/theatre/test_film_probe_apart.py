"""The content check asks FFmpeg about the films in a child process, remembered per file (issue 13).

FFmpeg (ffpyplayer's libavcodec, libavformat, libavfilter …) mapped into the kiosk at every start
cost about 20 MB resident on a kiosk that may never play a film; a child process also keeps a file
that crashes FFmpeg from taking the kiosk down. The answer is kept per (path, size, mtime), so only
a new or changed film is asked about again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.theatre import probe
from kiosk.theatre.content import load_programme
from tests.theatre.helpers import DEMO, copy_demo_theatre

CHILD = """
import json, sys
from pathlib import Path
from kiosk.theatre.content import load_programme
loaded = load_programme(Path(sys.argv[1]))
print(json.dumps({"problems": [p.message for p in loaded.problems],
                  "ffmpeg": sorted(m for m in sys.modules if m.startswith("ffpyplayer"))}))
"""


def test_checking_the_programme_loads_no_ffmpeg_into_the_checking_process(tmp_path: Path) -> None:
    env = dict(os.environ, KIOSK_CACHE_DIR=str(tmp_path / "cache"))
    out = subprocess.run([sys.executable, "-c", CHILD, str(DEMO)], env=env, capture_output=True, text=True,
                         timeout=120, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result == {"problems": [], "ffmpeg": []}
    remembered = json.loads((tmp_path / "cache" / probe.CACHE_NAME).read_text(encoding="utf-8"))
    assert len(remembered) == 2 and all(entry["ok"] and entry["duration"] > 30 for entry in remembered.values())


def test_a_remembered_answer_is_used_and_a_changed_file_is_asked_again(content_dir: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    theatre = copy_demo_theatre(content_dir)
    assert load_programme(content_dir).problems == []
    asked: list[Path] = []
    real = probe.probe_in_child

    def counting(path: Path, timeout: float = probe.CHILD_TIMEOUT) -> probe.FilmProbe:
        asked.append(path)
        return real(path, timeout)

    monkeypatch.setattr(probe, "probe_in_child", counting)
    assert load_programme(content_dir).problems == []
    assert asked == []  # both films remembered
    film = theatre / "films" / "xinghuo-liaoyuan.mp4"
    good = film.resolve().read_bytes()
    film.unlink()
    film.write_bytes(good[:32] + bytes(len(good) - 32))
    messages = [p.message for p in load_programme(content_dir).problems]
    assert messages == ["影片无法播放（文件损坏或不是视频）：theatre/films/xinghuo-liaoyuan.mp4"]
    assert [p.name for p in asked] == ["xinghuo-liaoyuan.mp4"]


def test_a_child_that_dies_or_hangs_is_a_sentence_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    film = tmp_path / "film.mp4"
    film.write_bytes(b"\x00" * 100)
    monkeypatch.setattr(probe, "CHILD_COMMAND", [sys.executable, "-c", "import os; os.abort()"])
    assert probe.probe_in_child(film) == probe.FilmProbe(False, reason="检查影片的进程意外退出")
    monkeypatch.setattr(probe, "CHILD_COMMAND", [sys.executable, "-c", "import time; time.sleep(30)"])
    assert probe.probe_in_child(film, timeout=1.0) == probe.FilmProbe(False, reason="读不出影片的长度和画面")
