"""Fixtures for the quiz tests: fixture files are generated at run time under tmp_path."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest
from openpyxl import Workbook

from quiz.clock import FakeClock
from quiz.model import Bank

from quiz_helpers import CsvMaker, Rows, XlsxMaker, sample_questions



@pytest.fixture
def make_xlsx(tmp_path: Path) -> XlsxMaker:
    """``make_xlsx({"Sheet": rows, ...}, name="x.xlsx")`` or ``make_xlsx(rows)``."""

    def make(sheets: dict[str, Rows] | Rows, name: str = "题库.xlsx") -> Path:
        workbook = Workbook()
        for sheet in list(workbook.worksheets):
            workbook.remove(sheet)
        items = sheets.items() if isinstance(sheets, dict) else [("题库", sheets)]
        for title, rows in items:
            ws = workbook.create_sheet(title)
            for row in rows:
                ws.append(list(row))
        path = tmp_path / name
        workbook.save(path)
        return path

    return make


@pytest.fixture
def make_csv(tmp_path: Path) -> CsvMaker:
    """``make_csv(rows, encoding="gbk", name=..., delimiter=",")``."""

    def make(rows: Rows, encoding: str = "utf-8", name: str = "题库.csv", delimiter: str = ",") -> Path:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=delimiter)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
        path = tmp_path / name
        path.write_bytes(buffer.getvalue().encode(encoding))
        return path

    return make


@pytest.fixture
def bank() -> Bank:
    return Bank("demo-bank", sample_questions())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(1000.0)


@pytest.fixture
def rng() -> random.Random:
    return random.Random(42)
