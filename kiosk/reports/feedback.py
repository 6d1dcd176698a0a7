"""Feedback: recording the 留言评价 fact, and its figures (ratings, 满意率, tags, suggestions).

满意率 (share satisfied) = ratings 4–5 ÷ all ratings. Counts, ratings, suggestions and tags are summed
from the per-day rollups that triggers keep (revision 0013: the JSON tag lists are unpacked once, at
insert); only the newest suggestions' texts are read from the facts.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.clock import hall_date
from kiosk.reports.scope import ReportScope
from kiosk.store.facts import FactWriter
from kiosk.store.feedback_models import Feedback
from kiosk.store.report_rollup_models import FeedbackDay, FeedbackTagDay

RATINGS = (1, 2, 3, 4, 5)
RATING_LABELS = {1: "很不满意", 2: "不满意", 3: "一般", 4: "满意", 5: "非常满意"}
SATISFIED_FROM = 4
TAG_MAX_CHARS = 20
SUGGESTION_MAX_CHARS = 500


class FeedbackError(ValueError):
    """Feedback that cannot be recorded (message in Chinese)."""


def record_feedback(facts: FactWriter, *, rating: int, tags: Sequence[str] = (), suggestion: str = "",
                    organisation_id: uuid.UUID | None = None, source: str = "kiosk") -> uuid.UUID:
    """Write one feedback fact (anonymous); returns its id once it is on disk."""
    if rating not in RATINGS:
        raise FeedbackError(f"满意度应为 1 到 5，不能是 {rating}。")
    clean_tags = list(dict.fromkeys(t.strip()[:TAG_MAX_CHARS] for t in tags if t.strip()))
    text = " ".join(suggestion.split())[:SUGGESTION_MAX_CHARS]
    now = facts.clock.now()
    fact = facts.add(Feedback(local_date=hall_date(now), rating=rating, tags=json.dumps(clean_tags, ensure_ascii=False),
                              suggestion=text, organisation_id=organisation_id, source=source), now)
    return fact.id


def _feedback(scope: ReportScope, *columns):  # type: ignore[no-untyped-def]
    query = select(*columns).where(Feedback.local_date >= scope.start, Feedback.local_date <= scope.end)
    return scope.narrow(query, Feedback.hall_id)


@dataclass(frozen=True)
class Suggestion:
    day: date
    rating: int
    text: str


@dataclass(frozen=True)
class FeedbackFigures:
    count: int
    distribution: dict[int, int]
    tags: list[tuple[str, int]]
    suggestions: int
    latest_suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def satisfied(self) -> int:
        return sum(n for r, n in self.distribution.items() if r >= SATISFIED_FROM)

    @property
    def satisfaction_rate(self) -> float | None:
        """Share 0..1 of ratings 4–5, None when there is no feedback."""
        return None if self.count == 0 else self.satisfied / self.count

    @property
    def average(self) -> float | None:
        return None if self.count == 0 else sum(r * n for r, n in self.distribution.items()) / self.count


def _days(scope: ReportScope, table, *columns):  # type: ignore[no-untyped-def]
    """A per-day rollup of the range (revision 0013)."""
    query = select(*columns).where(table.local_date >= scope.start, table.local_date <= scope.end)
    return scope.narrow(query, table.hall_id)


def feedback_figures(session: Session, scope: ReportScope, latest: int = 50) -> FeedbackFigures:
    """Counts, distribution, suggestions and tags from the per-day rollups; the newest suggestions'
    texts from the facts. Tags most tapped first, then by text."""
    distribution = {r: 0 for r in RATINGS}
    suggestions = 0
    for rating, n, s in session.execute(
            _days(scope, FeedbackDay, FeedbackDay.rating, func.sum(FeedbackDay.feedback),
                  func.sum(FeedbackDay.suggestions)).group_by(FeedbackDay.rating)):
        distribution[int(rating)] = int(n)
        suggestions += int(s or 0)
    tags: Counter[str] = Counter()
    for tag, n in session.execute(_days(scope, FeedbackTagDay, FeedbackTagDay.tag, func.sum(FeedbackTagDay.taps))
                                  .group_by(FeedbackTagDay.tag)):
        tags[str(tag)] = int(n)
    has_text = Feedback.suggestion != ""
    newest = session.execute(
        _feedback(scope, Feedback.local_date, Feedback.rating, Feedback.suggestion).where(has_text)
        .order_by(Feedback.recorded_at.desc()).limit(latest)
    ).all()
    return FeedbackFigures(sum(distribution.values()), distribution, sorted(tags.items(), key=lambda t: (-t[1], t[0])),
                           suggestions, [Suggestion(d, int(r), str(t)) for d, r, t in newest])


def recorded_between(session: Session, begin: datetime, end: datetime) -> int:
    """Feedback facts recorded in a UTC window (the dashboard's "today")."""
    return int(session.execute(select(func.count()).where(Feedback.recorded_at >= begin, Feedback.recorded_at < end))
               .scalar_one())
