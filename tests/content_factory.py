"""Builds small, valid content folders for tests (and breaks them on purpose)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

AREAS = """areas:
  - id: exhibition
    title: 展区
    subtitle: 十大展区
    description: 展区介绍。
  - id: theatre
    title: 多媒体演播区
    subtitle: 影片与党课
    description: 演播区介绍。
  - id: quiz
    title: 智慧测试区
    subtitle: 知识测试
    description: 测试区介绍。
"""


def draw_png(path: Path, color: str = "#b3121b", size: tuple[int, int] = (800, 450)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", size, color)
    ImageDraw.Draw(img).rectangle((40, 40, size[0] - 40, size[1] - 40), outline="#f2c14e", width=12)
    img.save(path)
    return path


def board_text(board_id: str, title: str, image: str | None = None) -> str:
    images = f"images:\n  - file: {image}\n    caption: 示意图\n" if image else ""
    return (
        f"---\nid: {board_id}\ntitle: {title}\n{images}---\n"
        f"这是{title}的第一段正文，介绍**重要的历史事实**。\n\n"
        "- 第一条要点\n- 第二条要点\n\n"
        "最后一段文字。\n"
    )


def make_content(root: Path, zones: int = 2, boards: int = 3, hall_id: str = "test-hall") -> Path:
    """A hall with ``zones`` zones of ``boards`` boards; the first board of each zone has an image."""
    folders = [f"{i + 1:02d}-zone{i + 1}" for i in range(zones)]
    root.mkdir(parents=True, exist_ok=True)
    zone_list = "".join(f"  - {f}\n" for f in folders)
    (root / "hall.yaml").write_text(
        f"id: {hall_id}\nname: 测试体验馆\nsubtitle: 不忘初心 牢记使命\nwelcome: 触摸屏幕开始参观\n"
        f"attract:\n  slide_seconds: 3\n{AREAS}zones:\n{zone_list}",
        encoding="utf-8",
    )
    for z, folder in enumerate(folders, start=1):
        zone_dir = root / "zones" / folder
        draw_png(zone_dir / "cover.png", ["#b3121b", "#7a0a10", "#c8102e"][z % 3])
        draw_png(zone_dir / "images" / "pic.png", "#f2c14e")
        (zone_dir / "zone.yaml").write_text(
            f"id: zone{z}\ntitle: 第{z}展区\nsubtitle: 第{z}展区的副标题\ncover: cover.png\n", encoding="utf-8"
        )
        for b in range(1, boards + 1):
            image = "images/pic.png" if b == 1 else None
            text = board_text(f"z{z}-b{b}", f"第{z}展区第{b}块展板", image)
            (zone_dir / "boards" / f"{b:02d}-board.md").parent.mkdir(parents=True, exist_ok=True)
            (zone_dir / "boards" / f"{b:02d}-board.md").write_text(text, encoding="utf-8")
    return root
