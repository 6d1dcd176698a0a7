"""The checked content kept as one file, so a start on unchanged content skips the check.

Checking a content folder reads every YAML and Markdown file and decodes every picture header
through pydantic, PyYAML, markdown-it and Pillow: about 0.4 s and 10 MB of code a kiosk then keeps
all day (bench/bench_kiosk_ui.py, issue 13). A folder that passed is written here as plain JSON of
its :class:`~kiosk.exhibits.model.Hall` and of the theatre's programme (kiosk.theatre.kept); the
next load reads them back when the folder's fingerprint is unchanged, and checks the folder anew
(writing a new file) when anything differs.

The fingerprint covers the bytes of every text file, the size and time of every other file (the
pictures), and the checker's own modules, so new content or a new kiosk version is always checked.
A file that cannot be read or does not match is ignored: the folder is checked as before.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.exhibits.model import Area, Block, Board, BoardImage, Hall, ListBlock, Paragraph, Span, Zone
from kiosk.exhibits.report import ContentReport, Problem
from kiosk.theatre.model import Programme

PREPARED_FILE = "content-prepared.json"
FORMAT = 2
"""2: the theatre's programme is kept too."""
TEXT_SUFFIXES = (".yaml", ".yml", ".md", ".csv", ".txt", ".gift")
"""Files fingerprinted by their bytes (small); others (pictures, films) by size and time."""
MAX_HASHED_BYTES = 4_000_000

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kept:
    """A check read back: its report (with the hall) and the theatre's programme it covered."""

    report: ContentReport
    programme: Programme


def content_fingerprint(root: Path) -> str:
    """Every file and folder under ``root`` by name, kind, size and time (a link: its own and its
    target's); text files also by their bytes. Links are not followed into folders, so a loop cannot make it endless."""
    digest = hashlib.sha256()
    entries = []
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:  # folders too: a folder named like a board is a problem
            path = Path(folder) / name
            entries.append((str(path.relative_to(root)), path))
    for rel, path in sorted(entries):
        own = path.lstat()
        try:
            target: os.stat_result | None = path.stat()
        except OSError:
            target = None  # a dangling link: the check will say so
        digest.update(f"{rel}|{own.st_size}|{own.st_mtime_ns}|".encode("utf-8", "surrogateescape"))
        if target is not None:
            digest.update(f"{target.st_mode}|{target.st_size}|{target.st_mtime_ns}\n".encode())
            if (path.suffix.lower() in TEXT_SUFFIXES and stat.S_ISREG(target.st_mode)
                    and target.st_size <= MAX_HASHED_BYTES):
                try:
                    digest.update(hashlib.sha256(path.read_bytes()).digest())
                except OSError:
                    digest.update(b"unreadable")
    return digest.hexdigest()


def _checker_stamp() -> str:
    """The checker's modules by size and time: a kiosk upgrade checks its content again."""
    here = Path(__file__).resolve().parent
    return ";".join(f"{p.name}|{p.stat().st_size}|{p.stat().st_mtime_ns}" for p in sorted(here.glob("*.py")))


def _key(root: Path, fingerprint: str) -> str:
    return f"{FORMAT}|{Path(root).resolve()}|{_checker_stamp()}|{fingerprint}"


def save(data_dir: Path, root: Path, report: ContentReport, fingerprint: str) -> None:
    """Keep a report that passed, for the folder whose ``content_fingerprint`` was taken before its
    check, with the theatre's programme (a write that fails is logged: the next start checks again)."""
    from kiosk.theatre.content import load_programme
    from kiosk.theatre.kept import encode_programme

    if not report.ok or report.hall is None:
        return
    programme = load_programme(root).programme  # the check passed, so the programme reads
    if programme is None:
        return
    path = Path(data_dir) / PREPARED_FILE
    data = {"key": _key(root, fingerprint), "zones": report.zones, "boards": report.boards,
            "warnings": [[w.file, w.line, w.message] for w in report.warnings], "hall": _hall(report.hall),
            "programme": encode_programme(programme)}
    tmp = path.with_suffix(".tmp")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("could not keep the checked content in %s: %s", path, exc)


def load(data_dir: Path, root: Path, fingerprint: str) -> Kept | None:
    """The last check of ``root`` if its ``content_fingerprint`` is still ``fingerprint``, else None."""
    from kiosk.theatre.kept import decode_programme

    path = Path(data_dir) / PREPARED_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("key") != _key(root, fingerprint):
            return None
        hall = _read_hall(data["hall"])
        warnings = [Problem(str(f), int(n), str(m)) for f, n, m in data["warnings"]]
        report = ContentReport(Path(root), hall, [], warnings, int(data["zones"]), int(data["boards"]))
        return Kept(report, decode_programme(data["programme"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:  # damaged or from another version
        log.warning("checked content in %s not used (%s): checking the folder", path, exc)
        return None


def _spans(spans: tuple[Span, ...]) -> list[Any]:
    return [[s.text, s.bold] for s in spans]


def _read_spans(data: list[Any]) -> tuple[Span, ...]:
    return tuple(Span(str(text), bool(bold)) for text, bold in data)


def _block(block: Block) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"p": _spans(block.spans)}
    return {"ordered": block.ordered, "items": [_spans(item) for item in block.items]}


def _read_block(data: dict[str, Any]) -> Block:
    if "p" in data:
        return Paragraph(_read_spans(data["p"]))
    return ListBlock(bool(data["ordered"]), tuple(_read_spans(item) for item in data["items"]))


def _hall(hall: Hall) -> dict[str, Any]:
    return {
        "id": hall.id, "name": hall.name, "subtitle": hall.subtitle, "welcome": hall.welcome,
        "slide_seconds": hall.slide_seconds, "root": str(hall.root),
        "areas": [[a.id, a.title, a.subtitle, a.description] for a in hall.areas],
        "zones": [{"id": z.id, "title": z.title, "subtitle": z.subtitle, "cover": str(z.cover),
                   "boards": [{"id": b.id, "title": b.title, "narration": b.narration,
                               "blocks": [_block(x) for x in b.blocks],
                               "images": [[str(i.path), i.caption] for i in b.images]} for b in z.boards]}
                  for z in hall.zones],
    }


def _read_hall(data: dict[str, Any]) -> Hall:
    zones = tuple(Zone(z["id"], z["title"], z["subtitle"], Path(z["cover"]), tuple(
        Board(b["id"], b["title"], tuple(_read_block(x) for x in b["blocks"]),
              tuple(BoardImage(Path(p), str(c)) for p, c in b["images"]), b["narration"]) for b in z["boards"]))
        for z in data["zones"])
    return Hall(data["id"], data["name"], data["subtitle"], data["welcome"], float(data["slide_seconds"]),
                tuple(Area(*a) for a in data["areas"]), zones, Path(data["root"]))
