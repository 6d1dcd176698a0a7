"""CSV: one table, UTF-8 with a BOM so Excel shows the Chinese; one row per fact.

The row source hands the rows over with dates and times already as text (``form=TEXT``; on SQLite
formatted by SQLite itself) in lists read straight from the driver's cursor (``chunks``), so the file
is ``csv.writer.writerows`` of each list into a 1 MB buffered file: no per-cell work here at all.
"""

from __future__ import annotations

from pathlib import Path

import csv

from kiosk.reports.exporters.base import BaseExporter, ExportError, register
from kiosk.reports.rows import TABLES, TEXT

BUFFER = 1 << 20


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
        # plain UTF-8 with the BOM written once: the "utf-8-sig" codec encodes in Python on every write
        with path.open("w", encoding="utf-8", newline="", buffering=BUFFER) as handle:
            handle.write("\ufeff")
            writer = csv.writer(handle)
            writer.writerow([c.header for c in spec.columns])
            done = 0
            lines = self.source.csv_lines(name)
            if lines is not None:  # each line formatted by SQLite, the same bytes
                for text, n in lines:
                    handle.write(text)
                    done += n
                    self.progress(done, total)
            else:
                for chunk in self.source.chunks(name, form=TEXT):
                    writer.writerows(chunk)
                    done += len(chunk)
                    self.progress(done, total)
        self.progress(total, total)
