"""Bringing the banks shipped in the content folder (``<content>/quiz/banks``) into the database.

Run at start-up and on a staff content reload: the demo hall's bank is there from the first
``kiosk run`` on a fresh machine, and a content update can bring new or corrected banks. Each file
is its own all-or-nothing import named after the file (``党的基本知识.csv`` → bank 党的基本知识); a
file whose SHA-256 matches what is stored is skipped, so an unchanged folder costs one hash per
file. A bad file keeps the stored copy of its bank and is reported (``file:row: message``).
A bank staff imported with ``kiosk quiz import`` under the same name is theirs: content leaves it.
A database error (locked, disk full, connection lost) is reported like a content problem rather
than raised: the kiosk still starts with the banks it has.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from kiosk.quizzone.banks import ORIGIN_CONTENT, check_bank_file, file_hash, import_file, stored_hashes
from kiosk.quizzone.errors import QuizZoneError
from kiosk.store.db import Database

BANKS_FOLDER = Path("quiz") / "banks"
BANK_SUFFIXES = frozenset({".xlsx", ".xls", ".csv", ".txt", ".gift", ".aiken"})
"""Files that are banks (the importer then picks the format by content); a README stays a README."""

log = logging.getLogger(__name__)


def bank_files(content_dir: Path) -> list[Path]:
    """The bank files of a content folder, sorted by name (hidden and temp files skipped)."""
    folder = content_dir / BANKS_FOLDER
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in BANK_SUFFIXES and not p.name.startswith((".", "~$"))
    )


def sync_banks(db: Database, content_dir: Path, now: datetime) -> list[str]:
    """Import every changed bank file of ``content_dir``; returns the problems (empty when fine)."""
    problems: list[str] = []
    try:
        stored = stored_hashes(db)
    except SQLAlchemyError as exc:
        return [f"{BANKS_FOLDER}: 无法读取已导入的题库（数据库错误：{_brief(exc)}），本次未导入"]
    seen: dict[str, str] = {}
    for path in bank_files(content_dir):
        name = path.stem.strip()
        if name in seen:
            problems.append(f"{path.name}: 与 {seen[name]} 同名（题库名取自文件名），未导入")
            continue
        seen[name] = path.name
        try:
            check_bank_file(path)
            digest = file_hash(path.read_bytes())
        except QuizZoneError as exc:
            problems.extend(exc.problems)
            continue
        except OSError as exc:
            problems.append(f"{path.name}: 无法读取文件（{exc.strerror or exc}）")
            continue
        previous = stored.get(name)
        if previous is not None and (previous[0] == digest or previous[1] != ORIGIN_CONTENT):
            continue
        try:
            import_file(db, path, name, origin=ORIGIN_CONTENT, now=now)
        except QuizZoneError as exc:
            problems.extend(exc.problems or (f"{path.name}: {exc.message}",))
        except SQLAlchemyError as exc:
            problems.append(f"{path.name}: 写入数据库失败（{_brief(exc)}），仍使用已导入的版本")
    return problems


def _brief(exc: SQLAlchemyError) -> str:
    """What the database failure means, in Chinese (no SQL text, no library link); detail to the log."""
    from kiosk.store.failures import describe_database_failure

    log.warning("bank sync: database failure", exc_info=exc)
    return describe_database_failure(exc)
