"""Stored question banks: importing a file into a named bank (all or nothing) and reading it back.

The engine (``quiz.importers``) decides whether a file is a valid bank; this module only stores
the result. A bank's questions are keyed by their stable id (``quiz.ids``), so importing the same
file again — or an exported-and-corrected copy — updates the rows it already has: answer facts keep
pointing at the same questions and statistics survive a fixed answer key.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from kiosk.quizzone.errors import QuizZoneError
from kiosk.quizzone.problems import problem_line
from kiosk.store.db import Database
from kiosk.store.quiz_models import BANK_NAME_LENGTH, QuizBank, QuizQuestion
from quiz.model import Bank, Question

ORIGIN_CONTENT = "content"
"""Bank imported from the content folder (``content/quiz/banks``); content reloads may replace it."""
ORIGIN_STAFF = "staff"
"""Bank imported by staff with ``kiosk quiz import``; content reloads leave it alone."""


@dataclass(frozen=True)
class StoredBank:
    """What an import left in the database."""

    name: str
    questions: int
    added: int
    updated: int
    retired: int
    warnings: tuple[str, ...] = ()
    """Things the import noticed but did not refuse (an ignored column ...), as ``file:row: message``."""
    skipped_summary: str = ""
    """``导入 7 题；跳过 1 题：第 2 行 简答/论述题，触摸屏不支持`` when the file had questions the
    kiosk cannot show (a GIFT essay ...); "" when nothing was skipped."""


@dataclass(frozen=True)
class BankRow:
    """A stored bank's description (no questions)."""

    name: str
    source_file: str
    content_hash: str
    origin: str
    imported_at: datetime
    questions: int
    categories: tuple[str, ...]


def file_hash(data: bytes) -> str:
    """SHA-256 hex of a bank file's bytes: a content reload re-imports only files that changed."""
    return hashlib.sha256(data).hexdigest()


def check_bank_name(name: str) -> str:
    """The trimmed bank name, or QuizZoneError when it is empty or too long."""
    cleaned = name.strip()
    if not cleaned:
        raise QuizZoneError("题库名称不能为空。")
    if len(cleaned) > BANK_NAME_LENGTH:
        raise QuizZoneError(f"题库名称太长（最多 {BANK_NAME_LENGTH} 个字）。")
    return cleaned


MAX_BANK_BYTES = 10_000_000
"""A bank file larger than this is refused before it is read. 10 MB of CSV is some 30,000
questions, far more than a hall uses; a 50 MB file took 98 s and 1.35 GB to import."""


def check_bank_file(path: Path) -> None:
    """Refuse a path that is not a bank file we will read: missing, a folder, or too large."""
    try:
        info = path.stat()
    except OSError as exc:
        raise QuizZoneError(f"找不到文件 {path}。", (f"{path.name}: 找不到文件",)) from exc
    if path.is_dir():
        raise QuizZoneError(f"{path} 是一个文件夹，不是题库文件：请给出题库文件（.xlsx、.csv、.txt）的路径。",
                            (f"{path.name}: 是文件夹",))
    if info.st_size > MAX_BANK_BYTES:
        raise QuizZoneError(
            f"题库文件 {path.name} 太大（{info.st_size / 1e6:.1f} MB，最多 {MAX_BANK_BYTES // 1_000_000} MB）："
            "请把它拆成几个题库分别导入，没有导入任何题目。",
            (f"{path.name}: 文件太大（{info.st_size / 1e6:.1f} MB，最多 {MAX_BANK_BYTES // 1_000_000} MB）",))


def import_file(db: Database, path: Path, name: str, *, origin: str, now: datetime) -> StoredBank:
    """Import ``path`` into bank ``name``: every question or none.

    Raises:
        QuizZoneError: the file has problems (``.problems`` lists each as ``file:row: message``);
            nothing was written.
    """
    name = check_bank_name(name)
    check_bank_file(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise QuizZoneError(f"无法读取文件 {path}：{exc.strerror or exc}", (f"{path.name}: 无法读取文件",)) from exc
    from quiz.importers import import_bank  # openpyxl and friends: loaded only when importing

    result = import_bank(path, bank_id=name)
    if not result.ok or result.bank is None:
        lines = tuple(problem_line(p) for p in result.problems) or (f"{path.name}: 题库中没有题目",)
        raise QuizZoneError(f"{path.name} 有 {len(lines)} 个问题，没有导入任何题目。", lines)
    stored = store_bank(db, result.bank, source_file=path.name, content_hash=file_hash(data), origin=origin, now=now)
    from quiz.problems import skipped_summary

    return replace(stored, warnings=tuple(problem_line(w) for w in result.warnings),
                   skipped_summary=skipped_summary(result) if result.skipped else "")


def store_bank(
    db: Database, bank: Bank, *, source_file: str, content_hash: str, origin: str, now: datetime
) -> StoredBank:
    """Replace the stored bank ``bank.id`` by ``bank`` in one transaction (see module docstring)."""
    with db.transaction() as session:
        row = session.scalars(select(QuizBank).where(QuizBank.name == bank.id)).one_or_none()
        if row is None:
            row = QuizBank(name=bank.id, source_file=source_file, content_hash=content_hash, origin=origin,
                           imported_at=now, question_count=len(bank))
            session.add(row)
            session.flush()
        else:
            row.source_file, row.content_hash, row.origin = source_file, content_hash, origin
            row.imported_at, row.question_count = now, len(bank)
        # Rewrite the bank's rows in two statements (delete all, insert all) instead of one per
        # question or an IN list (SQLite and PostgreSQL cap bound parameters; banks can be big).
        # Questions the file no longer has are written back retired, with their stored data.
        before = {qid: (data, active) for qid, data, active in session.execute(
            select(QuizQuestion.question_id, QuizQuestion.data, QuizQuestion.active)
            .where(QuizQuestion.bank_id == row.id))}
        incoming = {q.id for q in bank.questions}
        session.execute(delete(QuizQuestion).where(QuizQuestion.bank_id == row.id))
        rows = [_question_row(row.id, i, q) for i, q in enumerate(bank.questions)]
        for offset, (qid, (data, _active)) in enumerate(sorted(kv for kv in before.items() if kv[0] not in incoming)):
            rows.append({"bank_id": row.id, "question_id": qid, "position": len(bank) + offset,
                         "type": json.loads(data).get("type", ""), "category": "", "active": False, "data": data})
        if rows:
            session.execute(insert(QuizQuestion), rows)
        retired = sum(1 for qid, (_, active) in before.items() if active and qid not in incoming)
        return StoredBank(bank.id, len(bank), len(incoming - before.keys()), len(incoming & before.keys()), retired)


def _question_row(bank_id: int, position: int, question: Question) -> dict[str, object]:
    return {
        "bank_id": bank_id,
        "question_id": question.id,
        "position": position,
        "type": question.type.value,
        "category": question.category[:200],
        "active": True,
        "data": json.dumps(question.to_dict(), ensure_ascii=False),
    }


def bank_row(session: Session, name: str) -> QuizBank | None:
    return session.scalars(select(QuizBank).where(QuizBank.name == name)).one_or_none()


def load_bank(db: Database, name: str) -> Bank:
    """The stored bank's active questions in file order.

    Raises:
        QuizZoneError: there is no bank of that name.
    """
    with db.transaction() as session:
        row = bank_row(session, name)
        if row is None:
            raise QuizZoneError(f"没有名为“{name}”的题库。")
        texts = session.scalars(
            select(QuizQuestion.data)
            .where(QuizQuestion.bank_id == row.id, QuizQuestion.active.is_(True))
            .order_by(QuizQuestion.position)
        ).all()
    return Bank(name, tuple(Question.from_dict(json.loads(text)) for text in texts))


def retired_questions(db: Database, name: str) -> dict[str, Question]:
    """Questions once in the bank but no longer in its file (statistics still name them)."""
    with db.transaction() as session:
        row = bank_row(session, name)
        if row is None:
            return {}
        texts = session.scalars(select(QuizQuestion.data).where(
            QuizQuestion.bank_id == row.id, QuizQuestion.active.is_(False))).all()
    questions = (Question.from_dict(json.loads(text)) for text in texts)
    return {q.id: q for q in questions}


def list_banks(db: Database) -> list[BankRow]:
    """Every stored bank by name, with its active categories in file order."""
    with db.transaction() as session:
        banks = session.scalars(select(QuizBank).order_by(QuizBank.name)).all()
        category_rows = session.execute(
            select(QuizQuestion.bank_id, QuizQuestion.category, func.min(QuizQuestion.position))
            .where(QuizQuestion.active.is_(True), QuizQuestion.category != "")
            .group_by(QuizQuestion.bank_id, QuizQuestion.category)
        ).all()
        categories: dict[int, list[tuple[int, str]]] = {}
        for bank_id, category, first in category_rows:
            categories.setdefault(bank_id, []).append((first, category))
        return [
            BankRow(b.name, b.source_file, b.content_hash, b.origin, b.imported_at, b.question_count,
                    tuple(c for _, c in sorted(categories.get(b.id, []))))
            for b in banks
        ]


def stored_hashes(db: Database) -> dict[str, tuple[str, str]]:
    """``{bank name: (content hash, origin)}`` — what a content sync compares files against."""
    with db.transaction() as session:
        return {name: (digest, origin) for name, digest, origin in
                session.execute(select(QuizBank.name, QuizBank.content_hash, QuizBank.origin))}
