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

Per call (the caller passes one mode's attempts: scores of different modes are not comparable):
mean and standard deviation (sample, n − 1) of attempt scores; Cronbach's alpha over the
questions present in every attempt (None when fewer than two such questions, fewer than two
attempts, or no variance in the total); and alpha per *question set* (``sets``): attempts that
answered exactly the same questions (a day's 每日答题, say) form a set, and each set answered by
at least two attempts gets its own alpha. Alpha over the questions common to all attempts is
None as soon as two days' sets are mixed; per set it stays meaningful.

``ends_at_first_wrong`` (挑战答题: the attempt stops at the first wrong answer): the last answer
of every attempt is wrong and the run length *is* the score, so an item's correlation with the
rest of the attempt and alpha measure the stopping rule, not the question. Both are left out
(discrimination None, no negative-discrimination flag, alpha None, no sets); facility, the
choice distribution and mean/SD are still given.
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
class SetAlpha:
    """Cronbach's alpha of the attempts that answered exactly ``questions`` (sorted ids)."""

    questions: tuple[str, ...]
    attempts: tuple[int, ...]
    """Indices of those attempts in the input (the caller labels the set, e.g. by date)."""
    alpha: float | None


@dataclass(frozen=True, slots=True)
class BankStatistics:
    attempts: int
    mean: float | None
    sd: float | None
    alpha: float | None
    items: tuple[ItemStatistics, ...]
    sets: tuple[SetAlpha, ...] = ()
    """Alpha per question set answered by at least two attempts, in order of first appearance."""
    unmatched: int = 0
    """Attempts whose question set no other attempt had (in no entry of ``sets``)."""
    ends_at_first_wrong: bool = False

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


def _set_alphas(per_attempt: list[dict[str, int]]) -> tuple[tuple[SetAlpha, ...], int]:
    groups: dict[frozenset[str], list[int]] = {}
    for index, scores in enumerate(per_attempt):
        groups.setdefault(frozenset(scores), []).append(index)
    sets = tuple(SetAlpha(tuple(sorted(key)), tuple(indices), _alpha([per_attempt[i] for i in indices]))
                 for key, indices in groups.items() if len(indices) >= 2)
    return sets, sum(len(indices) for indices in groups.values() if len(indices) < 2)


def item_statistics(attempts: Sequence[Sequence[AnswerLike]], *, ends_at_first_wrong: bool = False) -> BankStatistics:
    """Statistics of every question met in ``attempts`` (in order of first appearance); pass one
    mode's attempts, with ``ends_at_first_wrong`` for 挑战答题 (see the module docstring)."""
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
        r = None if ends_at_first_wrong else _correlation(xs, rests)
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
    sets, unmatched = ((), 0) if ends_at_first_wrong else _set_alphas(per_attempt)
    return BankStatistics(
        attempts=len(per_attempt),
        mean=_mean([float(t) for t in totals]) if totals else None,
        sd=math.sqrt(_sample_variance([float(t) for t in totals])) if len(totals) > 1 else None,
        alpha=None if ends_at_first_wrong else _alpha(per_attempt),
        items=tuple(items),
        sets=sets,
        unmatched=unmatched,
        ends_at_first_wrong=ends_at_first_wrong,
    )
