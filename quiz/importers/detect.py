"""Choosing the reader by what a file contains, with the extension only as a tie-breaker.

Staff rename files, save CSV as .txt, or send a GIFT file called 题库.csv; the content decides.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import PurePath

from quiz.importers.aiken import looks_like_aiken
from quiz.importers.csvfile import find_csv_table
from quiz.importers.gift import looks_like_gift

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and .doc, .et ...)


class Format(StrEnum):
    XLSX = "xlsx"
    XLS = "xls"
    CSV = "csv"
    GIFT = "gift"
    AIKEN = "aiken"
    UNKNOWN = "unknown"


def sniff_binary(data: bytes) -> Format | None:
    """XLSX or legacy XLS from the magic bytes; None for anything that may be text."""
    if data.startswith(ZIP_MAGIC):
        return Format.XLSX
    if data.startswith(OLE_MAGIC):
        return Format.XLS
    return None


def sniff_text(text: str, name: str) -> Format:
    """The format of decoded text: a table header, GIFT braces, Aiken ANSWER lines, else extension."""
    if find_csv_table(text) is not None:
        return Format.CSV
    if looks_like_gift(text):
        return Format.GIFT
    if looks_like_aiken(text):
        return Format.AIKEN
    suffix = PurePath(name).suffix.lower()
    return {".csv": Format.CSV, ".tsv": Format.CSV, ".gift": Format.GIFT,
            ".aiken": Format.AIKEN}.get(suffix, Format.UNKNOWN)
