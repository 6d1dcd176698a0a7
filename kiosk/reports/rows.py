"""The one row source every exporter reads: the summary, and the fact tables row by row (streamed).

Rows are plain tuples typed by their :class:`ExportColumn` (dates as ``date``, times as naive hall-local
``datetime``, counts as ``int``), so the CSV writes text, the XLSX writes real date and number cells,
and the PDF formats them. No table has a phone number or a contact name: check-ins name the
organisation only, feedback is anonymous.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Float, Integer, String, case, func, literal, select, type_coerce

from kiosk.clock import HALL_TIMEZONE
from kiosk.quizzone.attempt_groups import attempt_organisation_id
from kiosk.reports.csv_lines import float_cell, line, mapped_cell, number_cell, one_decimal, quoted, text_cell
from kiosk.reports.arrival_rules import WALK_IN, hall_condition, ranked_pass_checkins
from kiosk.reports.scope import ReportScope
from kiosk.reports.summary import Summary, build_summary
from kiosk.reports.visits import OTHER_KIND, UNKNOWN_PURPOSE
from kiosk.store.db import Database
from kiosk.store.feedback_models import Feedback
from kiosk.store.models import BoardView
from kiosk.store.quiz_models import QuizAttempt
from kiosk.store.visits_models import Booking, Checkin, Organisation

BATCH = 5000
WALK_IN_LABELS = {"member": "散客党员", "public": "群众"}
VALUES, TEXT, EXCEL = "values", "text", "excel"
EXCEL_EPOCH = datetime(1899, 12, 30)
MODE_LABELS = {"practice": "练习", "challenge": "挑战答题", "daily": "每日答题"}


@dataclass(frozen=True)
class ExportColumn:
    header: str
    kind: str  # date | datetime | int | float | text
    width: int = 12  # in Excel character units (a Chinese character is two)


@dataclass(frozen=True)
class ExportTable:
    name: str
    title: str
    columns: tuple[ExportColumn, ...]


TABLES: dict[str, ExportTable] = {
    "checkins": ExportTable("checkins", "签到", (
        ExportColumn("日期", "date", 12), ExportColumn("时间", "datetime", 20), ExportColumn("方式", "text", 10),
        ExportColumn("组织", "text", 36), ExportColumn("组织类别", "text", 14), ExportColumn("参观目的", "text", 14),
        ExportColumn("计入人数", "int", 10), ExportColumn("重复签到", "text", 10), ExportColumn("终端", "text", 14),
        ExportColumn("展馆", "text", 14))),
    "board_views": ExportTable("board_views", "展板浏览", (
        ExportColumn("日期", "date", 12), ExportColumn("时间", "datetime", 20), ExportColumn("展区", "text", 20),
        ExportColumn("展板", "text", 24), ExportColumn("停留秒数", "float", 10), ExportColumn("朗读", "text", 6),
        ExportColumn("终端", "text", 14), ExportColumn("展馆", "text", 14))),
    "quiz_attempts": ExportTable("quiz_attempts", "答题", (
        ExportColumn("日期", "date", 12), ExportColumn("时间", "datetime", 20), ExportColumn("模式", "text", 12),
        ExportColumn("题库", "text", 20), ExportColumn("得分", "int", 8), ExportColumn("满分", "int", 8),
        ExportColumn("答对", "int", 8), ExportColumn("题数", "int", 8), ExportColumn("组织", "text", 36),
        ExportColumn("终端", "text", 14), ExportColumn("展馆", "text", 14))),
    "feedback": ExportTable("feedback", "留言评价", (
        ExportColumn("日期", "date", 12), ExportColumn("满意度", "int", 8), ExportColumn("标签", "text", 30),
        ExportColumn("建议", "text", 60), ExportColumn("组织", "text", 36), ExportColumn("来源", "text", 8),
        ExportColumn("终端", "text", 14), ExportColumn("展馆", "text", 14))),
}


class RowSource:
    """The data of one export: ``summary()`` once, then ``rows(table)`` streamed in batches."""

    def __init__(self, db: Database, scope: ReportScope, zone_names: Mapping[str, str] | None = None,
                 today: Any = None) -> None:
        self.db, self.scope, self.zone_names, self.today = db, scope, dict(zone_names or {}), today
        self._summary: Summary | None = None

    def summary(self) -> Summary:
        if self._summary is None:
            with self.db.transaction() as session:
                self._summary = build_summary(session, self.scope, self.zone_names, self.today, detail=True)
        return self._summary

    def count(self, table: str) -> int:
        """How many rows ``rows(table)`` will yield (for a progress bar)."""
        s = self.scope
        begin, end = s.utc_bounds()
        if table == "checkins":
            query = select(func.count()).where(Checkin.local_date >= s.start, Checkin.local_date <= s.end)
            column: Any = Checkin.hall_id
        elif table == "board_views":
            query, column = select(func.count()).where(BoardView.opened_at >= begin, BoardView.opened_at < end), BoardView.hall_id
        elif table == "quiz_attempts":
            query = select(func.count()).where(QuizAttempt.finished_at >= begin, QuizAttempt.finished_at < end)
            column = QuizAttempt.hall_id
        elif table == "feedback":
            query = select(func.count()).where(Feedback.local_date >= s.start, Feedback.local_date <= s.end)
            column = Feedback.hall_id
        else:
            raise KeyError(table)
        with self.db.transaction() as session:
            return int(session.execute(s.narrow(query, column)).scalar_one())

    def rows(self, table: str, *, form: str = VALUES) -> Iterator[tuple[Any, ...]]:
        """The table's rows, streamed. ``form``: :data:`VALUES` gives ``date``/``datetime`` values;
        :data:`TEXT` gives dates and times as the CSV's text (``2026-03-02``, ``2026-03-02 09:10:00``)
        and leaves other values for ``csv.writer`` to write as it does (None as empty); :data:`EXCEL`
        gives the instants' local times (and their days) as Excel serial numbers (days since
        1899-12-30, to the second), which the XLSX writes as numbers with a date format."""
        return (row for chunk in self.chunks(table, form=form) for row in chunk)

    def chunks(self, table: str, *, form: str = VALUES) -> Iterator[list[tuple[Any, ...]]]:
        """:meth:`rows` as lists of up to :data:`BATCH` rows (what the CSV hands to ``writerows``)."""
        if form not in (VALUES, TEXT, EXCEL):
            raise ValueError(form)
        stream: Callable[[str], Iterator[list[tuple[Any, ...]]]] = getattr(self, f"_{table}")
        return stream(form)

    def csv_lines(self, table: str) -> Iterator[tuple[bytes, int]] | None:
        """The table's CSV body as (UTF-8 of up to :data:`BATCH` lines, their number), every line
        formatted by SQLite (``kiosk.reports.csv_lines``: the same bytes as ``csv.writer`` over
        :meth:`chunks` in :data:`TEXT` form); None where that is not sure to hold (not SQLite, a
        range whose UTC offset changes, a table not done so, a float not at one decimal)."""
        begin, end = self.scope.utc_bounds()
        if self.db.engine.dialect.name != "sqlite" or constant_offset(begin, end) is None:
            return None
        query = getattr(self, f"_{table}_lines", lambda: None)()
        if query is None:
            return None
        return self._lines(query)

    def _lines(self, queries: list[Any]) -> Iterator[tuple[bytes, int]]:
        join = b"".join
        for query in queries:
            for part in self._stream(query, TEXT):
                yield join([row[0] for row in part]), len(part)

    def _board_views_lines(self) -> list[Any] | None:
        begin, end = self.scope.utc_bounds()
        in_range = self.scope.narrow(select(literal(1)).where(BoardView.opened_at >= begin, BoardView.opened_at < end),
                                     BoardView.hall_id)
        with self.db.engine.connect() as connection:
            if connection.execute(in_range.where(~one_decimal(BoardView.dwell_seconds)).limit(1)).first():
                return None
        day, at, _when = self._when(BoardView.opened_at, TEXT)
        names = self.zone_names
        return [self.scope.narrow(
            select(line((day, at, mapped_cell(BoardView.zone_id, names), mapped_cell(BoardView.board_id, names),
                         float_cell(BoardView.dwell_seconds),
                         case((BoardView.read_aloud, literal(quoted("是"))), else_=literal("")),
                         text_cell(BoardView.device_id), text_cell(BoardView.hall_id))))
            .where(BoardView.opened_at >= begin, BoardView.opened_at < end), BoardView.hall_id,
        ).order_by(BoardView.opened_at)]

    def _quiz_attempts_lines(self) -> list[Any]:
        begin, end = self.scope.utc_bounds()
        day, at, _when = self._when(QuizAttempt.finished_at, TEXT)
        return [self.scope.narrow(
            select(line((day, at, mapped_cell(QuizAttempt.mode, MODE_LABELS), text_cell(QuizAttempt.bank),
                         number_cell(QuizAttempt.score), number_cell(QuizAttempt.max_score),
                         number_cell(QuizAttempt.correct_count), number_cell(QuizAttempt.question_count),
                         text_cell(Organisation.name), text_cell(QuizAttempt.device_id),
                         text_cell(QuizAttempt.hall_id))))
            .outerjoin(Organisation, Organisation.id == attempt_organisation_id())  # a later choice wins
            .where(QuizAttempt.finished_at >= begin, QuizAttempt.finished_at < end), QuizAttempt.hall_id,
        ).order_by(QuizAttempt.finished_at)]

    def _checkins_lines(self) -> list[Any]:
        s = self.scope
        ranked = ranked_pass_checkins(s.start, s.end, s.halls)
        _day, pass_at, _when = self._when(ranked.c.recorded_at, TEXT)
        passes = (
            select(line((raw(ranked.c.local_date), pass_at, literal(quoted("预约团体")),
                         case((Organisation.name.is_(None), literal(quoted("（本库无此预约）"))),
                              else_=text_cell(Organisation.name)),
                         case((Organisation.kind.is_(None), literal(quoted(OTHER_KIND))), else_=text_cell(Organisation.kind)),
                         case((Booking.purpose.is_(None), literal(quoted(UNKNOWN_PURPOSE))),
                              else_=text_cell(Booking.purpose)),
                         number_cell(case((ranked.c.rn == 1, ranked.c.arrived), else_=0)),
                         case((ranked.c.rn > 1, literal(quoted("是"))), else_=literal("")),
                         text_cell(ranked.c.device_id), text_cell(ranked.c.hall_id))).label("line"))
            .select_from(ranked)
            .outerjoin(Booking, Booking.id == ranked.c.booking_id)
            .outerjoin(Organisation, Organisation.id == ranked.c.org_key)
        )
        _day, walk_at, _when = self._when(Checkin.recorded_at, TEXT)
        walk = (
            select(line((raw(Checkin.local_date), walk_at, mapped_cell(Checkin.visitor_kind, WALK_IN_LABELS),
                         text_cell(Organisation.name), text_cell(Organisation.kind), literal(""),
                         number_cell(Checkin.count), literal(""), text_cell(Checkin.device_id),
                         text_cell(Checkin.hall_id))).label("line"))
            .outerjoin(Organisation, Organisation.id == Checkin.organisation_id)
            .where(Checkin.kind == WALK_IN, Checkin.local_date >= s.start, Checkin.local_date <= s.end)
        )
        condition = hall_condition(Checkin.hall_id, s.halls)
        if condition is not None:
            walk = walk.where(condition)
        return [passes.order_by(ranked.c.recorded_at, ranked.c.checkin_id),  # the passes first, as the text rows
                walk.order_by(Checkin.recorded_at, Checkin.id)]

    def _stream(self, query: Any, form: str) -> Iterator[list[Any]]:
        """Lists of plain row tuples, :data:`BATCH` at a time, no ORM objects. For :data:`TEXT` on
        SQLite straight from the driver's cursor (``CursorResult.cursor``, ``fetchmany`` with its
        ``arraysize``): in that form every column is selected raw (text, numbers, 0/1 read only for
        truth), so SQLAlchemy's Row objects and result processing would add nothing but their cost.
        Otherwise (typed dates for the XLSX; PostgreSQL's server-side cursor) Core's ``yield_per``
        partitions."""
        with self.db.engine.connect() as connection:
            if form == TEXT and self.db.engine.dialect.name == "sqlite":
                result = connection.execute(query)
                cursor = result.cursor
                cursor.arraysize = BATCH
                try:
                    while part := cursor.fetchmany():
                        yield cast(list[Any], part)
                finally:
                    result.close()
                return
            for rows in connection.execution_options(yield_per=BATCH).execute(query).partitions():
                yield list(rows)

    def _when(self, column: Any, form: str) -> tuple[Any, Any, Callable[[Any], tuple[Any, Any]] | None]:
        """For a UTC instant column: (local day expression, local time expression, convert) where
        ``convert(time value) -> (day, time)`` is still to be applied per row, or None when the
        database already gave the final values. On SQLite, for text, with one UTC offset over the
        range, SQLite's own ``date()``/``datetime()`` shift and format in C (``datetime()`` drops the
        fraction, as ``isoformat(timespec="seconds")`` does)."""
        begin, end = self.scope.utc_bounds()
        dialect = self.db.engine.dialect.name
        offset = constant_offset(begin, end)
        if form != VALUES and dialect == "sqlite" and offset is not None:
            shift = f"{int(offset.total_seconds()):+d} seconds"
            if form == TEXT:
                return (type_coerce(func.date(column, shift), String), type_coerce(func.datetime(column, shift), String),
                        None)
            seconds = type_coerce(func.strftime("%s", column, shift), Integer)  # local wall clock as if UTC
            return (type_coerce(seconds // 86400 + 25569, Integer),  # the day's serial
                    type_coerce(seconds / 86400.0 + 25569.0, Float), None)
        to_local = local_time_reader(dialect, begin, end)
        stored = raw(column)
        if form == EXCEL:
            def when_excel(value: Any) -> tuple[float, float]:
                serial = (to_local(value).replace(microsecond=0) - EXCEL_EPOCH).total_seconds() / 86400
                return float(int(serial)), serial
            return stored, stored, when_excel
        if form == TEXT:
            def when_text(value: Any) -> tuple[str, str]:
                stamp = to_local(value).isoformat(" ", "seconds")
                return stamp[:10], stamp
            return stored, stored, when_text

        def when(value: Any) -> tuple[Any, Any]:
            local = to_local(value)
            return local.date(), local
        return stored, stored, when

    def _checkins(self, form: str) -> Iterator[list[tuple[Any, ...]]]:
        s = self.scope
        ranked = ranked_pass_checkins(s.start, s.end, s.halls)
        _day, at_col, when = self._when(ranked.c.recorded_at, form)
        passes = (
            select(raw(ranked.c.local_date, form == TEXT), at_col, Organisation.name, Organisation.kind,
                   Booking.purpose, case((ranked.c.rn == 1, ranked.c.arrived), else_=0), ranked.c.rn,
                   ranked.c.device_id, ranked.c.hall_id)
            .select_from(ranked)
            .outerjoin(Booking, Booking.id == ranked.c.booking_id)
            .outerjoin(Organisation, Organisation.id == ranked.c.org_key)
            .order_by(ranked.c.recorded_at, ranked.c.checkin_id)
        )
        for part in self._stream(passes, form):
            yield [(day, when(at)[1] if when else at, "预约团体", org or "（本库无此预约）", kind or OTHER_KIND,
                    purpose or UNKNOWN_PURPOSE, int(people), "是" if rn > 1 else "", device, hall)
                   for day, at, org, kind, purpose, people, rn, device, hall in part]
        _day, at_col, when = self._when(Checkin.recorded_at, form)
        walk = (
            select(raw(Checkin.local_date, form == TEXT), at_col, Checkin.visitor_kind, Organisation.name,
                   Organisation.kind, Checkin.count, Checkin.device_id, Checkin.hall_id)
            .outerjoin(Organisation, Organisation.id == Checkin.organisation_id)
            .where(Checkin.kind == WALK_IN, Checkin.local_date >= s.start, Checkin.local_date <= s.end)
            .order_by(Checkin.recorded_at, Checkin.id)
        )
        condition = hall_condition(Checkin.hall_id, s.halls)
        if condition is not None:
            walk = walk.where(condition)
        labels = WALK_IN_LABELS
        for part in self._stream(walk, form):
            yield [(day, when(at)[1] if when else at, labels.get(visitor, visitor), org or "", kind or "", "", count,
                    "", device, hall) for day, at, visitor, org, kind, count, device, hall in part]

    def _board_views(self, form: str) -> Iterator[list[tuple[Any, ...]]]:
        begin, end = self.scope.utc_bounds()
        day_col, at_col, when = self._when(BoardView.opened_at, form)
        query = self.scope.narrow(
            select(day_col, at_col, BoardView.zone_id, BoardView.board_id, BoardView.dwell_seconds,
                   BoardView.read_aloud, BoardView.device_id, BoardView.hall_id)
            .where(BoardView.opened_at >= begin, BoardView.opened_at < end), BoardView.hall_id,
        ).order_by(BoardView.opened_at)
        name = self.zone_names.get
        for part in self._stream(query, form):
            if when:
                part = [(*when(at), zone, board, dwell, aloud, device, hall)
                        for _day, at, zone, board, dwell, aloud, device, hall in part]
            yield [(day, at, name(zone, zone), name(board, board), round(dwell, 1), "是" if aloud else "", device, hall)
                   for day, at, zone, board, dwell, aloud, device, hall in part]

    def _quiz_attempts(self, form: str) -> Iterator[list[tuple[Any, ...]]]:
        begin, end = self.scope.utc_bounds()
        day_col, at_col, when = self._when(QuizAttempt.finished_at, form)
        query = self.scope.narrow(
            select(day_col, at_col, QuizAttempt.mode, QuizAttempt.bank, QuizAttempt.score,
                   QuizAttempt.max_score, QuizAttempt.correct_count, QuizAttempt.question_count, Organisation.name,
                   QuizAttempt.device_id, QuizAttempt.hall_id)
            .outerjoin(Organisation, Organisation.id == attempt_organisation_id())  # a later choice wins
            .where(QuizAttempt.finished_at >= begin, QuizAttempt.finished_at < end), QuizAttempt.hall_id,
        ).order_by(QuizAttempt.finished_at)
        label = MODE_LABELS.get
        for part in self._stream(query, form):
            if when:
                part = [(*when(at), *rest) for _day, at, *rest in part]
            yield [(day, at, label(mode, mode), bank, score, top, right, n, org or "", device, hall)
                   for day, at, mode, bank, score, top, right, n, org, device, hall in part]

    def _feedback(self, form: str) -> Iterator[list[tuple[Any, ...]]]:
        s = self.scope
        query = s.narrow(
            select(raw(Feedback.local_date, form == TEXT), Feedback.rating, Feedback.tags, Feedback.suggestion,
                   Organisation.name, Feedback.source, Feedback.device_id, Feedback.hall_id)
            .outerjoin(Organisation, Organisation.id == Feedback.organisation_id)
            .where(Feedback.local_date >= s.start, Feedback.local_date <= s.end), Feedback.hall_id,
        ).order_by(Feedback.recorded_at)
        loads = json.loads
        for part in self._stream(query, form):
            yield [(day, rating, "、".join(loads(tags)), suggestion, org or "", "现场" if source == "kiosk" else "网上",
                    device, hall) for day, rating, tags, suggestion, org, source, device, hall in part]


def raw(column: Any, text: bool = True) -> Any:
    """``column`` without its type's result conversion (when ``text``): SQLite hands back its stored
    text, PostgreSQL its driver's value. A day's stored text is already the CSV's; instants go
    through :func:`local_time_reader`. Skipping the per-row type processing is most of the speed."""
    return type_coerce(column, String) if text else column


def local_time_reader(dialect: str, begin: datetime, end: datetime) -> Callable[[Any], datetime]:
    """A function from a raw stored UTC instant to the naive hall-local time, for instants in
    [begin, end). When the hall's UTC offset is the same all through the range (always for
    Asia/Shanghai, which has had no daylight saving since 1991) it is one addition per row."""
    offset = constant_offset(begin, end)
    if dialect == "sqlite":
        parse = datetime.fromisoformat
        if offset is not None:
            fixed = offset
            return lambda stored: parse(stored) + fixed
        return lambda stored: parse(stored).replace(tzinfo=UTC).astimezone(HALL_TIMEZONE).replace(tzinfo=None)
    return lambda stored: stored.astimezone(HALL_TIMEZONE).replace(tzinfo=None)


def constant_offset(begin: datetime, end: datetime) -> timedelta | None:
    """The hall's UTC offset if it is the same every six hours from ``begin`` to ``end`` (UTC), else None."""
    first = begin.astimezone(HALL_TIMEZONE).utcoffset()
    at, step = begin, timedelta(hours=6)
    while at < end:
        at = min(at + step, end)
        if at.astimezone(HALL_TIMEZONE).utcoffset() != first:
            return None
    return first


__all__ = ["TABLES", "ExportColumn", "ExportTable", "RowSource"]
