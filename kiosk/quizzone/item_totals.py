"""The item statistics from running totals (``kiosk.store.quiz_totals_models``): reads a few thousand
rows however many answers there are, instead of window passes over every answer.

Folding: an attempt's answers add, per (question, chosen text, stored grade), one answer and its
``rest`` sums (rest = the attempt's other right answers), per question set its total, and per mode
the attempt count. ``write_attempt`` folds in the transaction that writes the attempt; attempts that
came another way are folded when the statistics are next read (:func:`fold_missing`), found by
comparing the mode's attempt count with the folded count (index ``ix_quiz_attempts_bank_mode``).

Reading: the same sums as ``kiosk.quizzone.sql_statistics`` computes from the raw answers, fed to the
same :func:`~kiosk.quizzone.sql_statistics.assemble`. Two cases are not answered from the totals and
return None (the caller falls back to the raw answers): a changed key flips some stored grade (every
``rest`` of those attempts changes), and α over the questions every attempt answered (needs per-attempt
sums; only small or fixed banks have such questions).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import String, func, insert, select, tuple_, type_coerce
from sqlalchemy.orm import Session

from kiosk.quizzone.sql_statistics import SetRow, SetSpan, assemble
from kiosk.store.quiz_models import QuizAnswer, QuizAttempt
from kiosk.store.quiz_totals_models import QuizFoldedAttempt, QuizItemTotal, QuizModeTotal, QuizSetTotal
from quiz.model import Question
from quiz.stats import BankStatistics

FOLD_BATCH = 10000
"""Attempts read and folded per step when catching up (bounded memory)."""


class AnswerFact(NamedTuple):
    """What folding needs of one answer and its attempt (a tuple: a first fold makes millions)."""

    attempt_id: uuid.UUID
    bank: str
    mode: str
    finished_at: datetime
    question_id: str
    chosen: str
    correct: bool
    position: int


@dataclass
class _Deltas:
    items: dict[tuple[str, str, str, str, bool], list[Any]] = field(default_factory=dict)
    sets: dict[tuple[str, str, str], list[Any]] = field(default_factory=dict)
    modes: dict[tuple[str, str], list[int]] = field(default_factory=dict)


def _set_key(question_ids: Iterable[str]) -> str:
    return hashlib.sha1("\n".join(sorted(question_ids)).encode()).hexdigest()


def _collect(answers: Iterable[AnswerFact], empty: Iterable[tuple[str, str]]) -> _Deltas:
    by_attempt: dict[uuid.UUID, list[AnswerFact]] = {}
    for a in answers:
        by_attempt.setdefault(a.attempt_id, []).append(a)
    d = _Deltas()
    for bank, mode in empty:  # attempts without answers: folded, not counted (as the raw path)
        d.modes.setdefault((bank, mode), [0, 0, 0, 0])[0] += 1
    for attempt_id, rows in by_attempt.items():
        first = rows[0]
        text_id = str(attempt_id)
        total = sum(1 for r in rows if r.correct)
        mode_row = d.modes.setdefault((first.bank, first.mode), [0, 0, 0, 0])
        mode_row[0] += 1
        mode_row[1] += 1
        mode_row[2] += total
        mode_row[3] += total * total
        for r in rows:
            x = 1 if r.correct else 0
            rest = total - x
            item = d.items.setdefault((r.bank, r.mode, r.question_id, r.chosen, r.correct), [0, 0, 0, 0, text_id, r.position])
            item[0] += 1
            item[1] += rest
            item[2] += rest * rest
            item[3] += x * rest
            if text_id < item[4]:
                item[4], item[5] = text_id, r.position
        key = (first.bank, first.mode, _set_key(r.question_id for r in rows))
        entry = d.sets.setdefault(key, [0, 0, 0, first.finished_at, first.finished_at, text_id, Counter()])
        entry[0] += 1
        entry[1] += total
        entry[2] += total * total
        entry[3] = min(entry[3], first.finished_at)
        entry[4] = max(entry[4], first.finished_at)
        entry[5] = min(entry[5], text_id)
        for r in rows:
            entry[6][r.question_id] += 1 if r.correct else 0
    return d


def fold(session: Session, answers: Sequence[AnswerFact], attempts: Mapping[uuid.UUID, tuple[str, str]]) -> None:
    """Add ``attempts`` (id -> (bank, mode)) with their ``answers`` to the totals, in ``session``'s
    transaction. The attempt ids go to ``quiz_folded_attempts`` first: folding one twice fails there."""
    if not attempts:
        return
    session.execute(insert(QuizFoldedAttempt), [{"attempt_id": a} for a in attempts])
    answered = {a.attempt_id for a in answers}
    d = _collect(answers, [bm for a, bm in attempts.items() if a not in answered])
    for (bank, mode), (folded, n, t, t2) in d.modes.items():
        mode_total = session.get(QuizModeTotal, (bank, mode))
        if mode_total is None:
            session.add(QuizModeTotal(bank=bank, mode=mode, folded=folded, attempts=n, total_sum=t, total_sq_sum=t2))
        else:
            mode_total.folded += folded
            mode_total.attempts += n
            mode_total.total_sum += t
            mode_total.total_sq_sum += t2
    keys = list(d.items)
    existing: dict[tuple[Any, ...], QuizItemTotal] = {}
    for chunk in range(0, len(keys), 500):
        for item_row in session.scalars(select(QuizItemTotal).where(
                tuple_(QuizItemTotal.bank, QuizItemTotal.mode, QuizItemTotal.question_id, QuizItemTotal.chosen,
                       QuizItemTotal.correct).in_(keys[chunk:chunk + 500]))):
            existing[(item_row.bank, item_row.mode, item_row.question_id, item_row.chosen,
                      bool(item_row.correct))] = item_row
    new_items = []
    for key, (n, rs, rss, xrs, first, position) in d.items.items():
        item = existing.get(key)
        if item is None:
            new_items.append({"bank": key[0], "mode": key[1], "question_id": key[2], "chosen": key[3],
                              "correct": key[4], "answers": n, "rest_sum": rs, "rest_sq_sum": rss, "x_rest_sum": xrs,
                              "first_attempt": first, "first_position": position})
            continue
        item.answers += n
        item.rest_sum += rs
        item.rest_sq_sum += rss
        item.x_rest_sum += xrs
        if first < item.first_attempt:
            item.first_attempt, item.first_position = first, position
    set_keys = list(d.sets)
    known: dict[tuple[str, str, str], QuizSetTotal] = {}
    for chunk in range(0, len(set_keys), 500):
        for set_row in session.scalars(select(QuizSetTotal).where(
                tuple_(QuizSetTotal.bank, QuizSetTotal.mode, QuizSetTotal.set_key).in_(set_keys[chunk:chunk + 500]))):
            known[(set_row.bank, set_row.mode, set_row.set_key)] = set_row
    new_sets = []
    for skey, (n, t, t2, first_at, last_at, first, rights) in d.sets.items():
        found = known.get(skey)
        if found is None:
            new_sets.append({"bank": skey[0], "mode": skey[1], "set_key": skey[2], "attempts": n, "total_sum": t,
                             "total_sq_sum": t2, "first_at": first_at, "last_at": last_at, "first_attempt": first,
                             "item_rights": json.dumps(dict(sorted(rights.items())))})
            continue
        merged = Counter(json.loads(found.item_rights))
        merged.update(rights)
        found.attempts += n
        found.total_sum += t
        found.total_sq_sum += t2
        found.first_at, found.last_at = min(found.first_at, first_at), max(found.last_at, last_at)
        found.first_attempt = min(found.first_attempt, first)
        found.item_rights = json.dumps(dict(sorted(merged.items())))
    session.flush()
    if new_items:  # plain executemany: a first fold of a seeded history makes ~100,000 set rows
        session.execute(insert(QuizItemTotal), new_items)
    if new_sets:
        session.execute(insert(QuizSetTotal), new_sets)


def _raw_id(attempt_id: uuid.UUID) -> str:
    """The id as SQLAlchemy's ``Uuid`` stores it where there is no uuid type (32 hex digits)."""
    return attempt_id.hex


def fold_missing(session: Session, bank: str, mode: str) -> int:
    """Fold the attempts of ``bank`` and ``mode`` not in the totals yet; returns how many."""
    total = session.execute(select(func.count()).where(QuizAttempt.bank == bank, QuizAttempt.mode == mode)).scalar_one()
    row = session.get(QuizModeTotal, (bank, mode))
    if total == (row.folded if row is not None else 0):
        return 0
    missing = [a for (a,) in session.execute(
        select(QuizAttempt.id).where(QuizAttempt.bank == bank, QuizAttempt.mode == mode,
                                     ~select(QuizFoldedAttempt.attempt_id)
                                     .where(QuizFoldedAttempt.attempt_id == QuizAttempt.id).exists())
        .order_by(QuizAttempt.id))]
    for start in range(0, len(missing), FOLD_BATCH):
        ids = missing[start:start + FOLD_BATCH]
        when = dict(session.execute(select(QuizAttempt.id, QuizAttempt.finished_at).where(QuizAttempt.id.in_(ids))).all())
        by_text = {_raw_id(a): a for a in ids}
        # the attempt id as stored (hex text on SQLite, uuid on PostgreSQL): one UUID per attempt, not per answer
        raw_id = type_coerce(QuizAnswer.attempt_id, String)
        facts = []
        for a, q, c, ok, p in session.connection().execute(
                select(raw_id, QuizAnswer.question_id, QuizAnswer.chosen, QuizAnswer.correct, QuizAnswer.position)
                .where(QuizAnswer.attempt_id.in_(ids))):
            attempt_id = a if isinstance(a, uuid.UUID) else by_text[a]
            facts.append(AnswerFact(attempt_id, bank, mode, when[attempt_id], q, c, bool(ok), p))
        fold(session, facts, {a: (bank, mode) for a in ids})
    return len(missing)


def totals_statistics(session: Session, bank: str, mode: str, current: Mapping[str, Question], regrade: Any, *,
                      ends_at_first_wrong: bool) -> tuple[BankStatistics, list[SetSpan]] | None:
    """The statistics of one bank and mode from the totals (folding what is missing first), or None
    when they cannot answer (see the module's docstring)."""
    fold_missing(session, bank, mode)
    triples = session.execute(
        select(QuizItemTotal.question_id, QuizItemTotal.chosen, QuizItemTotal.correct, QuizItemTotal.answers,
               QuizItemTotal.rest_sum, QuizItemTotal.rest_sq_sum, QuizItemTotal.x_rest_sum,
               QuizItemTotal.first_attempt, QuizItemTotal.first_position)
        .where(QuizItemTotal.bank == bank, QuizItemTotal.mode == mode)
    ).all()
    if not triples:
        return BankStatistics(0, None, None, None, (), (), 0, ends_at_first_wrong), []
    choices: dict[str, Counter[str]] = {}
    blanks: Counter[str] = Counter()
    sums: dict[str, list[Any]] = {}
    positions: dict[str, int] = {}
    for qid, text, stored, n, rs, rss, xrs, first, position in triples:
        chosen = tuple(str(c) for c in json.loads(text))
        if regrade(qid, chosen, bool(stored), current) != bool(stored):
            return None
        picked = [c.strip() for c in chosen if c.strip()]
        counter = choices.setdefault(qid, Counter())
        if not picked:
            blanks[qid] += n
        for element in dict.fromkeys(picked):
            counter[element] += n
        acc = sums.setdefault(qid, [0, 0, 0, 0, 0, first])
        acc[0] += n
        acc[1] += n if stored else 0
        acc[2] += rs
        acc[3] += rss
        acc[4] += xrs
        if first <= acc[5]:
            acc[5] = first
            positions[qid] = position
    mode_row = session.get(QuizModeTotal, (bank, mode))
    assert mode_row is not None  # there are item totals, so there is a mode row
    m = int(mode_row.attempts)
    if not ends_at_first_wrong and m >= 2 and sum(1 for acc in sums.values() if acc[0] == m) >= 2:
        return None
    per_q = {q: (int(a[0]), float(a[1]), float(a[2]), float(a[3]), float(a[4]), str(a[5])) for q, a in sums.items()}
    sets: list[SetRow] = []
    if not ends_at_first_wrong:
        sets = [SetRow(r.first_attempt, int(r.attempts), float(r.total_sum), float(r.total_sq_sum), r.first_at,
                       r.last_at, {q: float(v) for q, v in sorted(json.loads(r.item_rights).items())})
                for r in session.scalars(select(QuizSetTotal).where(
                    QuizSetTotal.bank == bank, QuizSetTotal.mode == mode, QuizSetTotal.attempts >= 2))]
    return assemble(per_q, positions, choices, blanks, m, float(mode_row.total_sum), float(mode_row.total_sq_sum),
                    None, sets, ends_at_first_wrong)


__all__ = ["AnswerFact", "fold", "fold_missing", "totals_statistics"]
