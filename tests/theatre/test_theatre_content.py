"""The programme in content/theatre: the demo loads; every kind of problem has its file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.exhibits import check_content
from kiosk.theatre.content import load_programme, parse_length
from kiosk.theatre.model import Ceremony, Film, Lecture
from kiosk.theatre.pdf_slides import SlideRenderError, prepare_lecture, render_pdf
from tests.theatre.helpers import DEMO, copy_demo_theatre


def test_demo_programme_has_two_films_a_lecture_the_oath_and_a_schedule() -> None:
    loaded = load_programme(DEMO)
    assert loaded.problems == []
    programme = loaded.programme
    assert programme is not None
    films = [i for i in programme.items if isinstance(i, Film)]
    lectures = [i for i in programme.items if isinstance(i, Lecture)]
    oath = next(i for i in programme.items if isinstance(i, Ceremony))
    assert len(films) == 2 and all(30 <= f.seconds <= 60 and f.file.stat().st_size <= 1_500_000 for f in films)
    assert len(lectures[0].slides) == 8 and len(lectures[0].narration) == 8
    assert oath.phrases[0] == "我志愿加入中国共产党" and oath.phrases[-1] == "永不叛党"
    assert "".join(oath.phrases) == (
        "我志愿加入中国共产党拥护党的纲领遵守党的章程履行党员义务执行党的决定严守党的纪律保守党的秘密"
        "对党忠诚积极工作为共产主义奋斗终身随时准备为党和人民牺牲一切永不叛党"
    )
    assert {e.item_id for e in programme.schedule} == {i.id for i in programme.items}


def test_content_without_a_theatre_folder_has_an_empty_programme(content_dir: Path) -> None:
    loaded = load_programme(content_dir)
    assert loaded.problems == [] and loaded.programme is not None and loaded.programme.items == ()


def _write(root: Path, text: str) -> Path:
    theatre = copy_demo_theatre(root)
    (theatre / "programme.yaml").unlink()
    (theatre / "programme.yaml").write_text(text, encoding="utf-8")
    return theatre


BROKEN = """\
films:
  - id: one
    title: 影片一
    file: films/missing.mp4
    length: 45
  - id: two
    title: 影片二
    file: films/hongchuan-qihang.mp4
    length: 半分钟
    colour: red
lectures:
  - id: talk
    title: 讲座
    slides: lectures/nowhere
ceremony:
  id: oath
  phrases: []
schedule:
  - days: 周八
    time: "10:00"
    item: one
  - days: 每天
    time: "25:00"
    item: one
  - days: 每天
    time: "10:00"
    item: ghost
"""


def test_each_problem_is_reported_at_its_line(content_dir: Path) -> None:
    _write(content_dir, BROKEN)
    problems = load_programme(content_dir).problems
    assert load_programme(content_dir).programme is None
    found = {(p.line, p.message.split("：")[0]) for p in problems}
    assert all(p.file == "theatre/programme.yaml" for p in problems)
    assert (10, "未知的键") in found  # colour
    assert (17, "誓词 phrases 的条目数不对") in found
    # pydantic stops at the shape; after fixing those, the next pass reports the rest
    fixed = BROKEN.replace("    colour: red\n", "    \n").replace("  phrases: []", "  phrases: [我志愿加入中国共产党]")
    _write(content_dir / "again", fixed)
    problems = {(p.line, p.message) for p in load_programme(content_dir / "again").problems}
    assert (4, "影片文件不存在：theatre/films/missing.mp4") in problems
    assert any(line == 9 and "片长" in m for line, m in problems)
    assert (14, "幻灯片文件夹不存在：theatre/lectures/nowhere") in problems
    assert any(line == 19 and "周八" in m for line, m in problems)
    assert any(line == 23 and "没有这个时间" in m for line, m in problems)
    assert (27, "节目单里没有这个节目：ghost") in problems


def test_a_corrupt_film_and_a_broken_slide_are_problems(content_dir: Path) -> None:
    theatre = copy_demo_theatre(content_dir)
    film = theatre / "films" / "hongchuan-qihang.mp4"
    film.unlink()
    film.write_bytes(b"this is not a video at all" * 100)
    slide = theatre / "lectures" / "dangshi" / "03.png"
    slide.unlink()
    slide.write_bytes(b"\x89PNG broken")
    messages = [p.message for p in load_programme(content_dir).problems]
    assert "影片文件损坏或不是 MP4：theatre/films/hongchuan-qihang.mp4" in messages
    assert any("03.png" in m and "无法打开" in m for m in messages)


def test_the_content_check_and_its_command_cover_the_theatre(content_dir: Path) -> None:
    _write(content_dir, BROKEN.replace("    colour: red\n", ""))
    report = check_content(content_dir)
    assert not report.ok
    assert any(p.file == "theatre/programme.yaml" and p.line == 16 for p in report.problems)
    result = CliRunner().invoke(main, ["content", "check", str(content_dir)])
    assert result.exit_code != 0
    assert "theatre/programme.yaml:16:" in result.output


def test_unquoted_times_and_lengths_read_as_yaml_base_60(content_dir: Path) -> None:
    text = (DEMO / "theatre/programme.yaml").read_text(encoding="utf-8")
    _write(content_dir, text.replace('"10:00"', "10:00").replace('"0:50"', "0:50"))
    programme = load_programme(content_dir).programme
    assert programme is not None
    assert programme.item("hongchuan-qihang").seconds == 50  # type: ignore[union-attr]
    assert programme.schedule[0].at.strftime("%H:%M") == "10:00"


@pytest.mark.parametrize(("text", "seconds"), [(45, 45), ("45", 45), ("0:50", 50), ("1:02:03", 3723)])
def test_lengths(text: object, seconds: int) -> None:
    assert parse_length(text) == seconds


def _pdf(path: Path, pages: int) -> Path:
    from reportlab.lib.pagesizes import landscape, A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=landscape(A4))
    for n in range(pages):
        c.drawString(100, 300, f"slide {n + 1}")
        c.showPage()
    c.save()
    return path


def test_a_pdf_lecture_is_rendered_once_ahead_of_time(content_dir: Path, tmp_path: Path) -> None:
    theatre = content_dir / "theatre"
    theatre.mkdir()
    _pdf(theatre / "talk.pdf", 3)
    (theatre / "programme.yaml").write_text(
        "lectures:\n  - id: talk\n    title: 讲座\n    pdf: talk.pdf\n", encoding="utf-8"
    )
    programme = load_programme(content_dir).programme
    assert programme is not None
    lecture = programme.item("talk")
    assert isinstance(lecture, Lecture) and lecture.slides == ()
    ready = prepare_lecture(lecture, tmp_path / "cache")
    assert len(ready.slides) == 3 and all(p.stat().st_size > 0 for p in ready.slides)
    mtimes = [p.stat().st_mtime_ns for p in ready.slides]
    again = prepare_lecture(lecture, tmp_path / "cache")
    assert [p.stat().st_mtime_ns for p in again.slides] == mtimes  # from the cache


def test_a_damaged_pdf_gives_a_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really")
    with pytest.raises(SlideRenderError, match="PDF 无法打开"):
        render_pdf(bad, tmp_path / "cache")


def test_theatre_commands_print_the_programme_and_the_figures(tmp_path: Path) -> None:
    config_file = tmp_path / "kiosk.toml"
    (tmp_path / "data").mkdir(exist_ok=True)
    config_file.write_text(
        f'data_dir = "{tmp_path / "data"}"\ncontent_dir = "{DEMO}"\nhall_id = "test-hall"\n', encoding="utf-8"
    )
    runner = CliRunner()
    result = runner.invoke(main, ["--config", str(config_file), "theatre", "programme"])
    assert result.exit_code == 0, result.output
    assert "【重温入党誓词】重温入党誓词" in result.output and "下一场：" in result.output
    result = runner.invoke(main, ["--config", str(config_file), "theatre", "stats", "--from", "2026-12-01",
                                  "--to", "2026-12-31"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "观看红色影片 0 场 0 人次，重温入党誓词 0 批 0 人次，专题讲座 0 场 0 人次"
    result = runner.invoke(main, ["--config", str(config_file), "theatre", "stats", "--from", "2026-12-31",
                                  "--to", "2026-12-01"])
    assert result.exit_code != 0 and "错误：起始日期晚于结束日期" in result.output


def test_a_film_ffmpeg_cannot_read_is_a_problem(content_dir: Path) -> None:
    theatre = copy_demo_theatre(content_dir)
    film = theatre / "films" / "xinghuo-liaoyuan.mp4"
    good = film.resolve().read_bytes()
    film.unlink()
    film.write_bytes(good[:32] + bytes(len(good) - 32))  # the MP4 signature, then nothing readable
    messages = [p.message for p in load_programme(content_dir).problems]
    assert messages == ["影片无法播放（文件损坏或不是视频）：theatre/films/xinghuo-liaoyuan.mp4"]
