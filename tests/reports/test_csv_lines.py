"""CSV lines built by SQLite are the bytes ``csv.writer`` writes for the same text rows: awkward
names (commas, quotes, line breaks), missing values, and the floats that must go the Python way."""

from __future__ import annotations

import csv
import io
import sqlite3
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, literal, select

from kiosk.reports.csv_lines import float_cell, one_decimal, quoted, text_cell
from kiosk.reports.exporters import exporter_for
from kiosk.reports.rows import TEXT, RowSource
from kiosk.reports.scope import ReportScope
from kiosk.store.db import Database, open_database
from kiosk.store.models import BoardView
from kiosk.store.quiz_models import QuizAttempt
from kiosk.store.visits_models import Checkin, Organisation

AWKWARD = ["序厅", "a,b", 'say "hi"', "two\nlines", "cr\rhere", "", " lead", "tab\t", '"', ",", "全角，逗号"]


def written(rows: list[tuple[object, ...]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


@given(st.text(alphabet=st.sampled_from(list('ab ,"\r\n\t中')), max_size=8))
@settings(max_examples=300, deadline=None)
def test_a_text_cell_is_quoted_as_csv_writer_quotes_it(value: str) -> None:
    expected = written([(value, "x")])[:-len(",x\r\n")]
    assert quoted(value) == expected
    with sqlite3.connect(":memory:") as raw:
        from sqlalchemy.dialects import sqlite

        compiled = select(text_cell(literal(value))).compile(dialect=sqlite.dialect(),
                                                           compile_kwargs={"literal_binds": True})
        assert raw.execute(str(compiled)).fetchone()[0] == expected


def test_one_decimal_floats_are_written_as_python_writes_them() -> None:
    from sqlalchemy.dialects import sqlite

    values = [i / 10 for i in range(0, 100_000, 7)] + [0.25, 0.35, 2.675, 12.0, 1e14 + 0.5, 0.1 + 0.2, -3.5, 1e-7]
    with sqlite3.connect(":memory:") as raw:
        raw.execute("CREATE TABLE t (x FLOAT)")
        raw.executemany("INSERT INTO t VALUES (?)", [(v,) for v in values])
        column = literal_column_x()
        query = select(float_cell(column), one_decimal(column), column).compile(
            dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
        for text, safe, value in raw.execute(f"{query} FROM t"):
            if safe:
                assert text == str(round(value, 1)), value
        unsafe = {v for _t, safe, v in raw.execute(f"{query} FROM t") if not safe}
    assert {0.25, 0.35, 2.675, 1e14 + 0.5, 0.1 + 0.2, 1e-7} <= unsafe and 12.0 not in unsafe


def literal_column_x() -> Any:
    from sqlalchemy import Float, literal_column

    return literal_column("x", Float)


def awkward_history(db: Database, dwell: float) -> None:
    at = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)
    org = uuid.UUID(int=99)
    stamp = {"hall_id": "h,1", "recorded_at": at, "corrects_id": None}
    with db.engine.begin() as connection:
        connection.execute(insert(Organisation), [{"id": org, "name": '第一"支部",\n东城', "kind": "机关",
                                                   "parent_id": None, "created_at": at}])
        connection.execute(insert(BoardView), [
            {**stamp, "id": uuid.UUID(int=i + 1), "device_id": AWKWARD[i % len(AWKWARD)],
             "zone_id": AWKWARD[(i + 3) % len(AWKWARD)], "board_id": f"{AWKWARD[i % len(AWKWARD)]}/b",
             "opened_at": at + timedelta(minutes=i), "dwell_seconds": dwell if i == 5 else i * 1.5,
             "read_aloud": i % 2 == 0} for i in range(30)])
        connection.execute(insert(QuizAttempt), [
            {**stamp, "id": uuid.UUID(int=100 + i), "device_id": AWKWARD[i % len(AWKWARD)], "mode": m,
             "bank": AWKWARD[(i + 1) % len(AWKWARD)], "score": i, "max_score": 100, "question_count": 10,
             "correct_count": i % 10, "started_at": at, "finished_at": at + timedelta(minutes=i),
             "organisation_id": org if i % 3 == 0 else None, "card_text": ""}
            for i, m in enumerate(["practice", "challenge", "daily", "odd,mode"] * 5)])
        connection.execute(insert(Checkin), [
            {**stamp, "id": uuid.UUID(int=200 + i), "device_id": AWKWARD[i % len(AWKWARD)],
             "kind": "walk_in" if i % 4 else "pass", "local_date": date(2026, 4, 1),
             "booking_id": None if i % 4 else uuid.UUID(int=300 + i // 8), "pass_id": None,
             "organisation_id": org if i % 3 == 0 else None, "visitor_kind": ("member", "public", 'odd"kind')[i % 3],
             "count": i % 5 + 1, "headcount_cap": None, "recorded_at": at + timedelta(minutes=i // 2)}
            for i in range(24)])


def test_sqlite_lines_equal_csv_writer_over_the_text_rows(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'awkward.sqlite3'}")
    awkward_history(db, 12.5)
    source = RowSource(db, ReportScope.of(date(2026, 3, 31), date(2026, 4, 2)),
                       {"a,b": 'zone "A"', "序厅/b": "第一,块", "two\nlines": "fine"})
    for table in ("board_views", "quiz_attempts", "checkins"):
        lines = source.csv_lines(table)
        assert lines is not None, table
        fast = b"".join(data for data, _n in lines).decode()
        slow = written([row for chunk in source.chunks(table, form=TEXT) for row in chunk])
        assert fast == slow and fast.count("\r\n") >= 20 and '"' in fast, table
    db.close()


def test_a_float_not_at_one_decimal_sends_the_table_the_csv_writer_way(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'half.sqlite3'}")
    awkward_history(db, 0.25)  # Python's round gives 0.2, SQLite's 0.3
    source = RowSource(db, ReportScope.of(date(2026, 3, 31), date(2026, 4, 2)))
    assert source.csv_lines("board_views") is None and source.csv_lines("quiz_attempts") is not None
    data = exporter_for("csv")(source).write(tmp_path / "v.csv", "board_views").read_text(encoding="utf-8-sig")
    assert ",0.2," in data and data.splitlines()[1:] == list(
        written([row for chunk in source.chunks("board_views", form=TEXT) for row in chunk]).splitlines())
    db.close()
