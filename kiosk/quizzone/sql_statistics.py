"""Item statistics aggregated in SQL (issue 8): the same figures as ``quiz.stats``, without loading
every answer into Python.

What stays in Python is small: the distinct (question, stored answer text, stored grade) triples of a
bank and mode (hundreds to a few thousand), which are regraded against the current key
(``kiosk.quizzone.statistics.regraded``) and expanded into the choice distribution. The text is read
as a JSON list of strings and counted per distinct trimmed element, so any question type that stores
its answer that way (single, multiple, fill-in, numerical, matching pairs…) is counted without code here.

Everything that scales with answers runs in the database, in passes the planner can stream:

* an answer's score ``x`` is its stored grade, flipped for the triples whose regrade differs (none
  unless a key was fixed), so the common case joins nothing;
* window sums per attempt give each answer its attempt's total and a *set key* — the count and two
  sums of per-question random 30-bit numbers — so attempts that answered the same questions share a key
  on SQLite and PostgreSQL alike without string aggregation;
* per question: n, Σx, Σrest, Σrest², Σx·rest (rest = total − x) give facility and Moodle's
  discrimination (Pearson of x and rest); per set and per question: Σx give item variances, per set
  Σtotal, Σtotal² the total variance, hence Cronbach's α per set; the questions common to every
  attempt give the overall α in one more grouped pass.

A solo attempt never asks a question twice (``quiz.session`` draws without replacement), which is what
lets ``x`` be summed per attempt directly.
"""

from __future__ import annotations

import json
import math
import random
import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, case, cast, column, func, select, tuple_, values
from sqlalchemy.orm import Session

from kiosk.store.quiz_models import QuizAnswer, QuizAttempt
from quiz.model import Question
from quiz.stats import HIGH_FACILITY, LOW_FACILITY, BankStatistics, ItemFlag, ItemStatistics, SetAlpha


@dataclass(frozen=True)
class SetSpan:
    """When a question set's attempts were made (for 每日答题 labels)."""

    first: datetime
    last: datetime


def _pearson(n: int, sx: float, sy: float, syy: float, sxy: float) -> float | None:
    if n < 2:
        return None
    sxx_c = sx - sx * sx / n  # x is 0/1: Σx² = Σx
    syy_c = syy - sy * sy / n
    sxy_c = sxy - sx * sy / n
    if sxx_c <= 1e-12 or syy_c <= 1e-12:
        return None
    return sxy_c / math.sqrt(sxx_c * syy_c)


def _alpha(k: int, m: int, item_sums: list[float], total: float, total_sq: float) -> float | None:
    if m < 2 or k < 2:
        return None
    total_var = (total_sq - total * total / m) / (m - 1)
    if total_var <= 1e-12:
        return None
    item_var = sum((sx - sx * sx / m) / (m - 1) for sx in item_sums)
    return (k / (k - 1)) * (1 - item_var / total_var)


def mode_statistics(session: Session, bank: str, mode: str, current: Mapping[str, Question],
                    regrade: Any, *, ends_at_first_wrong: bool) -> tuple[BankStatistics, list[SetSpan]]:
    """``BankStatistics`` of one bank and mode, and the time span of each of its ``sets``.

    ``regrade(question_id, chosen, stored, current) -> bool`` is the quiz zone's regrading rule.
    """
    where = (QuizAttempt.bank == bank, QuizAttempt.mode == mode)
    triples = session.execute(
        select(QuizAnswer.question_id, QuizAnswer.chosen, QuizAnswer.correct, func.count())
        .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id).where(*where)
        .group_by(QuizAnswer.question_id, QuizAnswer.chosen, QuizAnswer.correct)
    ).all()
    if not triples:
        return BankStatistics(0, None, None, None, (), (), 0, ends_at_first_wrong), []
    choices: dict[str, Counter[str]] = {}
    blanks: Counter[str] = Counter()
    flips: list[tuple[str, str, bool]] = []
    for qid, text, stored, n in triples:
        chosen = tuple(str(c) for c in json.loads(text))
        picked = [c.strip() for c in chosen if c.strip()]
        counter = choices.setdefault(qid, Counter())
        if not picked:
            blanks[qid] += n
        for element in dict.fromkeys(picked):
            counter[element] += n
        if regrade(qid, chosen, bool(stored), current) != bool(stored):
            flips.append((qid, text, bool(stored)))

    stored_x = case((QuizAnswer.correct, 1), else_=0)
    x = stored_x if not flips else case(
        (tuple_(QuizAnswer.question_id, QuizAnswer.chosen, QuizAnswer.correct).in_(flips), 1 - stored_x),
        else_=stored_x)
    rng = random.Random(f"{bank}|{mode}")  # set keys only need to differ between sets, not be secret
    keys = values(column("qid", String), column("k1", Integer), column("k2", Integer), name="qkeys").data(
        [(q, rng.getrandbits(30), rng.getrandbits(30)) for q in sorted(choices)]).cte("qkeys")
    per_attempt = (QuizAnswer.attempt_id,)
    scored = (
        select(
            QuizAnswer.attempt_id.label("attempt_id"), QuizAnswer.question_id.label("qid"),
            QuizAnswer.position.label("position"), x.label("x"), QuizAttempt.finished_at.label("finished_at"),
            func.sum(x).over(partition_by=per_attempt).label("total"),
            func.count().over(partition_by=per_attempt).label("n"),
            func.sum(keys.c.k1).over(partition_by=per_attempt).label("s1"),
            func.sum(keys.c.k2).over(partition_by=per_attempt).label("s2"),
            func.row_number().over(partition_by=per_attempt, order_by=QuizAnswer.position).label("rn"),
        )
        .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id)
        .join(keys, keys.c.qid == QuizAnswer.question_id)
        .where(*where)
    ).cte("scored")
    rest = scored.c.total - scored.c.x
    items_rows = session.execute(
        select(scored.c.qid, func.count(), func.sum(scored.c.x), func.sum(rest), func.sum(rest * rest),
               func.sum(scored.c.x * rest), func.min(cast(scored.c.attempt_id, String)))
        .group_by(scored.c.qid)
    ).all()
    attempts_n, total_sum, total_sq = session.execute(
        select(func.count(), func.sum(scored.c.total), func.sum(scored.c.total * scored.c.total)).where(scored.c.rn == 1)
    ).one()
    m = int(attempts_n)
    # order of first appearance: the first attempt (UUIDv7 ids sort by time) and position there
    firsts = {q: uuid.UUID(str(first)) for q, *_r, first in items_rows}  # min() over text: PostgreSQL has no min(uuid)
    positions = dict(session.execute(
        select(QuizAnswer.question_id, QuizAnswer.position)
        .where(tuple_(QuizAnswer.attempt_id, QuizAnswer.question_id).in_([(a, q) for q, a in firsts.items()]))
    ).all()) if firsts else {}
    items = []
    for qid, n, sx, sr, srr, sxr, _first in sorted(items_rows, key=lambda r: (r[6], positions.get(r[0], 0))):
        n, sx = int(n), float(sx or 0)
        facility = 100.0 * (sx / n)  # as quiz.stats computes it (100 × mean), bit for bit
        r = None if ends_at_first_wrong else _pearson(n, sx, float(sr or 0), float(srr or 0), float(sxr or 0))
        discrimination = None if r is None else 100.0 * r
        flags = []
        if facility <= LOW_FACILITY:
            flags.append(ItemFlag.TOO_HARD)
        if facility >= HIGH_FACILITY:
            flags.append(ItemFlag.TOO_EASY)
        if discrimination is not None and discrimination < 0:
            flags.append(ItemFlag.NEGATIVE_DISCRIMINATION)
        items.append(ItemStatistics(qid, n, int(sx), facility, discrimination, dict(sorted(choices[qid].items())),
                                    blanks[qid], tuple(flags)))
    mean = float(total_sum) / m if m else None
    sd = math.sqrt(max(0.0, (float(total_sq) - float(total_sum) ** 2 / m) / (m - 1))) if m > 1 else None
    if ends_at_first_wrong:
        return BankStatistics(m, mean, sd, None, tuple(items), (), 0, True), []

    common = [q for q, n, *_rest in items_rows if int(n) == m]
    alpha = None
    if len(common) >= 2 and m >= 2:
        sub = select(scored.c.attempt_id, func.sum(scored.c.x).label("ct")).where(scored.c.qid.in_(common)) \
            .group_by(scored.c.attempt_id).subquery()
        ct, ct2 = session.execute(select(func.sum(sub.c.ct), func.sum(sub.c.ct * sub.c.ct))).one()
        sums = {q: float(sx or 0) for q, _n, sx, *_r in items_rows}
        alpha = _alpha(len(common), m, [sums[q] for q in common], float(ct), float(ct2))

    set_key = (scored.c.n, scored.c.s1, scored.c.s2)
    set_rows = session.execute(
        select(*set_key, func.count(), func.sum(scored.c.total), func.sum(scored.c.total * scored.c.total),
               func.min(scored.c.finished_at), func.max(scored.c.finished_at), func.min(cast(scored.c.attempt_id, String)))
        .where(scored.c.rn == 1).group_by(*set_key)
    ).all()
    wanted = {tuple(r[:3]): r for r in set_rows if int(r[3]) >= 2}
    per_set_items: dict[tuple[Any, ...], dict[str, float]] = {}
    if wanted:
        for n, s1, s2, qid, sx in session.execute(
            select(*set_key, scored.c.qid, func.sum(scored.c.x)).group_by(*set_key, scored.c.qid)
        ):
            if (n, s1, s2) in wanted:
                per_set_items.setdefault((n, s1, s2), {})[qid] = float(sx or 0)
    sets, spans, start = [], [], 0
    for key, row in sorted(wanted.items(), key=lambda kv: kv[1][8]):
        count = int(row[3])
        questions = per_set_items.get(key, {})
        sets.append(SetAlpha(tuple(sorted(questions)), tuple(range(start, start + count)),
                             _alpha(len(questions), count, list(questions.values()), float(row[4]), float(row[5]))))
        spans.append(SetSpan(row[6], row[7]))
        start += count
    unmatched = sum(int(r[3]) for r in set_rows if int(r[3]) < 2)
    return BankStatistics(m, mean, sd, alpha, tuple(items), tuple(sets), unmatched, False), spans


__all__ = ["SetSpan", "mode_statistics"]
