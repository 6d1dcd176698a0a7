"""Excel (.xlsx) question banks, read in openpyxl's streaming read-only mode.

Each sheet with a recognisable header contributes its rows. A sheet named after a type
(``单选题``, ``一、判断题`` ...) gives that type to rows whose 题型 cell is empty or absent.
Sheets named like an instructions sheet (``填写说明``) are skipped; other sheets without a
header are skipped with a warning (a cover, a chart), unless they are named after a type, in
which case their missing header is a problem.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from quiz.importers.cells import cell_text
from quiz.importers.draft import Draft
from quiz.importers.tabular import (
    HEADER_SEARCH_ROWS,
    Row,
    drafts_from_table,
    find_table,
    garbled_header,
)
from quiz.problems import Problem
from quiz.typenames import parse_type

INSTRUCTION_SHEET_WORDS = ("说明", "须知", "instruction", "readme")


@dataclass(slots=True)
class XlsxRead:
    drafts: list[Draft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _rows(values: Iterator[tuple[object, ...]]) -> Iterator[Row]:
    for number, row in enumerate(values, start=1):
        yield number, [cell_text(v) for v in row]


def read_xlsx(data: bytes, file: str) -> XlsxRead:
    """Read every sheet of a workbook into drafts (problems for unreadable files/sheets)."""
    out = XlsxRead()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        out.problems.append(Problem(file, f"无法打开 Excel 文件：{exc}"))
        return out
    try:
        _read_sheets(workbook, file, out)
    except Exception as exc:  # noqa: BLE001 - untrusted file: any parser failure becomes a problem
        out.drafts.clear()
        out.problems.append(Problem(file, f"Excel 文件已损坏，无法读取（{type(exc).__name__}: {exc}）"))
    finally:
        workbook.close()
    return out


def _read_sheets(workbook: Workbook, file: str, out: XlsxRead) -> None:
    found_any = False
    for sheet in workbook.worksheets:
        title = sheet.title
        if any(word in title.casefold() for word in INSTRUCTION_SHEET_WORDS):
            continue
        sheet_type = parse_type(title)
        table = find_table(_rows(sheet.iter_rows(values_only=True)))
        if table is None:
            head = list(_rows(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)))
            if not any(cell for _, cells in head for cell in cells):
                continue
            repaired = garbled_header(head)
            if repaired:
                out.problems.append(Problem(file, repaired, sheet=title))
            elif sheet_type is not None:
                out.problems.append(Problem(
                    file, f"找不到表头：前 {HEADER_SEARCH_ROWS} 行中没有同时含“题干”和“答案”的一行", sheet=title))
            else:
                out.warnings.append(Problem(file, "没有找到表头（需要“题干”和“答案”列），已跳过这个工作表", sheet=title))
            continue
        found_any = True
        if table.columns.ignored:
            names = "、".join(f"“{name}”" for name in table.columns.ignored)
            out.warnings.append(Problem(file, f"忽略了不认识的列：{names}", row=table.header_row, sheet=title))
        out.drafts.extend(drafts_from_table(table, file, sheet=title, default_type=sheet_type))
    if not found_any and not out.problems:
        out.problems.append(Problem(
            file, f"找不到表头：没有哪个工作表的前 {HEADER_SEARCH_ROWS} 行同时含“题干”和“答案”两列"))
