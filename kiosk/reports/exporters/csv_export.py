"""CSV: one table, UTF-8 with a BOM so Excel shows the Chinese; one row per fact."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from kiosk.reports.exporters.base import BaseExporter, ExportError, register
from kiosk.reports.rows import TABLES

EVERY = 20_000


@register
class CsvExporter(BaseExporter):
    identifier = "csv"
    verbose_name = "CSV 表格"
    extension = "csv"

    def _write(self, path: Path, table: str | None) -> None:
        name = table or "checkins"
        if name not in TABLES:
            raise ExportError(f"没有“{name}”表：可选 {'、'.join(TABLES)}。")
        spec = TABLES[name]
        total = self.source.count(name)
        self.progress(0, total)
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([c.header for c in spec.columns])
            done = 0
            for row in self.source.rows(name):
                writer.writerow([_text(v) for v in row])
                done += 1
                if done % EVERY == 0:
                    self.progress(done, total)
        self.progress(total, total)


def _text(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return value
