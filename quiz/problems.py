"""What an import hands back: the bank, or the problems that stopped it.

An import is all or nothing, so a result carries either a bank or a non-empty list of
problems, each telling staff where (file, sheet, row or line) and what (in Chinese) to fix.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.model import Bank, Question


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an import file.

    ``row`` is the spreadsheet row as Excel shows it (xlsx, csv); ``line`` the line number of a
    text format (GIFT, Aiken). A problem with neither concerns the whole file.
    """

    file: str
    message: str
    row: int | None = None
    line: int | None = None
    sheet: str | None = None

    @property
    def where(self) -> str:
        """``工作表“单选题” 第 12 行`` / ``第 12 行`` / ``""``."""
        parts = []
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        number = self.row if self.row is not None else self.line
        if number is not None:
            parts.append(f"第 {number} 行")
        return " ".join(parts)

    @property
    def text(self) -> str:
        """The location and message, e.g. ``第 12 行：答案 "E" 超出了选项范围（只有 A–D）``."""
        return f"{self.where}：{self.message}" if self.where else self.message

    def __str__(self) -> str:
        return f"{self.file} {self.text}"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The outcome of ``quiz.importers.import_bank``.

    ``bank`` is None whenever ``problems`` is not empty. ``warnings`` never block an import
    (an ignored column, a GIFT partial-credit answer that was dropped ...), nor do ``skipped``
    questions.
    """

    path: str
    format: str
    encoding: str | None
    bank: Bank | None
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    skipped: tuple[Problem, ...] = ()
    """Valid questions the kiosk cannot show (a GIFT essay or description), each with its line
    and why; the rest of the file imports."""

    @property
    def ok(self) -> bool:
        return self.bank is not None and not self.problems

    @property
    def questions(self) -> tuple[Question, ...]:
        return self.bank.questions if self.bank is not None else ()


def skipped_summary(result: ImportResult) -> str:
    """``导入 7 题；跳过 1 题：第 2 行 简答/论述题，触摸屏不支持`` (no skip: ``导入 7 题``)."""
    text = f"导入 {len(result.questions)} 题"
    if result.skipped:
        text += f"；跳过 {len(result.skipped)} 题：" + "；".join(p.text.replace("：", " ", 1) for p in result.skipped)
    return text
