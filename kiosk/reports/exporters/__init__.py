"""Exporters: small registered classes over one :class:`kiosk.reports.rows.RowSource` (pretix's
``base/exporter.py`` shape). ``exporter_for("xlsx")`` finds one; importing this package registers all."""

from kiosk.reports.exporters.base import EXPORTERS, BaseExporter, ExportError, Progress, exporter_for
from kiosk.reports.exporters import csv_export as _csv  # noqa: F401 - registers
from kiosk.reports.exporters import pdf_export as _pdf  # noqa: F401 - registers
from kiosk.reports.exporters import xlsx_export as _xlsx  # noqa: F401 - registers

__all__ = ["EXPORTERS", "BaseExporter", "ExportError", "Progress", "exporter_for"]
