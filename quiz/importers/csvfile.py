"""CSV (and tab-separated) question tables.

The delimiter is the one under which a header row appears (comma, tab or semicolon; answers
such as ``A;B;D`` make naive sniffing pick the wrong one). Row numbers are record numbers,
i.e. the row Excel shows when it opens the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from quiz.importers.draft import Draft
from quiz.importers.tabular import Row, Table, drafts_from_table, find_table, garbled_header

DELIMITERS = (",", "\t", ";")


class CsvFormatError(Exception):
    """The csv module gave up at ``row`` (an over-long field, a broken quote ...)."""

    def __init__(self, row: int, detail: str) -> None:
        super().__init__(detail)
        self.row = row
        self.detail = detail


def _rows(text: str, delimiter: str, *, strict: bool = False) -> Iterator[Row]:
    """Records with their numbers. Sniffing (not strict) just stops at a csv error; reading
    (strict) raises it, so that no row after it can be silently lost."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, cells
    except csv.Error as exc:
        if strict:
            raise CsvFormatError(number + 1, str(exc)) from exc


def find_csv_table(text: str, *, strict: bool = False) -> Table | None:
    """The table under the first delimiter that yields a header row, or None."""
    for delimiter in DELIMITERS:
        table = find_table(_rows(text, delimiter, strict=strict))
        if table is not None:
            return table
    return None


def garbled_csv_header(text: str) -> str | None:
    """The mojibake explanation when a header appears only after undoing mojibake."""
    for delimiter in DELIMITERS:
        found = garbled_header(_rows(text, delimiter))
        if found:
            return found
    return None


def read_csv(text: str, file: str) -> list[Draft] | None:
    """Drafts of a decoded CSV text, or None when no header row was found.
    Raises CsvFormatError when the csv module cannot read a record."""
    table = find_csv_table(text, strict=True)
    if table is None:
        return None
    return list(drafts_from_table(table, file))
