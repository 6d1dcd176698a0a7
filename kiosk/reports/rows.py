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
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select

from kiosk.clock import HALL_TIMEZONE
from kiosk.quizzone.attempt_groups import attempt_organisation_id
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


def local_time(instant: datetime) -> datetime:
    """A UTC instant as the naive hall-local time a spreadsheet shows."""
    return instant.astimezone(HALL_TIMEZONE).replace(tzinfo=None)


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

    def rows(self, table: str) -> Iterator[tuple[Any, ...]]:
        stream: Callable[[], Iterator[tuple[Any, ...]]] = getattr(self, f"_{table}")
        return stream()

    def _stream(self, query: Any) -> Iterator[Any]:
        with self.db.transaction() as session:
            yield from session.execute(query.execution_options(yield_per=BATCH))

    def _checkins(self) -> Iterator[tuple[Any, ...]]:
        s = self.scope
        ranked = ranked_pass_checkins(s.start, s.end, s.halls)
        passes = (
            select(ranked.c.local_date, ranked.c.recorded_at, Organisation.name, Organisation.kind, Booking.purpose,
                   case((ranked.c.rn == 1, ranked.c.arrived), else_=0), ranked.c.rn, ranked.c.device_id,
                   ranked.c.hall_id)
            .select_from(ranked)
            .outerjoin(Booking, Booking.id == ranked.c.booking_id)
            .outerjoin(Organisation, Organisation.id == ranked.c.org_key)
            .order_by(ranked.c.recorded_at, ranked.c.checkin_id)
        )
        for day, at, org, kind, purpose, people, rn, device, hall in self._stream(passes):
            yield (day, local_time(at), "预约团体", org or "（本库无此预约）", kind or OTHER_KIND,
                   purpose or UNKNOWN_PURPOSE, int(people), "是" if rn > 1 else "", device, hall)
        walk = (
            select(Checkin.local_date, Checkin.recorded_at, Checkin.visitor_kind, Organisation.name, Organisation.kind,
                   Checkin.count, Checkin.device_id, Checkin.hall_id)
            .outerjoin(Organisation, Organisation.id == Checkin.organisation_id)
            .where(Checkin.kind == WALK_IN, Checkin.local_date >= s.start, Checkin.local_date <= s.end)
            .order_by(Checkin.recorded_at, Checkin.id)
        )
        condition = hall_condition(Checkin.hall_id, s.halls)
        if condition is not None:
            walk = walk.where(condition)
        for day, at, visitor, org, kind, count, device, hall in self._stream(walk):
            yield (day, local_time(at), WALK_IN_LABELS.get(visitor, visitor), org or "", kind or "", "",
                   int(count), "", device, hall)

    def _board_views(self) -> Iterator[tuple[Any, ...]]:
        begin, end = self.scope.utc_bounds()
        query = self.scope.narrow(
            select(BoardView.opened_at, BoardView.zone_id, BoardView.board_id, BoardView.dwell_seconds,
                   BoardView.read_aloud, BoardView.device_id, BoardView.hall_id)
            .where(BoardView.opened_at >= begin, BoardView.opened_at < end), BoardView.hall_id,
        ).order_by(BoardView.opened_at)
        names = self.zone_names
        for at, zone, board, dwell, aloud, device, hall in self._stream(query):
            local = local_time(at)
            yield (local.date(), local, names.get(zone, zone), names.get(board, board), round(float(dwell), 1),
                   "是" if aloud else "", device, hall)

    def _quiz_attempts(self) -> Iterator[tuple[Any, ...]]:
        begin, end = self.scope.utc_bounds()
        query = self.scope.narrow(
            select(QuizAttempt.finished_at, QuizAttempt.mode, QuizAttempt.bank, QuizAttempt.score,
                   QuizAttempt.max_score, QuizAttempt.correct_count, QuizAttempt.question_count, Organisation.name,
                   QuizAttempt.device_id, QuizAttempt.hall_id)
            .outerjoin(Organisation, Organisation.id == attempt_organisation_id())  # a later choice wins
            .where(QuizAttempt.finished_at >= begin, QuizAttempt.finished_at < end), QuizAttempt.hall_id,
        ).order_by(QuizAttempt.finished_at)
        for at, mode, bank, score, top, right, n, org, device, hall in self._stream(query):
            local = local_time(at)
            yield (local.date(), local, MODE_LABELS.get(mode, mode), bank, int(score), int(top), int(right), int(n),
                   org or "", device, hall)

    def _feedback(self) -> Iterator[tuple[Any, ...]]:
        s = self.scope
        query = s.narrow(
            select(Feedback.local_date, Feedback.rating, Feedback.tags, Feedback.suggestion, Organisation.name,
                   Feedback.source, Feedback.device_id, Feedback.hall_id)
            .outerjoin(Organisation, Organisation.id == Feedback.organisation_id)
            .where(Feedback.local_date >= s.start, Feedback.local_date <= s.end), Feedback.hall_id,
        ).order_by(Feedback.recorded_at)
        for day, rating, tags, text, org, source, device, hall in self._stream(query):
            yield (day, int(rating), "、".join(json.loads(tags)), text, org or "", "现场" if source == "kiosk" else "网上",
                   device, hall)


__all__ = ["TABLES", "ExportColumn", "ExportTable", "RowSource"]
