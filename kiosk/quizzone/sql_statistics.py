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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Unpack

from sqlalchemy import Column, Integer, MetaData, Row, String, Table, case, cast, func, select, tuple_
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
    keys_table = Table(f"quiz_stat_keys_{uuid.uuid4().hex[:8]}", MetaData(), Column("qid", String, primary_key=True),
                       Column("k1", Integer), Column("k2", Integer), prefixes=["TEMPORARY"])
    connection = session.connection()
    keys_table.create(connection)
    try:
        connection.execute(keys_table.insert(), [{"qid": q, "k1": rng.getrandbits(30), "k2": rng.getrandbits(30)}
                                                 for q in sorted(choices)])
        return _aggregate(session, keys_table, where, x, choices, blanks, ends_at_first_wrong)
    finally:
        keys_table.drop(connection)


def _aggregate(session: Session, keys: Any, where: tuple[Any, ...], x: Any, choices: dict[str, Counter[str]],
               blanks: Counter[str], ends_at_first_wrong: bool) -> tuple[BankStatistics, list[SetSpan]]:
    per_attempt = (QuizAnswer.attempt_id,)
    scored = (
        select(
            QuizAnswer.attempt_id.label("attempt_id"), QuizAnswer.question_id.label("qid"),
            x.label("x"), QuizAttempt.finished_at.label("finished_at"),
            func.sum(x).over(partition_by=per_attempt).label("total"),
            func.count().over(partition_by=per_attempt).label("n"),
            func.sum(keys.c.k1).over(partition_by=per_attempt).label("s1"),
            func.sum(keys.c.k2).over(partition_by=per_attempt).label("s2"),
            func.row_number().over(partition_by=per_attempt, order_by=QuizAnswer.position).label("rn"),
        )
        .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id)
        .join(keys, keys.c.qid == QuizAnswer.question_id)
        .where(*where)
    ).subquery("scored")
    rest = scored.c.total - scored.c.x
    set_key = (scored.c.n, scored.c.s1, scored.c.s2)
    one_per_attempt = scored.c.rn == 1
    # pass 1: per question
    # qid -> (answers, Σx, Σrest, Σrest², Σx·rest, first attempt id as text)
    per_q: dict[str, tuple[int, float, float, float, float, str]] = {
        qid: (int(count), float(sx or 0), float(sr or 0), float(srr or 0), float(sxr or 0), str(first))
        for qid, count, sx, sr, srr, sxr, first in session.execute(
            select(scored.c.qid, func.count(), func.sum(scored.c.x), func.sum(rest), func.sum(rest * rest),
                   func.sum(scored.c.x * rest), func.min(cast(scored.c.attempt_id, String)))
            .group_by(scored.c.qid))
    }
    # pass 2: attempt totals
    m, total_sum, total_sq = session.execute(
        select(func.count(), func.sum(scored.c.total), func.sum(scored.c.total * scored.c.total)).where(one_per_attempt)
    ).one()
    m, total_sum, total_sq = int(m), float(total_sum or 0), float(total_sq or 0)
    set_rows: Sequence[Row[Unpack[tuple[Any, ...]]]] = []
    per_set_items: dict[tuple[Any, ...], dict[str, float]] = {}
    if not ends_at_first_wrong:
        # pass 3: question sets answered by at least two attempts
        shared = (
            select(*set_key, func.count().label("attempts"), func.sum(scored.c.total).label("t"),
                   func.sum(scored.c.total * scored.c.total).label("t2"), func.min(scored.c.finished_at).label("first"),
                   func.max(scored.c.finished_at).label("last"),
                   func.min(cast(scored.c.attempt_id, String)).label("first_attempt"))
            .where(one_per_attempt).group_by(*set_key).having(func.count() >= 2)
        )
        set_rows = session.execute(shared).all()
        if set_rows:
            # pass 4: per shared set and question, the right answers
            keyed = shared.subquery("shared_sets")
            for n, s1, s2, qid, sx in session.execute(
                select(*set_key, scored.c.qid, func.sum(scored.c.x))
                .join(keyed, (keyed.c.n == scored.c.n) & (keyed.c.s1 == scored.c.s1) & (keyed.c.s2 == scored.c.s2))
                .group_by(*set_key, scored.c.qid)
            ):
                per_set_items.setdefault((n, s1, s2), {})[qid] = float(sx or 0)
    # order of first appearance: the first attempt (UUIDv7 ids sort by time; min() over text because
    # PostgreSQL has no min(uuid)) and the position there
    firsts = {q: uuid.UUID(acc[5]) for q, acc in per_q.items()}
    positions = dict(session.execute(
        select(QuizAnswer.question_id, QuizAnswer.position)
        .where(tuple_(QuizAnswer.attempt_id, QuizAnswer.question_id).in_([(a, q) for q, a in firsts.items()]))
    ).all()) if firsts else {}
    alpha = None
    common = [q for q, acc in per_q.items() if acc[0] == m]
    if not ends_at_first_wrong and len(common) >= 2 and m >= 2:
        sub = select(scored.c.attempt_id, func.sum(scored.c.x).label("ct")).where(scored.c.qid.in_(common)) \
            .group_by(scored.c.attempt_id).subquery()
        ct, ct2 = session.execute(select(func.sum(sub.c.ct), func.sum(sub.c.ct * sub.c.ct))).one()
        alpha = _alpha(len(common), m, [per_q[q][1] for q in common], float(ct), float(ct2))
    sets = [SetRow(str(r[8]), int(r[3]), float(r[4]), float(r[5]), r[6], r[7], per_set_items.get(tuple(r[:3]), {}))
            for r in set_rows]
    return assemble(per_q, positions, choices, blanks, m, total_sum, total_sq, alpha, sets, ends_at_first_wrong)


@dataclass(frozen=True)
class SetRow:
    """A question set answered by at least two attempts: its first attempt (text), attempts, Σtotal,
    Σtotal², time span and each question's right answers."""

    first_attempt: str
    attempts: int
    total: float
    total_sq: float
    first: datetime
    last: datetime
    rights: Mapping[str, float]


def assemble(per_q: Mapping[str, tuple[int, float, float, float, float, str]], positions: Mapping[str, int],
             choices: Mapping[str, Counter[str]], blanks: Mapping[str, int], m: int, total_sum: float,
             total_sq: float, alpha: float | None, set_rows: Sequence[SetRow],
             ends_at_first_wrong: bool) -> tuple[BankStatistics, list[SetSpan]]:
    """The statistics from the sums, whether the raw answers gave them (here) or the running totals
    (``kiosk.quizzone.item_totals``): one definition, so the two paths agree."""
    items = []
    for qid, acc in sorted(per_q.items(), key=lambda kv: (kv[1][5], positions.get(kv[0], 0))):
        n, sx = acc[0], acc[1]
        facility = 100.0 * (sx / n)  # as quiz.stats computes it (100 × mean), bit for bit
        r = None if ends_at_first_wrong else _pearson(n, sx, acc[2], acc[3], acc[4])
        discrimination = None if r is None else 100.0 * r
        flags = []
        if facility <= LOW_FACILITY:
            flags.append(ItemFlag.TOO_HARD)
        if facility >= HIGH_FACILITY:
            flags.append(ItemFlag.TOO_EASY)
        if discrimination is not None and discrimination < 0:
            flags.append(ItemFlag.NEGATIVE_DISCRIMINATION)
        items.append(ItemStatistics(qid, n, int(sx), facility, discrimination, dict(sorted(choices[qid].items())),
                                    blanks.get(qid, 0), tuple(flags)))
    mean = total_sum / m if m else None
    sd = math.sqrt(max(0.0, (total_sq - total_sum ** 2 / m) / (m - 1))) if m > 1 else None
    if ends_at_first_wrong:
        return BankStatistics(m, mean, sd, None, tuple(items), (), 0, True), []

    sets, spans, start = [], [], 0
    for row in sorted(set_rows, key=lambda r: r.first_attempt):
        questions = row.rights
        sets.append(SetAlpha(tuple(sorted(questions)), tuple(range(start, start + row.attempts)),
                             _alpha(len(questions), row.attempts, list(questions.values()), row.total, row.total_sq)))
        spans.append(SetSpan(row.first, row.last))
        start += row.attempts
    unmatched = m - sum(r.attempts for r in set_rows)
    return BankStatistics(m, mean, sd, alpha, tuple(items), tuple(sets), unmatched, False), spans


__all__ = ["SetRow", "SetSpan", "assemble", "mode_statistics"]
