"""Feedback: recording the 留言评价 fact, and its figures (ratings, 满意率, tags, suggestions).

满意率 (share satisfied) = ratings 4–5 ÷ all ratings. Tags are counted in Python from the stored JSON
lists (feedback rows are few: hundreds a month), everything else in SQL.
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


def feedback_figures(session: Session, scope: ReportScope, latest: int = 50) -> FeedbackFigures:
    distribution = {r: 0 for r in RATINGS}
    for rating, n in session.execute(_feedback(scope, Feedback.rating, func.count()).group_by(Feedback.rating)):
        distribution[int(rating)] = int(n)
    tags: Counter[str] = Counter()
    for (text,) in session.execute(_feedback(scope, Feedback.tags).where(Feedback.tags != "[]")):
        tags.update(json.loads(text))
    has_text = Feedback.suggestion != ""
    suggestions = int(session.execute(_feedback(scope, func.count()).where(has_text)).scalar_one())
    newest = session.execute(
        _feedback(scope, Feedback.local_date, Feedback.rating, Feedback.suggestion).where(has_text)
        .order_by(Feedback.recorded_at.desc()).limit(latest)
    ).all()
    return FeedbackFigures(sum(distribution.values()), distribution, tags.most_common(),
                           suggestions, [Suggestion(d, int(r), str(t)) for d, r, t in newest])


def recorded_between(session: Session, begin: datetime, end: datetime) -> int:
    """Feedback facts recorded in a UTC window (the dashboard's "today")."""
    return int(session.execute(select(func.count()).where(Feedback.recorded_at >= begin, Feedback.recorded_at < end))
               .scalar_one())
