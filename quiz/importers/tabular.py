"""Rows of a question table (from xlsx or csv) to drafts.

Shared by both spreadsheet readers so that header detection, option-prefix stripping and
row numbering behave identically whichever way staff saved the file.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from quiz.importers.draft import Draft
from quiz.importers.encoding import REPAIRS, mojibake_advice
from quiz.importers.headers import ColumnMap, read_header
from quiz.model import LETTERS, QuestionType

HEADER_SEARCH_ROWS = 30  # the header may sit under a title or a note, but not further down

_OPTION_PREFIX = re.compile(r"^\s*([A-Za-zＡ-Ｚａ-ｚ])\s*[.．、)）:：]\s*")

Row = tuple[int, Sequence[str]]  # (row number as the spreadsheet shows it, cell texts)


@dataclass(frozen=True, slots=True)
class Table:
    """A located header plus the rows after it."""

    header_row: int
    columns: ColumnMap
    rows: Iterator[Row]


def find_table(rows: Iterable[Row]) -> Table | None:
    """Look for the header in the first rows; the returned table streams the rest."""
    iterator = iter(rows)
    for _ in range(HEADER_SEARCH_ROWS):
        try:
            number, cells = next(iterator)
        except StopIteration:
            return None
        columns = read_header(cells)
        if columns is not None:
            return Table(number, columns, iterator)
    return None


def garbled_header(rows: Iterable[Row]) -> str | None:
    """If one of the first rows becomes a header once its mojibake is undone, say so."""
    for _, cells in itertools.islice(rows, HEADER_SEARCH_ROWS):
        for repair, how in REPAIRS:
            fixed = [repair(cell) or cell if cell else cell for cell in cells]
            if fixed != list(cells) and read_header(fixed) is not None:
                return mojibake_advice(how, "，".join(c for c in fixed if c))
    return None


def _cell(cells: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def strip_option_prefix(text: str, letter: str) -> str:
    """``"A．实事求是"`` in the 选项A column becomes ``"实事求是"`` (only the column's own letter)."""
    match = _OPTION_PREFIX.match(text)
    if match and unicodedata.normalize("NFKC", match.group(1)).upper() == letter:
        return text[match.end():]
    return text


def drafts_from_table(
    table: Table,
    file: str,
    sheet: str | None = None,
    default_type: QuestionType | None = None,
) -> Iterator[Draft]:
    """One draft per non-empty row under the header."""
    cols = table.columns
    f = cols.fields
    used = [*f.values(), *cols.options]
    for number, cells in table.rows:
        if not any(_cell(cells, c).strip() for c in used):
            continue
        yield Draft(
            file=file,
            row=number,
            sheet=sheet,
            type_text=_cell(cells, f.get("type")),
            default_type=default_type,
            stem=_cell(cells, f.get("stem")),
            options=[strip_option_prefix(_cell(cells, c), LETTERS[i]) for i, c in enumerate(cols.options)],
            answer_text=_cell(cells, f.get("answer")),
            explanation=_cell(cells, f.get("explanation")),
            source=_cell(cells, f.get("source")),
            difficulty=_cell(cells, f.get("difficulty")),
            category=_cell(cells, f.get("category")),
            points_text=_cell(cells, f.get("points")),
            image=_cell(cells, f.get("image")),
            tags_text=_cell(cells, f.get("tags")),
            tolerance_text=_cell(cells, f.get("tolerance")),
            feedback_text=_cell(cells, f.get("answer_feedback")),
            headers=cols.headers,
        )
