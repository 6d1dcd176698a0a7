"""CSV: one table, UTF-8 with a BOM so Excel shows the Chinese; one row per fact."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kiosk.reports.exporters.base import BaseExporter, ExportError, register
from kiosk.reports.rows import TABLES

EVERY = 5_000


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
        converters = [_CONVERT.get(c.kind) for c in spec.columns]
        timed = [(i, f) for i, f in enumerate(converters) if f is not None]
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([c.header for c in spec.columns])
            done = 0
            chunk: list[Sequence[Any]] = []
            for row in self.source.rows(name):
                if timed:
                    values = list(row)
                    for i, f in timed:
                        if values[i] is not None:
                            values[i] = f(values[i])
                    chunk.append(values)
                else:
                    chunk.append(row)
                if len(chunk) == EVERY:
                    writer.writerows(chunk)
                    done += len(chunk)
                    chunk = []
                    self.progress(done, total)
            writer.writerows(chunk)
        self.progress(total, total)


_CONVERT: dict[str, Callable[[Any], str]] = {
    "datetime": lambda v: v.isoformat(" ", "seconds"),  # 2026-03-02 09:10:00
    "date": lambda v: v.isoformat(),
}
