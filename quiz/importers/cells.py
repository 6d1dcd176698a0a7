"""Turning spreadsheet cell values into the text staff see in the cell.

The readers (python-calamine; openpyxl in tests) give numbers, booleans and dates; a 判断 answer typed as TRUE in Excel arrives as a
bool and an answer of 1921 as an int, and both must read back as the text that was typed.
"""

from __future__ import annotations

import datetime as dt


def cell_text(value: object) -> str:
    if type(value) is str:  # the common case first: most cells are text
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)
