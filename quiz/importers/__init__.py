"""Importing question banks: one entry point, ``import_bank``, for every supported format.

Formats (GIFT and Aiken read as Moodle reads them; see ``gift``): Excel .xlsx (template columns 题型/题干/选项A…/答案/解析/出处/难度/分类/分值/图片/标签, loose
header names, header below a title row, one sheet per 题型), CSV in UTF-8 / UTF-8 with BOM /
GBK-GB18030, Moodle GIFT and Aiken. The format is chosen by content (see ``detect``).

All or nothing: if any question is invalid, the result has no bank and lists every problem
with its file, row or line and a Chinese message.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from quiz.importers.aiken import read_aiken
from quiz.importers.csvfile import CsvFormatError, garbled_csv_header, read_csv
from quiz.importers.detect import Format, sniff_binary, sniff_text
from quiz.importers.draft import Draft
from quiz.importers.encoding import DecodeFailure, decode_bytes, mojibake_message
from quiz.importers.gift import read_gift
from quiz.importers.validate import DEFAULT_MAX_CELL_CHARS, build_bank
from quiz.importers.xlsx import read_xlsx
from quiz.problems import ImportResult, Problem

__all__ = ["DEFAULT_MAX_CELL_CHARS", "Format", "ImportResult", "Problem", "import_bank", "import_bank_bytes"]


def import_bank(
    path: str | os.PathLike[str],
    *,
    bank_id: str | None = None,
    max_cell_chars: int = DEFAULT_MAX_CELL_CHARS,
) -> ImportResult:
    """Import the bank in ``path``. ``bank_id`` defaults to the file name without extension."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        return ImportResult(str(p), Format.UNKNOWN, None, None, (Problem(p.name, f"无法读取文件：{exc.strerror}"),))
    result = import_bank_bytes(data, p.name, bank_id=bank_id, max_cell_chars=max_cell_chars)
    return ImportResult(str(p), result.format, result.encoding, result.bank, result.problems, result.warnings,
                        result.skipped)


def import_bank_bytes(
    data: bytes,
    name: str,
    *,
    bank_id: str | None = None,
    max_cell_chars: int = DEFAULT_MAX_CELL_CHARS,
) -> ImportResult:
    """Import a bank from its bytes (an upload, say); ``name`` is used in messages and as default id."""
    file = PurePath(name).name
    bid = bank_id if bank_id is not None else PurePath(name).stem
    binary = sniff_binary(data)
    if binary is Format.XLS:
        return _failed(name, binary, None, Problem(file, "不支持旧版 .xls 文件：请在 Excel 中“另存为 .xlsx”后再导入"))
    warnings: list[Problem] = []
    skipped: list[Problem] = []
    found: list[Problem] = []  # problems met while reading; validation adds its own
    encoding: str | None = None
    drafts: list[Draft]
    if binary is Format.XLSX:
        fmt = Format.XLSX
        read = read_xlsx(data, file)
        drafts, warnings, found = read.drafts, read.warnings, read.problems
    else:
        if not data.strip():
            return _failed(name, Format.UNKNOWN, None, Problem(file, "题库中没有题目（文件是空的）"))
        try:
            decoded = decode_bytes(data)
        except DecodeFailure as exc:
            return _failed(name, Format.UNKNOWN, None, Problem(file, exc.message, line=exc.line))
        encoding, text = decoded.encoding, decoded.text
        garbled = mojibake_message(text)
        fmt = sniff_text(text, name)
        if garbled is not None:
            return _failed(name, fmt, encoding, Problem(file, garbled))
        if fmt is Format.CSV:
            try:
                csv_drafts = read_csv(text, file)
            except CsvFormatError as exc:
                return _failed(name, fmt, encoding, Problem(file, f"CSV 格式错误，无法读取（{exc.detail}）", row=exc.row))
            if csv_drafts is None:
                return _failed(name, fmt, encoding, Problem(file, garbled_csv_header(text) or (
                    "找不到表头：前 30 行中没有同时含“题干”和“答案”两列的一行")))
            drafts = csv_drafts
        elif fmt is Format.GIFT:
            gift = read_gift(text, file)
            drafts, warnings, found, skipped = gift.drafts, gift.warnings, gift.problems, gift.skipped
        elif fmt is Format.AIKEN:
            aiken = read_aiken(text, file)
            drafts, found = aiken.drafts, aiken.problems
        else:
            return _failed(name, fmt, encoding, Problem(file, garbled_csv_header(text) or (
                "无法识别文件格式：支持 Excel（.xlsx）、CSV、GIFT 和 Aiken 格式的题库")))
    moodle = fmt in (Format.GIFT, Format.AIKEN)  # Moodle's formats: duplicates as Moodle takes them
    bank, problems = build_bank(drafts, bid, file, max_cell_chars, warnings=warnings if moodle else None)
    if moodle:
        warnings.sort(key=_position)
    if found:
        # Reading problems first stopped some questions; "empty bank" would only add noise.
        problems = [*found, *(p for p in problems if p.where)]
        if fmt is not Format.XLSX:  # text formats: in line order
            problems.sort(key=_position)
        return ImportResult(name, fmt, encoding, None, tuple(problems), tuple(warnings))
    if bank is None and not any(p.where for p in problems) and skipped:
        problems = [Problem(file, f"题库中没有触摸屏能用的题目（跳过了 {len(skipped)} 题："
                                  f"{skipped[0].where} {skipped[0].message}…）")]
    return ImportResult(name, fmt, encoding, bank, tuple(problems), tuple(warnings),
                        tuple(skipped) if bank is not None else ())


def _position(problem: Problem) -> int:
    number = problem.row if problem.row is not None else problem.line
    return number if number is not None else 0


def _failed(name: str, fmt: Format, encoding: str | None, *problems: Problem) -> ImportResult:
    return ImportResult(name, fmt, encoding, None, tuple(problems))
