"""Hostile content folders: each is a problem at file:line within seconds, never a crash or a hang,
and a kiosk that already shows good content keeps it (issue 16, items 2, 3, 8 and 9)."""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.exhibits.library import ContentLibrary
from kiosk.exhibits.loader import check_content
from tests.content_factory import draw_png, make_content
from tests.faults.fault_helpers import bounded, run_kiosk

ZONE = "zones/01-zone1"
BOARD = f"{ZONE}/boards/01-board.md"


def _png_header(path: Path, width: int, height: int) -> None:
    """A PNG that claims width×height pixels (only a header and a tiny IDAT: a few bytes on disk)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
                     + chunk(b"IEND", b""))


def _board_with_image(root: Path, image: str) -> None:
    (root / BOARD).write_text(f"---\nid: z1-b1\ntitle: 展板\nimages:\n  - file: {image}\n---\n正文。\n", encoding="utf-8")


def _alias_bomb(root: Path) -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        rows.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    (root / BOARD).write_text("---\nid: z1-b1\ntitle: 炸弹\n" + "\n".join(rows) + "\n---\n正文。\n", encoding="utf-8")


def _invalid_utf8_line9(root: Path) -> None:
    text = "---\nid: z1-b1\ntitle: 展板\n---\n第一段。\n\n第二段。\n\n".encode() + b"\xff\xfe bad\n"
    (root / BOARD).write_bytes(text)


def _outside_file(root: Path) -> Path:
    return draw_png(root.parent / "elsewhere" / "outside.png")


CASES: dict[str, tuple[Callable[[Path], object], str, int | None, str]] = {
    # name: (make it hostile, file, line (None: any), words of the message)
    "board symlink to itself": (lambda r: os.symlink("99-loop.md", r / ZONE / "boards/99-loop.md"),
                                f"{ZONE}/boards/99-loop.md", 1, "指向自己"),
    "dangling board symlink": (lambda r: os.symlink("nowhere.md", r / ZONE / "boards/99-gone.md"),
                               f"{ZONE}/boards/99-gone.md", 1, "指向的文件不存在"),
    "directory named .md": (lambda r: (r / ZONE / "boards/99-folder.md").mkdir(),
                            f"{ZONE}/boards/99-folder.md", 1, "实际是文件夹"),
    "zone.yaml is a directory": (lambda r: ((r / ZONE / "zone.yaml").unlink(), (r / ZONE / "zone.yaml").mkdir()),
                                 f"{ZONE}/zone.yaml", 1, "实际是文件夹"),
    "hall.yaml is a device": (lambda r: ((r / "hall.yaml").unlink(), os.symlink("/dev/zero", r / "hall.yaml")),
                              "hall.yaml", 1, "普通"),
    "board is a FIFO": (lambda r: os.mkfifo(r / ZONE / "boards/99-pipe.md"), f"{ZONE}/boards/99-pipe.md", 1, "普通"),
    "20000x20000 image": (lambda r: _png_header(r / ZONE / "images/pic.png", 20000, 20000), BOARD, 5, "图片太大"),
    "10000x10000 image (under Pillow's bomb limit)": (lambda r: _png_header(r / ZONE / "images/pic.png", 10000, 9000),
                                                      BOARD, 5, "图片太大"),
    "truncated cover": (lambda r: (r / ZONE / "cover.png").write_bytes((r / ZONE / "cover.png").read_bytes()[:100]),
                        f"{ZONE}/zone.yaml", 4, "图片无法打开"),
    "YAML self-reference": (lambda r: (r / ZONE / "zone.yaml").write_text("id: &x [*x]\n", encoding="utf-8"),
                            f"{ZONE}/zone.yaml", 1, "别名"),
    "YAML alias bomb": (_alias_bomb, BOARD, 4, "别名"),
    "YAML python tag": (lambda r: (r / ZONE / "zone.yaml").write_text("id: !!python/object:os.system x\n"),
                        f"{ZONE}/zone.yaml", 1, "无法识别"),
    "absolute image path": (lambda r: _board_with_image(r, str(_outside_file(r))), BOARD, 5, "相对"),
    "image reached with ../": (lambda r: (_outside_file(r), _board_with_image(r, "../../../../elsewhere/outside.png")),
                               BOARD, 5, "之外"),
    "image symlink leaving the folder": (
        lambda r: ((r / ZONE / "images/pic.png").unlink(), os.symlink(_outside_file(r), r / ZONE / "images/pic.png")),
        BOARD, 5, "之外"),
    "zone folder symlink leaving the folder": (
        lambda r: (os.rename(r / ZONE, r.parent / "moved-zone"), os.symlink(r.parent / "moved-zone", r / ZONE)),
        "hall.yaml", None, "之外"),
    "invalid UTF-8 on line 9": (_invalid_utf8_line9, BOARD, 9, "UTF-8"),
    "5 MB board": (lambda r: (r / BOARD).write_text((r / BOARD).read_text() + "很长的正文。" * 300_000),
                   BOARD, 1, "太大"),
    "zones is a file": (lambda r: (os.rename(r / "zones", r / "zones-old"), (r / "zones").write_text("x")),
                        "hall.yaml", None, "不存在"),
}


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return make_content(tmp_path / "content", zones=2, boards=2)


def _problems(root: Path) -> tuple[bool, list[tuple[str, int, str]]]:
    report = check_content(root)
    return report.ok, [(p.file, p.line, p.message) for p in report.problems]


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_folder_is_a_problem_at_its_line(case: str, good: Path) -> None:
    make_hostile, file, line, words = CASES[case]
    make_hostile(good)
    ok, problems = bounded(_problems, good)
    assert not ok
    assert any(f == file and (line is None or n == line) and words in m for f, n, m in problems), problems


def _reload(content: Path, data: Path, case: str) -> tuple[bool, str, int]:
    library = ContentLibrary(content, data)
    first = library.load()
    CASES[case][0](content)
    second = library.load()
    restarted = ContentLibrary(content, data).load()  # a restart on the broken folder: the kept copy
    return second.used_new, second.hall.name, len(restarted.hall.zones) if not restarted.used_new else -1


@pytest.mark.parametrize("case", sorted(CASES))
def test_reload_keeps_last_good_content(case: str, good: Path, tmp_path: Path) -> None:
    used_new, name, kept_zones = bounded(_reload, good, tmp_path / "data", case)
    assert not used_new and name == "测试体验馆"
    assert kept_zones == 2


@pytest.mark.parametrize("case", ["YAML alias bomb", "board symlink to itself", "20000x20000 image"])
def test_content_check_command_reports_without_traceback(case: str, good: Path, tmp_path: Path) -> None:
    CASES[case][0](good)
    result = run_kiosk(tmp_path, "content", "check", str(good), timeout=60)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{CASES[case][1]}:" in result.stderr and CASES[case][3] in result.stderr


def test_long_board_is_a_warning_not_a_failure(good: Path) -> None:
    (good / BOARD).write_text((good / BOARD).read_text() + "很长的正文。" * 800, encoding="utf-8")
    report = check_content(good)
    assert report.ok
    assert [(w.file, w.line) for w in report.warnings] == [(BOARD, 8)]
    assert "一屏放不下" in report.warnings[0].message


def test_unused_link_loop_inside_the_folder_neither_hangs_the_check_nor_the_copy(good: Path, tmp_path: Path) -> None:
    os.symlink("..", good / ZONE / "images" / "loop")
    os.symlink("gone", good / ZONE / "images" / "dangling")
    result = bounded(lambda: ContentLibrary(good, tmp_path / "data").load().used_new)
    assert result is True


def test_image_cache_on_a_disk_that_cannot_be_written_shows_the_original(tmp_path: Path) -> None:
    from kiosk.exhibits.images import ImageCache

    big = draw_png(tmp_path / "big.png", size=(2400, 1600))
    (tmp_path / "afile").write_text("x")
    cache = ImageCache(tmp_path / "afile" / "cache")  # a folder that cannot be made
    assert cache.fit(big, 1920, 1080) == big
