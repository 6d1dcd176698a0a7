"""Building a session for each solo mode with the rules the issue gives it.

* 练习 practice: one category (or all), shuffled by the injected random, untimed by default,
  never ends by failure, the visitor may finish any time; reveal shows 解析 and 出处; a matching
  question earns points per right pair.
* 挑战答题 challenge: 30 s per question by default; the first wrong answer or timeout ends it
  (a matching question with any pair wrong is wrong); score = questions answered correctly.
* 每日答题 daily: the day's fixed set (see ``quiz.session.daily``), same for every visitor.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from quiz.clock import Clock
from quiz.model import Bank, Question
from quiz.session.daily import DEFAULT_DAILY_COUNT, daily_questions
from quiz.session.records import Mode
from quiz.session.scoring import Scoring
from quiz.session.solo import Rules, SoloSession

CHALLENGE_SECONDS = 30.0


def _shuffled(questions: Sequence[Question], rng: random.Random, limit: int | None) -> list[Question]:
    pool = list(questions)
    rng.shuffle(pool)
    return pool[:limit] if limit is not None else pool


def practice_session(
    bank: Bank,
    *,
    rng: random.Random,
    clock: Clock,
    category: str | None = None,
    limit: int | None = None,
    time_limit: float | None = None,
    scoring: Scoring | None = None,
) -> SoloSession:
    """练习: ``category`` None means the whole bank; ``limit`` caps the number of questions."""
    pool = bank.in_category(category)
    if not pool:
        raise ValueError(f"分类“{category}”中没有题目" if category is not None else "题库中没有题目")
    rules = Rules(Mode.PRACTICE, time_limit=time_limit, scoring=scoring or Scoring(), partial_credit=True)
    return SoloSession(_shuffled(pool, rng, limit), rules, clock)


def challenge_session(
    bank: Bank,
    *,
    rng: random.Random,
    clock: Clock,
    time_limit: float = CHALLENGE_SECONDS,
    category: str | None = None,
    limit: int | None = None,
    scoring: Scoring | None = None,
) -> SoloSession:
    """挑战答题: timed questions until the first miss (or the bank runs out)."""
    pool = bank.in_category(category)
    if not pool:
        raise ValueError("题库中没有题目")
    rules = Rules(Mode.CHALLENGE, time_limit=time_limit, end_on_miss=True, scoring=scoring or Scoring())
    return SoloSession(_shuffled(pool, rng, limit), rules, clock)


def daily_session(
    bank: Bank,
    day: dt.date,
    *,
    clock: Clock,
    count: int = DEFAULT_DAILY_COUNT,
    time_limit: float | None = None,
    scoring: Scoring | None = None,
) -> SoloSession:
    """每日答题: the day's set in the day's order; no injected random on purpose."""
    rules = Rules(Mode.DAILY, time_limit=time_limit, scoring=scoring or Scoring())
    return SoloSession(daily_questions(bank, day, count), rules, clock)
