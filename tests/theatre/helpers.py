"""Small programmes for the theatre's tests, built in code or copied from the demo content."""

from __future__ import annotations

import shutil
from datetime import time
from pathlib import Path

from kiosk.theatre.model import Ceremony, Film, Lecture, Programme, ScheduleEntry

PROJECT = Path(__file__).resolve().parents[2]
DEMO = PROJECT / "content"



OATH = ("我志愿加入中国共产党", "拥护党的纲领", "永不叛党")


def small_programme(slides: tuple[Path, ...] = (Path("a.png"), Path("b.png"), Path("c.png"))) -> Programme:
    film = Film("film-a", "红船启航", PROJECT / "content/theatre/films/hongchuan-qihang.mp4", 50, "简介")
    lecture = Lecture("talk", "专题讲座", slides, "讲解员")
    oath = Ceremony("oath", "重温入党誓词", OATH, 3.0)
    schedule = (
        ScheduleEntry(frozenset({2, 3, 4, 5, 6}), time(10, 0), "film-a"),
        ScheduleEntry(frozenset({2}), time(10, 30), "oath"),
    )
    return Programme((film, lecture, oath), schedule)


def copy_demo_theatre(root: Path) -> Path:
    """A content folder whose theatre/ is a copy of the demo's (films linked, not copied)."""
    target = root / "theatre"
    shutil.copytree(DEMO / "theatre", target, copy_function=_link_or_copy)
    return target


def _link_or_copy(src: str, dst: str) -> None:
    try:
        Path(dst).symlink_to(src)
    except OSError:
        shutil.copy2(src, dst)
