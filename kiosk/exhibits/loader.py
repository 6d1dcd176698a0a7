"""Reading and checking a content folder: every problem as file:line and a message in Chinese.

The check never stops at the first problem: a staff member fixes a whole folder in one pass.
A content folder with any problem yields no :class:`Hall` at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from PIL import Image, UnidentifiedImageError
from pydantic import BaseModel, ValidationError

from kiosk.exhibits.markdown import parse_body
from kiosk.exhibits.model import Area, Board, BoardImage, Hall, Zone
from kiosk.exhibits.schema import AREA_IDS, BoardSpec, HallSpec, ZoneSpec
from kiosk.exhibits.yamlpos import Path_, YamlError, line_of, load_with_lines

M = TypeVar("M", bound=BaseModel)

_FIELD_NAMES = {
    "id": "编号 id",
    "title": "标题 title",
    "subtitle": "副标题 subtitle",
    "name": "名称 name",
    "description": "介绍 description",
    "cover": "封面 cover",
    "zones": "展区列表 zones",
    "areas": "区域列表 areas",
    "file": "图片文件 file",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, where it is and what to do."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class ContentReport:
    """The outcome of a check: the hall if the content is good, else the problems."""

    root: Path
    hall: Hall | None = None
    problems: list[Problem] = field(default_factory=list)
    zones: int = 0
    boards: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and self.hall is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "zones": self.zones,
            "boards": self.boards,
            "problems": [{"file": p.file, "line": p.line, "message": p.message} for p in self.problems],
        }


class _Checker:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def add(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(self.rel(path), line, message))

    def read_yaml(self, path: Path, text: str | None = None, offset: int = 0) -> tuple[Any, dict[Path_, int]] | None:
        if text is None:
            try:
                text = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                self.add(path, 1, "文件不存在")
                return None
            except UnicodeDecodeError:
                self.add(path, 1, "文件不是 UTF-8 编码，请用 UTF-8 保存")
                return None
        try:
            return load_with_lines(text, offset)
        except YamlError as exc:
            self.add(path, exc.line, str(exc))
            return None

    def validate(self, model: type[M], path: Path, data: Any, lines: dict[Path_, int]) -> M | None:
        if not isinstance(data, dict):
            self.add(path, line_of(lines, ()), "内容应是“键: 值”的列表")
            return None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                loc = tuple(error["loc"])
                self.add(path, line_of(lines, loc), _message(error, loc))
            return None

    def image(self, path: Path, line_file: Path, line: int) -> Path | None:
        if not path.is_file():
            self.add(line_file, line, f"图片不存在：{self.rel(path)}")
            return None
        try:
            with Image.open(path) as img:
                if img.format not in ("PNG", "JPEG"):
                    self.add(line_file, line, f"图片应为 PNG 或 JPEG：{self.rel(path)} 是 {img.format}")
                    return None
                img.verify()
        except (UnidentifiedImageError, OSError, SyntaxError):
            self.add(line_file, line, f"图片无法打开（文件损坏或不是图片）：{self.rel(path)}")
            return None
        return path


def _message(error: Any, loc: Path_) -> str:
    field_name = ".".join(str(part) for part in loc) or "（整个文件）"
    last = str(loc[-1]) if loc else ""
    label = _FIELD_NAMES.get(last, field_name)
    kind = error["type"]
    if kind == "missing":
        return f"缺少必填项：{label}"
    if kind == "extra_forbidden":
        return f"未知的键：{field_name}（拼写错误？）"
    if kind == "string_pattern_mismatch":
        return f"{label} 只能用小写字母、数字和“-”：{error.get('input')!r}"
    if kind in ("string_too_short",):
        return f"{label} 不能为空"
    if kind in ("string_too_long",):
        return f"{label} 太长（最多 {error['ctx']['max_length']} 个字）"
    if kind == "literal_error":
        return f"{label} 应为 {'、'.join(AREA_IDS)} 之一，实际是 {error.get('input')!r}"
    if kind in ("too_short", "too_long"):
        return f"{label} 的条目数不对：{error['msg']}"
    return f"{label}：{error['msg']}"


def _split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (front matter, body, line where the body starts) or None without front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    return None


def _check_board(checker: _Checker, path: Path, zone_dir: Path) -> Board | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        checker.add(path, 1, "文件不是 UTF-8 编码，请用 UTF-8 保存")
        return None
    split = _split_front_matter(text)
    if split is None:
        checker.add(path, 1, "展板文件应以 --- 开头的头信息（id、title）开始，再以 --- 结束")
        return None
    front, body, body_line = split
    parsed = checker.read_yaml(path, front, offset=1)
    if parsed is None:
        return None
    data, lines = parsed
    spec = checker.validate(BoardSpec, path, data, lines)
    blocks, md_problems = parse_body(body)
    for problem in md_problems:
        checker.add(path, body_line - 1 + problem.line, problem.message)
    if not blocks:
        checker.add(path, body_line, "展板正文为空")
    if spec is None:
        return None
    images = []
    for i, image in enumerate(spec.images):
        found = checker.image(zone_dir / image.file, path, line_of(lines, ("images", i, "file")))
        if found:
            images.append(BoardImage(found, image.caption))
    return Board(spec.id, spec.title, blocks, tuple(images), spec.narration.strip())


def _check_zone(checker: _Checker, zone_dir: Path, hall_file: Path, line: int) -> Zone | None:
    zone_file = zone_dir / "zone.yaml"
    if not zone_dir.is_dir():
        checker.add(hall_file, line, f"展区文件夹不存在：zones/{zone_dir.name}")
        return None
    parsed = checker.read_yaml(zone_file)
    if parsed is None:
        return None
    spec = checker.validate(ZoneSpec, zone_file, *parsed)
    board_files = sorted((zone_dir / "boards").glob("*.md"))
    if not board_files:
        checker.add(zone_file, 1, f"展区没有展板：请在 zones/{zone_dir.name}/boards/ 中放入 .md 文件")
    boards = [_check_board(checker, f, zone_dir) for f in board_files]
    if spec is None:
        return None
    cover = checker.image(zone_dir / spec.cover, zone_file, line_of(parsed[1], ("cover",)))
    if cover is None or any(b is None for b in boards):
        return None
    return Zone(spec.id, spec.title, spec.subtitle, cover, tuple(b for b in boards if b is not None))


def _check_unique_ids(checker: _Checker, zones: list[Zone], root: Path) -> None:
    seen_zones: set[str] = set()
    seen_boards: dict[str, str] = {}
    for zone in zones:
        if zone.id in seen_zones:
            checker.add(root / "hall.yaml", 1, f"展区编号重复：{zone.id}")
        seen_zones.add(zone.id)
        for board in zone.boards:
            if board.id in seen_boards:
                checker.add(
                    root / "hall.yaml", 1, f"展板编号重复：{board.id}（出现在展区 {seen_boards[board.id]} 和 {zone.id}）"
                )
            seen_boards[board.id] = zone.id


def check_content(root: Path) -> ContentReport:
    """Check the content folder ``root``; the report holds the hall only if nothing is wrong."""
    root = Path(root)
    report = ContentReport(root)
    checker = _Checker(root)
    hall_file = root / "hall.yaml"
    if not root.is_dir():
        report.problems.append(Problem(str(root), 1, "内容文件夹不存在"))
        return report
    parsed = checker.read_yaml(hall_file)
    if parsed is None:
        report.problems = checker.problems
        return report
    spec = checker.validate(HallSpec, hall_file, *parsed)
    if spec is None:
        report.problems = checker.problems
        return report
    lines = parsed[1]
    area_ids = [a.id for a in spec.areas]
    if sorted(area_ids) != sorted(AREA_IDS):
        checker.add(hall_file, line_of(lines, ("areas",)), f"areas 应恰好包含 {'、'.join(AREA_IDS)} 各一次")
    zones: list[Zone] = []
    for i, folder in enumerate(spec.zones):
        if spec.zones.index(folder) != i:
            checker.add(hall_file, line_of(lines, ("zones", i)), f"展区重复列出：{folder}")
            continue
        zone = _check_zone(checker, root / "zones" / folder, hall_file, line_of(lines, ("zones", i)))
        if zone:
            zones.append(zone)
    listed = set(spec.zones)
    zones_dir = root / "zones"
    if zones_dir.is_dir():
        for extra in sorted(p for p in zones_dir.iterdir() if p.is_dir() and p.name not in listed):
            checker.add(hall_file, line_of(lines, ("zones",)), f"展区文件夹 zones/{extra.name} 没有列在 zones 中")
    _check_unique_ids(checker, zones, root)
    from kiosk.theatre.content import check_theatre  # the theatre's programme (issue 11)
    checker.problems.extend(Problem(*problem) for problem in check_theatre(root))
    report.zones = len(spec.zones)
    report.boards = sum(len(list((root / "zones" / f / "boards").glob("*.md"))) for f in spec.zones)
    report.problems = checker.problems
    if not checker.problems:
        areas = tuple(Area(a.id, a.title, a.subtitle, a.description) for a in spec.areas)
        report.hall = Hall(
            spec.id, spec.name, spec.subtitle, spec.welcome, spec.attract.slide_seconds, areas, tuple(zones), root
        )
    return report
