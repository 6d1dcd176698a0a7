"""Excel (.xlsx) question banks, read with python-calamine (a Rust reader, ~15× faster than
openpyxl's parser; openpyxl still writes the template and the exports).

Rows are numbered as Excel shows them: the sheet is read from A1 (``skip_empty_area=False``), so
a header under a title row or a table that starts in column C keeps its numbers. A merged cell
holds its value in its top-left cell only, as in openpyxl; numbers arrive as floats (1921.0 reads
back as ``1921``), dates as dates (see ``cells``).

Each sheet with a recognisable header contributes its rows. A sheet named after a type
(``单选题``, ``一、判断题`` ...) gives that type to rows whose 题型 cell is empty or absent.
Sheets named like an instructions sheet (``填写说明``) are skipped; other sheets without a
header are skipped with a warning (a cover, a chart), unless they are named after a type, in
which case their missing header is a problem.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

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


def _rows(values: Sequence[Sequence[object]]) -> Iterator[Row]:
    text = cell_text
    for number, row in enumerate(values, start=1):
        yield number, [v if type(v) is str else text(v) for v in row]


def read_xlsx(data: bytes, file: str) -> XlsxRead:
    """Read every sheet of a workbook into drafts (problems for unreadable files/sheets)."""
    out = XlsxRead()
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, OSError, ValueError) as exc:
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


def _read_sheets(workbook: CalamineWorkbook, file: str, out: XlsxRead) -> None:
    found_any = False
    for meta in workbook.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue  # chart and macro sheets hold no rows
        title = meta.name
        if any(word in title.casefold() for word in INSTRUCTION_SHEET_WORDS):
            continue
        sheet_type = parse_type(title)
        values = workbook.get_sheet_by_name(title).to_python(skip_empty_area=False)
        table = find_table(_rows(values))
        if table is None:
            head = list(_rows(values[:HEADER_SEARCH_ROWS]))
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
