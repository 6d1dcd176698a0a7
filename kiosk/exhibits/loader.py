"""Reading and checking a content folder: every problem as file:line and a message in Chinese.

The check never stops at the first problem: a staff member fixes a whole folder in one pass.
A content folder with any problem yields no :class:`Hall` at all.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, TypeVar

from PIL import Image, UnidentifiedImageError
from pydantic import BaseModel, ValidationError

from kiosk.exhibits.markdown import parse_body
from kiosk.exhibits.model import Area, Board, BoardImage, Hall, Zone
from kiosk.exhibits.report import ContentReport, Problem
from kiosk.exhibits.schema import AREA_IDS, BoardSpec, HallSpec, ZoneSpec
from kiosk.exhibits.yamlpos import Path_, YamlError, line_of, load_with_lines

M = TypeVar("M", bound=BaseModel)

MAX_TEXT_BYTES = 1_000_000
"""A YAML or board file larger than this is not read at all (a board is a screen, not a book)."""
BOARD_CHARS_WARNING = 3_000
"""Above this many characters of body text a board no longer fits a 1080p screen at reading size."""
MAX_IMAGE_PIXELS = 40_000_000
"""Larger images are refused before decoding (a 20000×20000 picture would take gigabytes)."""
MAX_IMAGE_SIDE = 12_000

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


class _Checker:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def add(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(self.rel(path), line, message))

    def warn(self, path: Path, line: int, message: str) -> None:
        self.warnings.append(Problem(self.rel(path), line, message))

    def inside(self, path: Path, line_file: Path, line: int, what: str) -> bool:
        """True when ``path`` (after ``..`` and symlinks) lies inside the content folder.

        Content is a folder staff copy from machine to machine: a file it names from elsewhere
        would be missing on the next machine, so it is a problem even where it exists.
        """
        try:
            real = path.resolve()
        except (OSError, RuntimeError):  # a symlink loop
            self.add(line_file, line, f"{what}是一个指向自己的链接，无法打开：{self.rel(path)}")
            return False
        if real != self.real_root and self.real_root not in real.parents:
            self.add(line_file, line, f"{what}在内容文件夹之外：{path}（内容里用到的文件都要放在内容文件夹里）")
            return False
        return True

    def read_text(self, path: Path, what: str = "文件") -> str | None:
        """The file's text, or None with a problem: missing, a folder, a link to nowhere or to
        itself, not a regular file (a FIFO would hang the read), too large, or not UTF-8 (at its line)."""
        try:
            info = path.stat()
        except FileNotFoundError:
            if path.is_symlink():
                self.add(path, 1, f"{what}是一个链接，但它指向的文件不存在")
            else:
                self.add(path, 1, f"{what}不存在")
            return None
        except OSError as exc:
            self.add(path, 1, f"{what}无法打开（{'链接指向自己' if exc.errno == 40 else exc.strerror}）")
            return None
        if stat.S_ISDIR(info.st_mode):
            self.add(path, 1, f"这里应是一个{what}，实际是文件夹")
            return None
        if not stat.S_ISREG(info.st_mode):
            self.add(path, 1, f"这里应是一个普通{what}（不是设备或管道）")
            return None
        if info.st_size > MAX_TEXT_BYTES:
            self.add(path, 1, f"{what}太大（{info.st_size / 1e6:.1f} MB，最多 {MAX_TEXT_BYTES // 1_000_000} MB）")
            return None
        if not self.inside(path, path, 1, what):
            return None
        try:
            with open(path, "rb", opener=lambda p, flags: os.open(p, flags | os.O_NONBLOCK)) as handle:
                raw = handle.read(MAX_TEXT_BYTES + 1)
        except OSError as exc:
            self.add(path, 1, f"{what}无法读取（{exc.strerror}）")
            return None
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.add(path, line, "文件不是 UTF-8 编码（这一行有无法识别的字节），请用 UTF-8 保存")
            return None

    def read_yaml(self, path: Path, text: str | None = None, offset: int = 0) -> tuple[Any, dict[Path_, int]] | None:
        if text is None:
            text = self.read_text(path)
            if text is None:
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

    def image(self, base: Path, name: str, line_file: Path, line: int) -> Path | None:
        if Path(name).is_absolute():
            self.add(line_file, line, f"图片应写成相对于展区文件夹的路径（内容文件夹要能整个拷到别的电脑上）：{name}")
            return None
        path = base / name
        if not self.inside(path, line_file, line, "图片"):
            return None
        if not path.is_file():
            what = "是文件夹，不是图片" if path.is_dir() else "不存在"
            self.add(line_file, line, f"图片{what}：{self.rel(path)}")
            return None
        try:
            with Image.open(path) as img:
                if img.format not in ("PNG", "JPEG"):
                    self.add(line_file, line, f"图片应为 PNG 或 JPEG：{self.rel(path)} 是 {img.format}")
                    return None
                width, height = img.size
                if width * height > MAX_IMAGE_PIXELS or max(width, height) > MAX_IMAGE_SIDE:
                    self.add(line_file, line, f"图片太大（{width}×{height} 像素）：{self.rel(path)}；"
                                              "请缩小到 8000×8000 以内（屏幕只有 1920×1080）")
                    return None
                img.verify()
        except Image.DecompressionBombError:
            self.add(line_file, line, f"图片太大，无法安全打开：{self.rel(path)}；请缩小到 8000×8000 以内")
            return None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
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
    text = checker.read_text(path, "展板文件")
    if text is None:
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
    elif len(body) > BOARD_CHARS_WARNING:
        checker.warn(path, body_line, f"展板正文有 {len(body)} 个字符，一屏放不下（建议 {BOARD_CHARS_WARNING} 字以内，"
                                      "可拆成几块展板）")
    if spec is None:
        return None
    images = []
    for i, image in enumerate(spec.images):
        found = checker.image(zone_dir, image.file, path, line_of(lines, ("images", i, "file")))
        if found:
            images.append(BoardImage(found, image.caption))
    return Board(spec.id, spec.title, blocks, tuple(images), spec.narration.strip())


def _check_zone(checker: _Checker, zone_dir: Path, hall_file: Path, line: int) -> Zone | None:
    zone_file = zone_dir / "zone.yaml"
    if not zone_dir.is_dir():
        checker.add(hall_file, line, f"展区文件夹不存在：zones/{zone_dir.name}")
        return None
    if not checker.inside(zone_dir, hall_file, line, "展区文件夹"):
        return None
    parsed = checker.read_yaml(zone_file)
    if parsed is None:
        return None
    spec = checker.validate(ZoneSpec, zone_file, *parsed)
    board_files = _board_files(zone_dir)
    if not board_files:
        checker.add(zone_file, 1, f"展区没有展板：请在 zones/{zone_dir.name}/boards/ 中放入 .md 文件")
    boards = [_check_board(checker, f, zone_dir) for f in board_files]
    if spec is None:
        return None
    cover = checker.image(zone_dir, spec.cover, zone_file, line_of(parsed[1], ("cover",)))
    if cover is None or any(b is None for b in boards):
        return None
    return Zone(spec.id, spec.title, spec.subtitle, cover, tuple(b for b in boards if b is not None))


def _board_files(zone_dir: Path) -> list[Path]:
    """The zone's ``boards/*.md`` entries (files, folders and links alike: each is checked)."""
    boards = zone_dir / "boards"
    try:
        return sorted(p for p in boards.iterdir() if p.name.endswith(".md")) if boards.is_dir() else []
    except OSError:
        return []


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
    """Check the content folder ``root``; the report holds the hall only if nothing is wrong.

    Never raises: a failure the checks did not foresee becomes one more problem (and the
    kiosk keeps its last good content), never a crash of ``kiosk content check`` or of a reload.
    """
    root = Path(root)
    try:
        return _check_content(root)
    except Exception as exc:  # noqa: BLE001 - a hostile folder must never crash the check
        import logging

        logging.getLogger(__name__).warning("content check of %s failed", root, exc_info=exc)
        report = ContentReport(root)
        report.problems.append(Problem(str(root), 1, f"内容无法检查（{type(exc).__name__}）：请检查文件夹中是否有异常的文件或链接"))
        return report


def _check_content(root: Path) -> ContentReport:
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
    report.boards = sum(len(_board_files(root / "zones" / f)) for f in set(spec.zones))
    report.problems = checker.problems
    report.warnings = checker.warnings
    if not checker.problems:
        areas = tuple(Area(a.id, a.title, a.subtitle, a.description) for a in spec.areas)
        report.hall = Hall(
            spec.id, spec.name, spec.subtitle, spec.welcome, spec.attract.slide_seconds, areas, tuple(zones), root
        )
    return report
