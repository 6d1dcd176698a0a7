"""The exported workbook opens in LibreOffice Calc (what many halls use instead of Excel) unchanged.

LibreOffice converts the `kiosk quiz export` file to CSV headless; every cell must read as the
exporter wrote it, and importing LibreOffice's CSV must give back the very same questions (ids,
answers, 解析 ...). Needs Debian's libreoffice-calc-nogui (scripts/setup.sh --dev installs it).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from quiz.importers import import_bank
from quiz.xlsx_template import header, question_row
from tests.unit.quizzone_helpers import DEMO_BANK

CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1"  # comma, double quote, UTF-8, from row 1


def test_libreoffice_reads_the_exported_bank_cell_for_cell(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("需要 LibreOffice：apt-get install libreoffice-calc-nogui（或运行 scripts/setup.sh --dev）",
                    pytrace=False)
    from click.testing import CliRunner

    from kiosk.cli import main

    config = tmp_path / "kiosk.toml"
    config.write_text(f'data_dir = "{tmp_path / "data"}"\ncontent_dir = "{tmp_path / "no-content"}"\n',
                      encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["--config", str(config), "quiz", "import", str(DEMO_BANK), "--bank", "党建"]).exit_code == 0
    workbook = tmp_path / "党建.xlsx"
    exported = runner.invoke(main, ["--config", str(config), "quiz", "export", "党建", "--out", str(workbook)])
    assert exported.exit_code == 0, exported.output

    out = tmp_path / "lo"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--convert-to", CSV_FILTER, "--outdir", str(out), str(workbook)],
        check=True, capture_output=True, timeout=120,
    )
    converted = out / "党建.csv"
    with converted.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))

    bank = import_bank(DEMO_BANK, bank_id="党建").bank
    assert bank is not None
    width = len(header())
    assert rows[1] == header()
    expected = [[str(cell) for cell in question_row(q, 6)] for q in bank.questions]
    assert [row[:width] for row in rows[2:]] == expected

    again = import_bank(converted, bank_id="党建")
    assert again.ok, [str(p) for p in again.problems]
    assert again.questions == bank.questions
