"""Item statistics for a question bank, as Moodle's quiz statistics report defines them.

Input: a list of attempts, each the list of its answer records (anything with
``question_id``, ``chosen`` and ``correct``). A question scores 1 when right, else 0, and an
attempt's score is its number of right answers.

Per question (over the attempts that contain it):

* facility index: the share of right answers, in % (Moodle: mean mark / max mark × 100);
* discrimination index: Moodle's definition, the Pearson correlation between the item's score
  and the score on the *rest* of the attempt (attempt score minus this item), × 100; None when
  either has no variance;
* the distribution of chosen options (each letter of a multiple-choice answer counts once;
  fill-in texts are counted as typed, trimmed), and how many attempts left it blank;
* flags: facility ≤ 5 % (too hard / key?), ≥ 95 % (too easy), negative discrimination
  (stronger visitors get it wrong more often: likely a wrong key).

Per bank: mean and standard deviation (sample, n − 1) of attempt scores, and Cronbach's alpha
over the questions present in every attempt (None when fewer than two such questions, fewer
than two attempts, or no variance in the total).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

LOW_FACILITY = 5.0
HIGH_FACILITY = 95.0


class AnswerLike(Protocol):
    @property
    def question_id(self) -> str: ...
    @property
    def chosen(self) -> Sequence[str]: ...
    @property
    def correct(self) -> bool: ...


class ItemFlag(StrEnum):
    TOO_HARD = "too_hard"
    TOO_EASY = "too_easy"
    NEGATIVE_DISCRIMINATION = "negative_discrimination"

    @property
    def label(self) -> str:
        return {"too_hard": "太难（答对率 ≤ 5%），请检查答案", "too_easy": "太容易（答对率 ≥ 95%）",
                "negative_discrimination": "区分度为负：答案可能有误"}[self.value]


@dataclass(frozen=True, slots=True)
class ItemStatistics:
    question_id: str
    attempts: int
    correct: int
    facility: float
    discrimination: float | None
    choices: dict[str, int]
    blank: int
    flags: tuple[ItemFlag, ...]


@dataclass(frozen=True, slots=True)
class BankStatistics:
    attempts: int
    mean: float | None
    sd: float | None
    alpha: float | None
    items: tuple[ItemStatistics, ...]

    def item(self, question_id: str) -> ItemStatistics:
        return next(i for i in self.items if i.question_id == question_id)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _sample_variance(values: Sequence[float]) -> float:
    m = _mean(values)
    return sum((v - m) ** 2 for v in values) / (len(values) - 1)


def _correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 2:
        return None
    mx, my = _mean(xs), _mean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def _item_scores(attempt: Sequence[AnswerLike]) -> dict[str, int]:
    scores: dict[str, int] = {}
    for record in attempt:
        scores[record.question_id] = scores.get(record.question_id, 0) | int(bool(record.correct))
    return scores


def _alpha(per_attempt: list[dict[str, int]]) -> float | None:
    if len(per_attempt) < 2:
        return None
    common = set(per_attempt[0])
    for scores in per_attempt[1:]:
        common &= set(scores)
    k = len(common)
    if k < 2:
        return None
    items = sorted(common)
    totals = [float(sum(s[q] for q in items)) for s in per_attempt]
    total_variance = _sample_variance(totals)
    if total_variance == 0:
        return None
    item_variance = sum(_sample_variance([float(s[q]) for s in per_attempt]) for q in items)
    return (k / (k - 1)) * (1 - item_variance / total_variance)


def item_statistics(attempts: Sequence[Sequence[AnswerLike]]) -> BankStatistics:
    """Statistics of every question met in ``attempts`` (in order of first appearance)."""
    per_attempt = [_item_scores(a) for a in attempts]
    totals = [sum(s.values()) for s in per_attempt]
    order: dict[str, None] = {}
    choices: dict[str, Counter[str]] = {}
    blanks: Counter[str] = Counter()
    for attempt in attempts:
        for record in attempt:
            order.setdefault(record.question_id, None)
            counter = choices.setdefault(record.question_id, Counter())
            picked = [c.strip() for c in record.chosen if c.strip()]
            if not picked:
                blanks[record.question_id] += 1
            counter.update(dict.fromkeys(picked, 1))
    items = []
    for qid in order:
        xs: list[float] = []
        rests: list[float] = []
        for scores, total in zip(per_attempt, totals):
            if qid in scores:
                xs.append(float(scores[qid]))
                rests.append(float(total - scores[qid]))
        facility = 100.0 * _mean(xs)
        r = _correlation(xs, rests)
        discrimination = None if r is None else 100.0 * r
        flags = []
        if facility <= LOW_FACILITY:
            flags.append(ItemFlag.TOO_HARD)
        if facility >= HIGH_FACILITY:
            flags.append(ItemFlag.TOO_EASY)
        if discrimination is not None and discrimination < 0:
            flags.append(ItemFlag.NEGATIVE_DISCRIMINATION)
        items.append(ItemStatistics(qid, len(xs), int(sum(xs)), facility, discrimination,
                                    dict(sorted(choices[qid].items())), blanks[qid], tuple(flags)))
    return BankStatistics(
        attempts=len(per_attempt),
        mean=_mean([float(t) for t in totals]) if totals else None,
        sd=math.sqrt(_sample_variance([float(t) for t in totals])) if len(totals) > 1 else None,
        alpha=_alpha(per_attempt),
        items=tuple(items),
    )
