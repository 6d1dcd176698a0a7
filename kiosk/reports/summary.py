"""The headline figures of a range in one object: what ``kiosk stats summary``, the dashboard, the
XLSX 汇总 sheet and the PDF report all print, so their numbers are the same by construction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from kiosk.reports import exhibition, quiz, visits
from kiosk.reports.activities import ActivityRow, activities
from kiosk.reports.arrival_rules import DuplicateCheckin
from kiosk.reports.feedback import FeedbackFigures, feedback_figures
from kiosk.reports.group_figures import booking_counts, duplicates, group_figures
from kiosk.reports.scope import ReportScope, range_text

SUMMARY_KEYS = ("from", "to", "halls", "organisations", "groups", "party_members", "public_visitors", "walk_ins",
                "board_views", "quiz_attempts", "contests", "feedback_count", "satisfaction_rate", "suggestions",
                "duplicates", "by_kind", "by_month", "sentence")
"""The keys ``kiosk stats summary --json`` promises (more follow them)."""


@dataclass(frozen=True)
class Summary:
    scope: ReportScope
    totals: visits.VisitTotals
    by_kind: list[visits.KindRow]
    by_month: list[visits.PeriodRow]
    by_purpose: list[visits.PurposeRow]
    activities: list[ActivityRow]
    weekdays: list[visits.BusyRow]
    hours: list[visits.BusyRow]
    bookings: int
    no_shows: int
    bookings_arrived: int
    duplicates: list[DuplicateCheckin]
    zones: list[exhibition.DwellRow]
    board_views: int
    quiz_modes: list[quiz.ModeRow]
    quiz_attempts: int
    quiz_organisations: list[quiz.OrganisationQuizRow]
    contests: int
    hardest: list[quiz.HardQuestionRow]
    feedback: FeedbackFigures

    @property
    def sentence(self) -> str:
        """The report sentence in the seeds' style."""
        t = self.totals
        text = f"{range_text(self.scope.start, self.scope.end)}，共接待基层党组织 {t.organisations} 个、{t.groups} 批次，党员 {t.party_members} 名"
        if t.public:
            text += f"、群众 {t.public} 名"
        done = [f"{a.activity} {a.batches} 批 {a.people} 人次" for a in self.activities
                if a.activity != "参观学习" and a.batches]
        if done:
            text += "；现场" + "、".join(done)
        if self.contests or self.quiz_attempts:
            text += f"；举办知识竞赛 {self.contests} 场，答题 {self.quiz_attempts} 人次"
        if self.feedback.count:
            rate = self.feedback.satisfaction_rate or 0.0
            text += f"；收到评价 {self.feedback.count} 条，群众满意率 {rate * 100:.1f}%"
        if self.feedback.suggestions:
            text += f"，收集合理化建议 {self.feedback.suggestions} 条"
        return text + "。"

    def to_json(self) -> dict[str, Any]:
        t, f = self.totals, self.feedback
        rate = f.satisfaction_rate
        return {
            "from": self.scope.start.isoformat(),
            "to": self.scope.end.isoformat(),
            "halls": self.scope.halls_json(),
            "organisations": t.organisations,
            "groups": t.groups,
            "party_members": t.party_members,
            "public_visitors": t.public,
            "walk_ins": t.walk_ins,
            "board_views": self.board_views,
            "quiz_attempts": self.quiz_attempts,
            "contests": self.contests,
            "feedback_count": f.count,
            "satisfaction_rate": None if rate is None else round(rate, 4),
            "suggestions": f.suggestions,
            "duplicates": len(self.duplicates),
            "by_kind": {k.kind: {"organisations": k.organisations, "groups": k.groups, "party_members": k.party_members}
                        for k in self.by_kind},
            "by_month": [{"month": m.label, "groups": m.groups, "party_members": m.party_members, "public": m.public}
                         for m in self.by_month],
            "sentence": self.sentence,
            "group_members": t.group_members,
            "walk_in_members": t.walk_in_members,
            "bookings": self.bookings,
            "no_shows": self.no_shows,
            "activities": [{"activity": a.activity, "batches": a.batches, "people": a.people, "source": a.source}
                           for a in self.activities],
            "by_purpose": [{"purpose": p.purpose, "groups": p.groups, "people": p.people} for p in self.by_purpose],
            "zones": [{"zone": z.zone_id, "name": z.name, "views": z.views, "readers": z.readers,
                       "read_aloud": z.read_aloud, "total_seconds": round(z.total_seconds, 1),
                       "median_seconds": None if z.median_seconds is None else round(z.median_seconds, 1)}
                      for z in self.zones],
            "quiz_modes": [{"mode": m.mode, "label": m.label, "attempts": m.attempts,
                            "average_score": m.average_score, "average_percent": m.average_percent}
                           for m in self.quiz_modes],
            "rating_distribution": {str(k): v for k, v in f.distribution.items()},
            "tags": dict(f.tags),
            "duplicate_checkins": [d.to_json() for d in self.duplicates],
        }


REPORT_WORK_MEM = "64MB"
"""PostgreSQL's ``work_mem`` for the summary's transaction (``SET LOCAL``): a district-year's groups
(140,000 rows at 100 halls) are grouped and joined by hash in memory, not spilled to disk in batches
as under the server's default 4 MB."""


def build_summary(session: Session, scope: ReportScope, zone_names: Mapping[str, str] | None = None,
                  today: date | None = None, *, detail: bool = False) -> Summary:
    """Every headline figure of ``scope``, read in one session (one consistent snapshot on PostgreSQL
    under REPEATABLE READ; on SQLite a read transaction is one snapshot in WAL mode). A booking is a
    no-show once its day is before ``today`` (all of them when ``today`` is None). ``detail`` adds what
    only the printed reports show and costs a pass over every view and answer of the range: the
    median dwell per zone and the hardest questions."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'"))
    figures = group_figures(session, scope, today)  # the groups from the rollup of revision 0014
    walk = visits.walk_in_rows(session, scope)
    days = figures.by_day(walk)
    bookings = booking_counts(session, scope, today, figures)
    purposes = figures.by_purpose()
    session.info["kiosk_purposes"] = purposes  # the booked-purposes activity source reuses them
    try:
        done = activities(session, scope)
    finally:
        session.info.pop("kiosk_purposes", None)
    modes = quiz.by_mode(session, scope)
    zones = exhibition.zone_rows(session, scope, zone_names, medians=detail)
    return Summary(
        scope=scope,
        totals=figures.totals(walk),
        by_kind=figures.by_kind(),
        by_month=visits.by_period(session, scope, "month", days),
        by_purpose=purposes,
        activities=done,
        weekdays=visits.busiest_weekdays(days),
        hours=figures.busiest_hours(),
        bookings=bookings.bookings,
        no_shows=bookings.no_shows,
        bookings_arrived=bookings.arrived,
        duplicates=duplicates(session, scope, figures),
        zones=zones,
        board_views=sum(z.views for z in zones),  # every view is in its zone's row
        quiz_modes=modes,
        quiz_attempts=sum(m.attempts for m in modes),
        quiz_organisations=quiz.by_organisation(session, scope) if detail else [],
        contests=quiz.contests_held(session, scope),
        hardest=quiz.hardest_questions(session, scope) if detail else [],
        feedback=feedback_figures(session, scope),
    )
