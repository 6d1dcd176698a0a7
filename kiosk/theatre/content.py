"""Checking and loading content/theatre/programme.yaml: every problem as file:line, like the rest.

The theatre folder is optional (a hall without a theatre PC needs none); when it is there, any
problem in it fails the whole content check, so a kiosk keeps its last good programme.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from PIL import Image, UnidentifiedImageError
from pydantic import BaseModel, ValidationError

from kiosk.exhibits.yamlpos import Path_, YamlError, line_of, load_with_lines
from kiosk.theatre.model import Ceremony, Film, Item, Lecture, Programme, ScheduleEntry
from kiosk.theatre.schedule import ScheduleTextError, parse_days, parse_time
from kiosk.theatre.schema import ProgrammeSpec

THEATRE_DIR = "theatre"
PROGRAMME_FILE = "programme.yaml"
VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".mkv", ".webm")
SLIDE_SUFFIXES = (".png", ".jpg", ".jpeg")

_LABELS = {
    "id": "编号 id", "title": "标题 title", "file": "影片文件 file", "length": "片长 length",
    "slides": "幻灯片文件夹 slides", "pdf": "PDF 文件 pdf", "phrases": "誓词 phrases",
    "days": "日期 days", "time": "时间 time", "item": "节目 item", "pause_seconds": "停顿秒数 pause_seconds",
}


class TheatreProblem(NamedTuple):
    """One problem: the file (relative to the content folder), its 1-based line, a sentence."""

    file: str
    line: int
    message: str


class ProgrammeLoad(NamedTuple):
    programme: Programme | None
    problems: list[TheatreProblem]


def check_theatre(content_root: Path) -> list[TheatreProblem]:
    """The problems of ``<content_root>/theatre`` (none when there is no such folder)."""
    return load_programme(content_root).problems


def load_programme(content_root: Path) -> ProgrammeLoad:
    """Read the programme; it is None whenever there is any problem (a bad file imports nothing)."""
    folder = Path(content_root) / THEATRE_DIR
    if not folder.is_dir():
        return ProgrammeLoad(Programme(), [])
    return _Reader(Path(content_root), folder).read()


def parse_length(value: object) -> int:
    """Seconds from 45, "45", "0:45" or "1:02:03". Raises ValueError."""
    if isinstance(value, int) and not isinstance(value, bool):
        seconds = value
    elif isinstance(value, str) and re.fullmatch(r"\s*\d+(?:[:：]\d{1,2}){0,2}\s*", value):
        seconds = 0
        for part in re.split(r"[:：]", value.strip()):
            seconds = seconds * 60 + int(part)
    else:
        raise ValueError(value)
    if seconds <= 0:
        raise ValueError(value)
    return seconds


class _Reader:
    def __init__(self, root: Path, folder: Path) -> None:
        self.root = root
        self.folder = folder
        self.file = folder / PROGRAMME_FILE
        self.problems: list[TheatreProblem] = []
        self.lines: dict[Path_, int] = {}

    def add(self, loc: Path_, message: str) -> None:
        self.problems.append(TheatreProblem(self._rel(self.file), line_of(self.lines, loc), message))

    def _rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def read(self) -> ProgrammeLoad:
        spec = self._spec()
        if spec is None:
            return ProgrammeLoad(None, self.problems)
        items: list[Item] = []
        for i, film in enumerate(spec.films):
            items.append(self._film(film, ("films", i)))
        for i, lecture in enumerate(spec.lectures):
            items.append(self._lecture(lecture, ("lectures", i)))
        if spec.ceremony is not None:
            c = spec.ceremony
            items.append(Ceremony(c.id, c.title, tuple(c.phrases), c.pause_seconds))
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                self.add((), f"节目编号重复：{item.id}")
            seen.add(item.id)
        schedule = []
        for i, entry in enumerate(spec.schedule):
            try:
                days = parse_days(entry.days)
            except ScheduleTextError as exc:
                self.add(("schedule", i, "days"), str(exc))
                continue
            try:
                at = parse_time(entry.time)
            except ScheduleTextError as exc:
                self.add(("schedule", i, "time"), str(exc))
                continue
            if entry.item not in seen:
                self.add(("schedule", i, "item"), f"节目单里没有这个节目：{entry.item}")
                continue
            schedule.append(ScheduleEntry(days, at, entry.item))
        if self.problems:
            return ProgrammeLoad(None, self.problems)
        return ProgrammeLoad(Programme(tuple(items), tuple(schedule)), [])

    def _spec(self) -> ProgrammeSpec | None:
        if not self.file.is_file():
            self.problems.append(TheatreProblem(self._rel(self.file), 1, "演播区文件夹里缺少节目单 programme.yaml"))
            return None
        try:
            text = self.file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.add((), "文件不是 UTF-8 编码，请用 UTF-8 保存")
            return None
        try:
            data, self.lines = load_with_lines(text)
        except YamlError as exc:
            self.problems.append(TheatreProblem(self._rel(self.file), exc.line, str(exc)))
            return None
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.add((), "内容应是“键: 值”的列表")
            return None
        spec: ProgrammeSpec | None = self._validate(ProgrammeSpec, data)
        return spec

    def _validate(self, model: type[BaseModel], data: Any) -> Any:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                loc = tuple(error["loc"])
                self.add(loc, _message(error, loc))
            return None

    def _film(self, spec: Any, loc: Path_) -> Film:
        path = self.folder / spec.file
        self._video(path, (*loc, "file"))
        try:
            seconds = parse_length(spec.length)
        except ValueError:
            self.add((*loc, "length"), f"片长应写成秒数或“分:秒”（如 \"0:45\"），实际是 {spec.length!r}")
            seconds = 1
        return Film(spec.id, spec.title, path, seconds, spec.synopsis)

    def _video(self, path: Path, loc: Path_) -> None:
        problem = _video_problem(path)
        if problem is None:
            from kiosk.theatre.probe import checked_film  # FFmpeg itself (in a child): can it be played?

            probe = checked_film(path)
            problem = None if probe.ok else f"影片无法播放（{probe.reason}）"
        if problem:
            self.add(loc, f"{problem}：{self._rel(path)}")

    def _lecture(self, spec: Any, loc: Path_) -> Lecture:
        narration = tuple(spec.narration)
        if (spec.slides is None) == (spec.pdf is None):
            self.add(loc, "讲座应有 slides（幻灯片图片文件夹）或 pdf（PDF 文件）其中之一")
            return Lecture(spec.id, spec.title, (), spec.speaker, None, narration)
        if spec.pdf is not None:
            pdf = self.folder / spec.pdf
            if not pdf.is_file():
                self.add((*loc, "pdf"), f"PDF 文件不存在：{self._rel(pdf)}")
            else:
                with pdf.open("rb") as f:
                    if f.read(5) != b"%PDF-":
                        self.add((*loc, "pdf"), f"文件不是 PDF：{self._rel(pdf)}")
            return Lecture(spec.id, spec.title, (), spec.speaker, pdf, narration)
        folder = self.folder / spec.slides
        if not folder.is_dir():
            self.add((*loc, "slides"), f"幻灯片文件夹不存在：{self._rel(folder)}")
            return Lecture(spec.id, spec.title, (), spec.speaker, None, narration)
        slides = tuple(sorted(p for p in folder.iterdir() if p.suffix.lower() in SLIDE_SUFFIXES))
        if not slides:
            self.add((*loc, "slides"), f"幻灯片文件夹里没有 PNG/JPEG 图片：{self._rel(folder)}")
        for slide in slides:
            try:
                with Image.open(slide) as img:
                    img.verify()
            except (UnidentifiedImageError, OSError, SyntaxError):
                self.add((*loc, "slides"), f"幻灯片图片无法打开（文件损坏或不是图片）：{self._rel(slide)}")
        if len(narration) > len(slides) and slides:
            self.add((*loc, "narration"), f"解说词有 {len(narration)} 段，幻灯片只有 {len(slides)} 张")
        return Lecture(spec.id, spec.title, slides, spec.speaker, None, narration)


def _video_problem(path: Path) -> str | None:
    """What is wrong with the film file that can be seen without decoding it."""
    if not path.is_file():
        return "影片文件不存在"
    if path.suffix.lower() not in VIDEO_SUFFIXES:
        return f"影片应为 {'、'.join(VIDEO_SUFFIXES)} 文件"
    if path.stat().st_size < 1024:
        return "影片文件是空的或太小"
    if path.suffix.lower() in (".mp4", ".m4v", ".mov"):
        with path.open("rb") as f:
            if f.read(12)[4:8] != b"ftyp":
                return "影片文件损坏或不是 MP4"
    return None


def _message(error: Any, loc: Path_) -> str:
    field_name = ".".join(str(part) for part in loc) or "（整个文件）"
    label = _LABELS.get(str(loc[-1]) if loc else "", field_name)
    kind = error["type"]
    if kind == "missing":
        return f"缺少必填项：{field_name}"
    if kind == "extra_forbidden":
        return f"未知的键：{field_name}（拼写错误？）"
    if kind == "string_pattern_mismatch":
        return f"{label} 只能用小写字母、数字和“-”：{error.get('input')!r}"
    if kind == "string_too_short":
        return f"{label} 不能为空"
    if kind == "string_too_long":
        return f"{label} 太长（最多 {error['ctx']['max_length']} 个字）"
    if kind in ("too_short", "too_long"):
        return f"{label} 的条目数不对：{error['msg']}"
    return f"{label}：{error['msg']}"
