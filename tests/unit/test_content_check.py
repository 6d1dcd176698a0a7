"""The content checker: good content loads; each kind of problem is reported at its file and line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kiosk.cli import main
from kiosk.exhibits import check_content
from kiosk.exhibits.model import ListBlock, Paragraph

PROJECT = Path(__file__).resolve().parents[2]


def _problems(root: Path) -> list[tuple[str, int, str]]:
    return [(p.file, p.line, p.message) for p in check_content(root).problems]


def test_good_content_loads_with_zones_boards_and_blocks(content_dir: Path) -> None:
    report = check_content(content_dir)
    assert report.ok, report.problems
    hall = report.hall
    assert hall is not None
    assert [z.id for z in hall.zones] == ["zone1", "zone2"]
    board = hall.zones[0].boards[0]
    assert board.title == "第1展区第1块展板"
    assert isinstance(board.blocks[0], Paragraph)
    assert any(s.bold and s.text == "重要的历史事实" for s in board.blocks[0].spans)
    assert isinstance(board.blocks[1], ListBlock) and len(board.blocks[1].items) == 2
    assert board.images[0].path.name == "pic.png"
    assert board.speech_text.startswith("第1展区第1块展板。")


def test_demo_content_passes_with_ten_zones_in_order() -> None:
    report = check_content(PROJECT / "content")
    assert report.ok, "\n".join(map(str, report.problems))
    assert report.hall is not None
    assert [z.title for z in report.hall.zones] == [
        "党的光辉历程", "伟大功绩", "先锋引路", "制度建设", "幸福家园",
        "五包五促", "社区专干", "文明建设", "警钟长鸣", "继往开来",
    ]
    assert all(len(z.boards) >= 4 for z in report.hall.zones)


def test_bad_yaml_is_reported_at_its_line(content_dir: Path) -> None:
    zone = content_dir / "zones/01-zone1/zone.yaml"
    zone.write_text("id: zone1\ntitle: [未闭合\nsubtitle: x\ncover: cover.png\n", encoding="utf-8")
    problems = _problems(content_dir)
    assert len(problems) == 1
    file, line, message = problems[0]
    assert file == "zones/01-zone1/zone.yaml" and line in (2, 3) and "YAML" in message


def test_missing_field_and_unknown_key_point_at_lines(content_dir: Path) -> None:
    zone = content_dir / "zones/02-zone2/zone.yaml"
    zone.write_text("id: zone2\ntitle: 第二展区\ncover: cover.png\ncolour: red\n", encoding="utf-8")
    problems = _problems(content_dir)
    assert ("zones/02-zone2/zone.yaml", 1, "缺少必填项：副标题 subtitle") in problems
    assert ("zones/02-zone2/zone.yaml", 4, "未知的键：colour（拼写错误？）") in problems


def test_missing_image_is_reported_where_it_is_named(content_dir: Path) -> None:
    (content_dir / "zones/01-zone1/images/pic.png").unlink()
    problems = _problems(content_dir)
    assert problems == [("zones/01-zone1/boards/01-board.md", 5, "图片不存在：zones/01-zone1/images/pic.png")]


def test_corrupt_image_is_a_problem(content_dir: Path) -> None:
    (content_dir / "zones/02-zone2/cover.png").write_bytes(b"not a png at all")
    problems = _problems(content_dir)
    assert len(problems) == 1 and "图片无法打开" in problems[0][2] and problems[0][1] == 4


def test_duplicate_board_id_is_a_problem(content_dir: Path) -> None:
    board = content_dir / "zones/02-zone2/boards/02-board.md"
    board.write_text(board.read_text(encoding="utf-8").replace("id: z2-b2", "id: z1-b1"), encoding="utf-8")
    messages = [m for _f, _l, m in _problems(content_dir)]
    assert any("展板编号重复：z1-b1" in m for m in messages)


def test_markdown_outside_the_subset_is_reported_with_body_line(content_dir: Path) -> None:
    board = content_dir / "zones/01-zone1/boards/02-board.md"
    board.write_text("---\nid: z1-b2\ntitle: 标题\n---\n第一段。\n\n# 大标题\n\n[链接](http://x)\n", encoding="utf-8")
    problems = _problems(content_dir)
    assert ("zones/01-zone1/boards/02-board.md", 7, "正文不支持标题（#），只能用段落、**加粗**和列表") in problems
    assert any(line == 9 and "链接" in message for _f, line, message in problems)


def test_zone_folder_not_listed_and_listed_folder_missing(content_dir: Path) -> None:
    (content_dir / "zones/99-stray").mkdir()
    hall = content_dir / "hall.yaml"
    hall.write_text(hall.read_text(encoding="utf-8") + "  - 03-missing\n", encoding="utf-8")
    messages = [m for _f, _l, m in _problems(content_dir)]
    assert "展区文件夹不存在：zones/03-missing" in messages
    assert "展区文件夹 zones/99-stray 没有列在 zones 中" in messages


def test_not_utf8_board_is_a_problem(content_dir: Path) -> None:
    board = content_dir / "zones/01-zone1/boards/03-board.md"
    board.write_bytes("---\nid: z1-b3\ntitle: 标题\n---\n正文\n".encode("gbk"))
    assert _problems(content_dir) == [("zones/01-zone1/boards/03-board.md", 3, "文件不是 UTF-8 编码（这一行有无法识别的字节），请用 UTF-8 保存")]


def test_cli_check_json_and_exit_codes(content_dir: Path) -> None:
    runner = CliRunner()
    good = runner.invoke(main, ["content", "check", str(content_dir), "--json"])
    assert good.exit_code == 0
    assert json.loads(good.output) == {"ok": True, "zones": 2, "boards": 6, "problems": [], "warnings": []}
    (content_dir / "zones/01-zone1/cover.png").unlink()
    bad = runner.invoke(main, ["content", "check", str(content_dir), "--json"])
    assert bad.exit_code == 1
    data = json.loads(bad.output)
    assert data["ok"] is False
    assert data["problems"] == [
        {"file": "zones/01-zone1/zone.yaml", "line": 4, "message": "图片不存在：zones/01-zone1/cover.png"}
    ]
    text = runner.invoke(main, ["content", "check", str(content_dir)])
    assert text.exit_code == 1
    assert "zones/01-zone1/zone.yaml:4: 图片不存在" in text.output


def test_bold_that_does_not_close_next_to_chinese_punctuation_is_reported(content_dir: Path) -> None:
    # CommonMark does not close ** right after "。" when text follows: the asterisks would show.
    board = content_dir / "zones/01-zone1/boards/02-board.md"
    board.write_text("---\nid: z1-b2\ntitle: 标题\n---\n第一段。\n\n**这是大事变。**从此中国革命面目一新。\n", encoding="utf-8")
    problems = _problems(content_dir)
    assert problems == [
        ("zones/01-zone1/boards/02-board.md", 7, "加粗没有生效（** 会原样显示）：请把句末标点移到 ** 外面，如 **大事变**。")
    ]
