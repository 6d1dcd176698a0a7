"""CSV lines formatted by SQLite itself: the same bytes ``csv.writer`` writes for the text rows.

A million exported rows through Python cost a tuple, a comprehension step and ``writerows``'s
per-cell work each; the bare ``csv.writer`` alone was 4–6 s per million here. SQLite can build each
whole line in C (``||``, its own ``date()``/``datetime()``), so Python only joins the fetched lines
and writes them. Used where that is provably the same text (:meth:`RowSource.csv_lines` answers
None otherwise, and the exporter takes the ``csv.writer`` path):

- text cells are quoted exactly as ``csv.writer``'s QUOTE_MINIMAL does: in double quotes, inner
  quotes doubled, when the cell holds ``,``, ``"``, ``\\r`` or ``\\n`` (the default ``excel`` dialect's
  delimiter, quote character and line terminator); NULL as an empty cell;
- names mapped in Python (zone titles, labels) are SQL literals already quoted here;
- a float cell (the board views' dwell) is written only when every value in the range is already at
  one decimal (``x = round(x, 1)`` in SQLite, ``|x| < 1e9``): then Python's ``round(x, 1)`` is ``x``
  and SQLite's 15-digit text is Python's ``repr`` — else the table goes the ``csv.writer`` way.

``tests/reports/test_csv_lines.py`` compares both paths over awkward names and values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import reduce
from typing import Any

from sqlalchemy import LargeBinary, String, and_, case, cast, func, literal, or_, type_coerce

SPECIAL = (",", '"', "\r", "\n")
"""What makes ``csv.writer`` (default dialect, QUOTE_MINIMAL) quote a cell."""
LINE_END = "\r\n"
"""The default dialect's line terminator, added after every line."""


def quoted(value: str) -> str:
    """One text cell as ``csv.writer`` writes it."""
    if any(c in value for c in SPECIAL):
        return '"' + value.replace('"', '""') + '"'
    return value


def text_cell(expression: Any) -> Any:
    """SQL for a text cell: the value, quoted as :func:`quoted` does, NULL as empty."""
    value = func.coalesce(type_coerce(expression, String), literal(""))
    needs = or_(*(func.instr(value, literal(c)) > 0 for c in SPECIAL))
    return case((needs, literal('"').op("||")(func.replace(value, literal('"'), literal('""'))).op("||")(literal('"'))),
                else_=value)


def number_cell(expression: Any) -> Any:
    """SQL for an integer cell (``str(int)``), NULL as empty."""
    return func.coalesce(cast(expression, String), literal(""))


def float_cell(expression: Any) -> Any:
    """SQL for a float cell already at one decimal (see :func:`one_decimal`): SQLite's text of it."""
    return cast(expression, String)


def mapped_cell(expression: Any, names: Mapping[str, str]) -> Any:
    """SQL for ``names.get(value, value)`` as a text cell (the names quoted here, the rest in SQL)."""
    if not names:
        return text_cell(expression)
    return case(*((expression == key, literal(quoted(name))) for key, name in names.items()),
                else_=text_cell(expression))


def one_decimal(expression: Any) -> Any:
    """SQL truth: the float is written the same by SQLite's text and by ``repr(round(x, 1))``."""
    return and_(func.abs(expression) < 1e9, expression == func.round(expression, 1))


def line(cells: Iterable[Any]) -> Any:
    """SQL for the whole line: the cells joined by commas, the line terminator after, as a BLOB of
    its UTF-8 (the driver hands over bytes, so nothing is decoded to be encoded again)."""
    joined = reduce(lambda a, b: a.op("||")(literal(",")).op("||")(b), cells)
    return cast(joined.op("||")(literal(LINE_END)), LargeBinary)
