"""CSV: one table, UTF-8 with a BOM so Excel shows the Chinese; one row per fact.

On SQLite the row source hands over whole lines formatted by SQLite (``RowSource.csv_lines``, the
UTF-8 bytes ``csv.writer`` would write), joined per batch and written to a 1 MB buffered binary
file. Otherwise (PostgreSQL, a range whose UTC offset changes, a float SQLite would write another
way) the rows come with dates and times already as text (``form=TEXT``) in lists read straight from
the driver's cursor (``chunks``), and the file is ``csv.writer.writerows`` of each list.
"""

from __future__ import annotations

from pathlib import Path

import csv
import io

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
        header = io.StringIO()
        csv.writer(header).writerow([c.header for c in spec.columns])
        lines = self.source.csv_lines(name)
        done = 0
        if lines is not None:  # every line formatted by SQLite: the same bytes, written as they come
            with path.open("wb", buffering=BUFFER) as out:
                out.write(("\ufeff" + header.getvalue()).encode())
                for data, n in lines:
                    out.write(data)
                    done += n
                    self.progress(done, total)
            self.progress(total, total)
            return
        # plain UTF-8 with the BOM written once: the "utf-8-sig" codec encodes in Python on every write
        with path.open("w", encoding="utf-8", newline="", buffering=BUFFER) as handle:
            handle.write("\ufeff" + header.getvalue())
            writer = csv.writer(handle)
            for chunk in self.source.chunks(name, form=TEXT):
                writer.writerows(chunk)
                done += len(chunk)
                self.progress(done, total)
        self.progress(total, total)
