"""A start on content checked before reads the kept check instead of checking again (issue 13:
the checker's libraries cost 0.4 s and 7 MB), and any change to the folder is checked anew."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kiosk.exhibits.library import ContentLibrary
from kiosk.exhibits.prepared import PREPARED_FILE
from kiosk.theatre.content import load_programme
from kiosk.theatre.model import Lecture
from tests.theatre.helpers import copy_demo_theatre

ROOT = Path(__file__).resolve().parents[2]


def test_a_restart_on_checked_content_shows_the_same_hall_without_the_checker(content_dir: Path,
                                                                            tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = ContentLibrary(content_dir, data).load()
    assert (data / PREPARED_FILE).is_file()
    probe = ("import sys; from pathlib import Path; from kiosk.exhibits.library import ContentLibrary; "
             f"r = ContentLibrary(Path({str(content_dir)!r}), Path({str(data)!r})).load(); "
             "print(r.used_new, r.report.boards, repr(r.hall.zones[0].boards[0]), "
             "[m for m in ('kiosk.exhibits.loader', 'kiosk.theatre.content', 'pydantic', 'markdown_it') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"True {first.report.boards} {first.hall.zones[0].boards[0]!r} []"
    assert ContentLibrary(content_dir, data).load().hall == first.hall


def test_an_edit_that_keeps_size_and_time_is_still_checked(content_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    ContentLibrary(content_dir, data).load()
    board = content_dir / "zones/01-zone1/boards/01-board.md"
    before = board.stat()
    text = board.read_text(encoding="utf-8")
    assert "第1展区第1块展板" in text
    board.write_text(text.replace("第1展区第1块展板", "第1展区第9块展板"), encoding="utf-8")  # same length
    os.utime(board, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert board.stat().st_size == before.st_size
    assert ContentLibrary(content_dir, data).load().hall.zones[0].boards[0].title == "第1展区第9块展板"


def test_a_broken_edit_is_refused_though_a_check_was_kept(content_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    ContentLibrary(content_dir, data).load()
    (content_dir / "zones/01-zone1/zone.yaml").write_text("id: BAD ID\n", encoding="utf-8")
    result = ContentLibrary(content_dir, data).load()
    assert not result.used_new and result.report.problems
    assert result.hall.zones[0].title == "第1展区"  # the last good copy


def test_a_replaced_picture_is_checked_again(content_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    ContentLibrary(content_dir, data).load()
    (content_dir / "zones/01-zone1/images/pic.png").write_bytes(b"not a picture")
    result = ContentLibrary(content_dir, data).load()
    assert not result.used_new and any("pic.png" in str(p) for p in result.report.problems)


def test_a_damaged_kept_check_is_ignored(content_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = ContentLibrary(content_dir, data).load()
    kept = data / PREPARED_FILE
    kept.write_text(json.dumps({**json.loads(kept.read_text(encoding="utf-8")), "hall": {"zones": 7}}), encoding="utf-8")
    again = ContentLibrary(content_dir, data).load()
    assert again.used_new and again.hall == first.hall
    assert json.loads(kept.read_text(encoding="utf-8"))["hall"]["zones"] != 7  # written anew


def test_the_theatre_programme_is_kept_with_the_check(content_dir: Path, tmp_path: Path) -> None:
    copy_demo_theatre(content_dir)
    data = tmp_path / "data"
    first = ContentLibrary(content_dir, data).load()
    assert first.used_new
    restarted = ContentLibrary(content_dir, data)
    restarted.load()
    read = load_programme(content_dir).programme
    assert read is not None and {i.kind for i in read.items} == {"film", "lecture", "ceremony"} and read.schedule
    assert any(isinstance(i, Lecture) and i.narration for i in read.items)
    assert restarted.programme == read
    programme_file = content_dir / "theatre/programme.yaml"
    programme_file.unlink()  # a link to the demo's file: never write through it
    programme_file.write_text("items: [\n", encoding="utf-8")  # broken: checked anew
    broken = ContentLibrary(content_dir, data)
    assert not broken.load().used_new and broken.programme is None
