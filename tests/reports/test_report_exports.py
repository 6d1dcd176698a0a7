"""Exports of the hand-built history opened by real tools: openpyxl, LibreOffice, pdftoppm, pdftotext."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kiosk.reports.exporters import ExportError, exporter_for
from kiosk.reports.rows import RowSource
from kiosk.reports.scope import ReportScope
from kiosk.store.db import Database
from tests.reports.history import build

YEAR = ReportScope.year(2026)
PHONE, CONTACT = "13812345678", "张三丰"


@pytest.fixture
def source(sqlite_db: Database) -> RowSource:
    build(sqlite_db)
    return RowSource(sqlite_db, YEAR, {"z1": "序厅"})


def test_csv_has_a_bom_one_row_per_checkin_and_no_contact(source: RowSource, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    out = exporter_for("csv")(source, lambda d, t: seen.append((d, t))).write(tmp_path / "c.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and PHONE.encode() not in raw and CONTACT.encode() not in raw
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["日期", "时间", "方式"]
    body = rows[1:]
    assert len(body) == 5 + 3  # five pass check-ins (one a duplicate) and three walk-ins
    assert sum(int(r[6]) for r in body) == 108 + 3 + 7  # the duplicate counts 0; 38 from the confirmation
    assert [r[7] for r in body].count("是") == 1
    assert body[2][:2] == ["2026-04-01", "2026-04-01 01:30:00"]  # hall-local, though 03-31 in UTC
    assert seen[-1] == (8, 8)


def test_csv_of_feedback_table(source: RowSource, tmp_path: Path) -> None:
    out = exporter_for("csv")(source).write(tmp_path / "f.csv", "feedback")
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 5 and rows[1][1:3] == ["5", "讲解清楚、内容丰富"] and rows[4][3] == "希望增加互动展项"


def test_xlsx_has_native_charts_typed_cells_and_frozen_headers(source: RowSource, tmp_path: Path) -> None:
    out = exporter_for("xlsx")(source).write(tmp_path / "r.xlsx")
    book = load_workbook(out)  # not read-only: charts are only loaded this way
    assert book.sheetnames == ["汇总", "签到", "展板浏览", "答题", "留言评价"]
    summary = book["汇总"]
    assert len(summary._charts) == 4
    values = {summary.cell(r, 1).value: summary.cell(r, 2).value for r in range(5, 21)}
    assert values["党员（名）"] == 111 and values["群众满意率"] == 0.75 and values["重复签到（已只计一次）"] == 1
    assert summary.cell(2, 1).value == source.summary().sentence
    checkins = book["签到"]
    assert checkins.freeze_panes == "A2"
    first = [c.value for c in checkins[2]]
    assert isinstance(first[0], datetime) and first[0].date() == date(2026, 3, 2)
    assert isinstance(first[1], datetime) and first[1] == datetime(2026, 3, 2, 9, 10)
    assert first[6] == 38 and isinstance(first[6], int)
    assert checkins.column_dimensions["D"].width >= 36
    everything = json.dumps([[c.value for c in row] for ws in book for row in ws.iter_rows()], default=str,
                            ensure_ascii=False)
    assert PHONE not in everything and CONTACT not in everything


def test_xlsx_opens_in_libreoffice(source: RowSource, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed: apt-get install libreoffice-calc"
    out = exporter_for("xlsx")(source).write(tmp_path / "r.xlsx")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path / "csv"), str(out)],
                   check=True, capture_output=True, timeout=180)
    text = (tmp_path / "csv" / "r.csv").read_text(encoding="utf-8")  # the first sheet, 汇总
    assert '"党员（名）",111' in text and '"群众满意率",75.0%' in text


def test_pdf_renders_and_reads_back_in_chinese(source: RowSource, tmp_path: Path) -> None:
    out = exporter_for("pdf")(source).write(tmp_path / "r.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True,
                          text=True).stdout
    squeezed = "".join(text.split())
    assert "共接待基层党组织3个" in squeezed and "群众满意率75.0%" in squeezed
    assert "希望增加互动展项" in squeezed and "机关" in squeezed and "序厅" in squeezed
    assert PHONE not in text and CONTACT not in text
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "page")],
                   check=True, capture_output=True)
    page = next(tmp_path.glob("page*.png"))
    from PIL import Image

    with Image.open(page) as image:
        colours = image.convert("RGB").getcolors(1 << 20)
    assert colours and len(colours) > 50  # text, tables and coloured bars, not a blank page


def test_unknown_format_and_unwritable_target(source: RowSource, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="可选"):
        exporter_for("docx")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="无法写入"):
        exporter_for("csv")(source).write(blocker / "sub" / "c.csv")


def test_the_three_row_forms_agree(source: RowSource) -> None:
    """The CSV's text (SQLite formats it) and the XLSX's serial numbers are the same local times as
    the plain values, for every table."""
    from openpyxl.utils.datetime import from_excel

    from kiosk.reports.rows import EXCEL, TABLES, TEXT

    for name, spec in TABLES.items():
        values, texts, serials = (list(source.rows(name, form=f)) for f in ("values", TEXT, EXCEL))
        assert len(values) == len(texts) == len(serials) > 0, name
        for plain, as_text, as_serial in zip(values, texts, serials):
            for column, v, t, x in zip(spec.columns, plain, as_text, as_serial):
                if column.kind == "datetime":
                    assert t == v.isoformat(" ", "seconds") and from_excel(x) == v.replace(microsecond=0), name
                elif column.kind == "date":
                    assert t in (v.isoformat(), v) and (x == v or from_excel(x).date() == v), name
                else:
                    assert v == t == x, name


def test_xlsx_table_longer_than_a_sheet_goes_on_in_a_continuation_sheet(
        source: RowSource, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.reports.exporters import xlsx_export

    monkeypatch.setattr(xlsx_export, "ROWS_PER_SHEET", 3)  # Excel's limit, made small
    book = load_workbook(exporter_for("xlsx")(source).write(tmp_path / "long.xlsx", "checkins"), read_only=True)
    assert book.sheetnames == ["汇总", "签到", "签到（续2）", "签到（续3）"]
    sheets = [list(book[name].iter_rows(values_only=True)) for name in book.sheetnames[1:]]
    assert all(rows[0][:3] == ("日期", "时间", "方式") for rows in sheets)
    assert [len(rows) - 1 for rows in sheets] == [3, 3, 2]  # all eight check-ins, none dropped


CSV_DIGESTS = {  # the files as the exporter wrote them before it read the driver's cursor in chunks
    "checkins": ("c27c70138422ac264b50e36321b2201127ffe69f95641975d92cd7ee5148acf4", 184),
    "board_views": ("3d010bbefd58fcf1123b061a92b74f2ded3587af424cdc51ed57f10b4673ef3c", 444),
    "quiz_attempts": ("9afd329641587e64c361407a32829da082de24ab8144759c41de91523207e6c0", 382),
    "feedback": ("58c2b51ef9f14f7b44193c7b30d5f1ade6040eab52c1318cc7b96980becf6df1", 16),
}


def test_csv_files_are_byte_for_byte_what_they_were(sqlite_db: Database, tmp_path: Path) -> None:
    """A seeded week (duplicates, confirmations, walk-ins, views, attempts, feedback with tags) over a
    range that cuts it, with zone and board names: every table's CSV is the same bytes as before."""
    import hashlib

    from kiosk.demo.seed import seed_history

    seed_history(sqlite_db, start=date(2026, 3, 28), end=date(2026, 4, 3), hall_devices={"h": ["k1", "k2"]},
                 seed=11, scale=0.3, parallel=False)
    source = RowSource(sqlite_db, ReportScope.of(date(2026, 3, 29), date(2026, 4, 2)),
                       {"zone-01": "序厅", "zone-02/board-3": "第三块"})
    for table, (digest, lines) in CSV_DIGESTS.items():
        data = exporter_for("csv")(source).write(tmp_path / f"{table}.csv", table).read_bytes()
        assert (hashlib.sha256(data).hexdigest(), data.count(b"\n")) == (digest, lines), table
