"""The exporter contract and its registry.

An exporter has an ``identifier`` (the CLI's ``--format``), a ``verbose_name`` (the dashboard's
button), a file ``extension`` and :meth:`BaseExporter.write`. It reads only its
:class:`~kiosk.reports.rows.RowSource`, so every format shows the same numbers, and reports progress
as (rows done, rows in all) through the callback it was given.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from kiosk.reports.rows import RowSource

Progress = Callable[[int, int], None]
"""``progress(done, total)``: rows written so far and rows in all (the total may grow by the summary)."""

EXPORTERS: dict[str, type[BaseExporter]] = {}


class ExportError(RuntimeError):
    """The export could not be written (message in Chinese)."""


class BaseExporter:
    identifier: ClassVar[str]
    verbose_name: ClassVar[str]
    extension: ClassVar[str]

    def __init__(self, source: RowSource, progress: Progress | None = None) -> None:
        self.source = source
        self.progress = progress or (lambda done, total: None)

    def write(self, out: Path, table: str | None = None) -> Path:
        """Write the export to ``out`` (written beside it and renamed, so a crash leaves no half file)."""
        out = Path(out)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            partial = out.with_name(f".{out.name}.partial")
            self._write(partial, table)
            partial.replace(out)
        except OSError as exc:
            raise ExportError(f"无法写入 {out}：{exc.strerror or exc}") from exc
        return out

    def _write(self, path: Path, table: str | None) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def register(cls: type[BaseExporter]) -> type[BaseExporter]:
    EXPORTERS[cls.identifier] = cls
    return cls


def exporter_for(identifier: str) -> type[BaseExporter]:
    try:
        return EXPORTERS[identifier]
    except KeyError:
        raise ExportError(f"没有“{identifier}”格式：可选 {'、'.join(sorted(EXPORTERS))}。") from None
