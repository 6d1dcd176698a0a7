"""The item statistics from running totals (``kiosk.store.quiz_totals_models``): reads a few thousand
rows however many answers there are, instead of window passes over every answer.

Folding: an attempt's answers add, per (question, chosen text, stored grade), one answer and its
``rest`` sums (rest = the attempt's other right answers), per question set its total, and per mode
the attempt count. ``write_attempt`` folds in the transaction that writes the attempt, the demo seed
after each bulk step (:func:`collect` where it makes the rows, :func:`fold_collected` where it writes
them); attempts that came another way are folded when the statistics are next read
(:func:`fold_missing`), found by comparing the mode's attempt count with the folded count (index
``ix_quiz_attempts_bank_mode``).

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
from datetime import UTC, datetime
from typing import Any, NamedTuple
from typing import cast as typed

from sqlalchemy import String, Table, Uuid, bindparam, case, cast, func, insert, literal_column, select, type_coerce, update
from sqlalchemy.orm import Session

from kiosk.quizzone.sql_statistics import SetRow, SetSpan, assemble
from kiosk.store.quiz_models import QuizAnswer, QuizAttempt
from kiosk.store.quiz_totals_models import QuizFoldedAttempt, QuizItemTotal, QuizModeTotal, QuizSetTotal
from quiz.model import Question
from quiz.stats import BankStatistics

_ITEMS, _SETS, _MODES, _FOLDED, _ANSWERS, _ATTEMPTS = (
    typed(Table, m.__table__) for m in (QuizItemTotal, QuizSetTotal, QuizModeTotal, QuizFoldedAttempt, QuizAnswer,
                                        QuizAttempt))

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
        add_attempt(d, first.bank, first.mode, str(attempt_id), first.finished_at,
                    [(r.question_id, r.chosen, r.correct, r.position) for r in rows])
    return d


def add_attempt(d: _Deltas, bank: str, mode: str, text_id: str, finished_at: datetime,
                answers: Sequence[tuple[str, str, bool, int]]) -> None:
    """Add one attempt that has answers ((question id, chosen text, stored grade, position) each) to
    ``d``; ``text_id`` is its id as ``str(uuid)``. The demo seed calls it as it makes each attempt."""
    total = 0
    for answer in answers:
        if answer[2]:
            total += 1
    mode_row = d.modes.get((bank, mode))
    if mode_row is None:
        mode_row = d.modes[(bank, mode)] = [0, 0, 0, 0]
    mode_row[0] += 1
    mode_row[1] += 1
    mode_row[2] += total
    mode_row[3] += total * total
    items = d.items
    for question_id, chosen, correct, position in answers:
        x = 1 if correct else 0
        rest = total - x
        key = (bank, mode, question_id, chosen, correct)
        item = items.get(key)
        if item is None:
            items[key] = [1, rest, rest * rest, x * rest, text_id, position]
            continue
        item[0] += 1
        item[1] += rest
        item[2] += rest * rest
        item[3] += x * rest
        if text_id < item[4]:
            item[4], item[5] = text_id, position
    rights = _count_set(d, (bank, mode, _set_key(a[0] for a in answers)), total, finished_at, text_id)
    for answer in answers:
        rights[answer[0]] = rights.get(answer[0], 0) + (1 if answer[2] else 0)


def _count_set(d: _Deltas, key: tuple[str, str, str], total: int, finished_at: Any, text_id: str) -> dict[str, int]:
    """One more attempt of the question set ``key`` (both folds): its count, score sums, first and last
    times and first attempt; returns its right answers per question, for the caller to add to."""
    entry = d.sets.get(key)
    if entry is None:
        entry = d.sets[key] = [0, 0, 0, finished_at, finished_at, text_id, {}]  # a dict pickles faster
    entry[0] += 1
    entry[1] += total
    entry[2] += total * total
    entry[3] = min(entry[3], finished_at)
    entry[4] = max(entry[4], finished_at)
    entry[5] = min(entry[5], text_id)
    rights: dict[str, int] = entry[6]
    return rights


def _text_id(raw: Any) -> str:
    """An attempt id as ``str(uuid)``, from how it is stored (32 hex digits on SQLite, uuid on PostgreSQL)."""
    if isinstance(raw, uuid.UUID):
        return str(raw)
    h = str(raw)
    if len(h) == 32:
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return h


def _apply(session: Session, d: _Deltas) -> None:
    """Merge ``d`` into the totals with Core statements (plain executemany, no ORM objects)."""
    conn = session.connection()
    modes, items, sets = _MODES, _ITEMS, _SETS
    for (bank, mode), (folded, n, t, t2) in d.modes.items():
        present = conn.execute(select(modes.c.folded).where(modes.c.bank == bank, modes.c.mode == mode)).first()
        if present is None:
            conn.execute(insert(modes).values(bank=bank, mode=mode, folded=folded, attempts=n, total_sum=t,
                                              total_sq_sum=t2))
        else:
            conn.execute(update(modes).where(modes.c.bank == bank, modes.c.mode == mode).values(
                folded=modes.c.folded + folded, attempts=modes.c.attempts + n, total_sum=modes.c.total_sum + t,
                total_sq_sum=modes.c.total_sq_sum + t2))
    by_mode: dict[tuple[str, str], list[tuple[str, str, bool]]] = {}
    for bank, mode, q, chosen, ok in d.items:
        by_mode.setdefault((bank, mode), []).append((q, chosen, ok))
    existing: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for (bank, mode), keys in by_mode.items():
        questions = sorted({k[0] for k in keys})
        for chunk in range(0, len(questions), 500):
            for r in conn.execute(select(items.c.question_id, items.c.chosen, items.c.correct, items.c.answers,
                                         items.c.rest_sum, items.c.rest_sq_sum, items.c.x_rest_sum,
                                         items.c.first_attempt, items.c.first_position)
                                  .where(items.c.bank == bank, items.c.mode == mode,
                                         items.c.question_id.in_(questions[chunk:chunk + 500]))):
                existing[(bank, mode, r[0], r[1], bool(r[2]))] = tuple(r[3:])
    new_items, changed_items = [], []
    for key, (n, rs, rss, xrs, first, position) in d.items.items():
        old = existing.get(key)
        row = {"b_bank": key[0], "b_mode": key[1], "b_question_id": key[2], "b_chosen": key[3], "b_correct": key[4]}
        if old is None:
            new_items.append({"bank": key[0], "mode": key[1], "question_id": key[2], "chosen": key[3],
                              "correct": key[4], "answers": n, "rest_sum": rs, "rest_sq_sum": rss, "x_rest_sum": xrs,
                              "first_attempt": first, "first_position": position})
            continue
        if not first < old[4]:
            first, position = old[4], old[5]
        changed_items.append({**row, "answers": old[0] + n, "rest_sum": old[1] + rs, "rest_sq_sum": old[2] + rss,
                              "x_rest_sum": old[3] + xrs, "first_attempt": first, "first_position": position})
    if changed_items:
        conn.execute(update(items).where(
            items.c.bank == bindparam("b_bank"), items.c.mode == bindparam("b_mode"),
            items.c.question_id == bindparam("b_question_id"), items.c.chosen == bindparam("b_chosen"),
            items.c.correct == bindparam("b_correct")), changed_items)
    if new_items:
        conn.execute(insert(items), new_items)
    set_by_mode: dict[tuple[str, str], list[str]] = {}
    for bank, mode, set_key in d.sets:
        set_by_mode.setdefault((bank, mode), []).append(set_key)
    known: dict[tuple[str, str, str], tuple[Any, ...]] = {}
    for (bank, mode), set_keys in set_by_mode.items():
        for chunk in range(0, len(set_keys), 5000):
            query = (select(sets.c.set_key, sets.c.attempts, sets.c.total_sum, sets.c.total_sq_sum, sets.c.first_at,
                            sets.c.last_at, sets.c.first_attempt, sets.c.item_rights)
                     .where(sets.c.bank == bank, sets.c.mode == mode, sets.c.set_key.in_(set_keys[chunk:chunk + 5000])))
            for set_row in conn.execute(query):
                known[(bank, mode, set_row[0])] = tuple(set_row[1:])
    new_sets, changed_sets = [], []
    for skey, (n, t, t2, first_at, last_at, first, rights) in d.sets.items():
        found = known.get(skey)
        if found is None:
            new_sets.append({"bank": skey[0], "mode": skey[1], "set_key": skey[2], "attempts": n, "total_sum": t,
                             "total_sq_sum": t2, "first_at": first_at, "last_at": last_at, "first_attempt": first,
                             "item_rights": json.dumps(dict(sorted(rights.items())))})
            continue
        merged = Counter(json.loads(found[6]))
        merged.update(rights)
        changed_sets.append({"b_bank": skey[0], "b_mode": skey[1], "b_set_key": skey[2], "attempts": found[0] + n,
                             "total_sum": found[1] + t, "total_sq_sum": found[2] + t2,
                             "first_at": min(found[3], first_at), "last_at": max(found[4], last_at),
                             "first_attempt": min(found[5], first), "item_rights": json.dumps(dict(sorted(merged.items())))})
    if changed_sets:
        conn.execute(update(sets).where(sets.c.bank == bindparam("b_bank"), sets.c.mode == bindparam("b_mode"),
                                        sets.c.set_key == bindparam("b_set_key")), changed_sets)
    if new_sets and conn.dialect.name == "sqlite":  # about one a new attempt: straight to the driver
        conn.exec_driver_sql(
            "INSERT INTO quiz_set_totals (bank, mode, set_key, attempts, total_sum, total_sq_sum, first_at, last_at, "
            "first_attempt, item_rights) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(r["bank"], r["mode"], r["set_key"], r["attempts"], r["total_sum"], r["total_sq_sum"],
              _sqlite_instant(r["first_at"]), _sqlite_instant(r["last_at"]), r["first_attempt"], r["item_rights"])
             for r in new_sets])
    elif new_sets:
        conn.execute(insert(sets), new_sets)


def _sqlite_instant(at: datetime) -> str:
    """What ``UTCDateTime`` stores on SQLite: naive UTC with microseconds."""
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _insert_folded(session: Session, attempt_ids: Sequence[uuid.UUID | str]) -> None:
    """The attempt ids (UUIDs or their 32 hex digits) into ``quiz_folded_attempts`` (a second fold of
    one fails on its key)."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":  # Uuid stores 32 hex digits there
        conn.exec_driver_sql("INSERT INTO quiz_folded_attempts (attempt_id) VALUES (?)",
                             [(a if isinstance(a, str) else a.hex,) for a in attempt_ids])
    else:
        conn.execute(insert(_FOLDED), [{"attempt_id": a if isinstance(a, uuid.UUID) else uuid.UUID(a)}
                                       for a in attempt_ids])


def fold(session: Session, answers: Sequence[AnswerFact], attempts: Mapping[uuid.UUID, tuple[str, str]]) -> None:
    """Add ``attempts`` (id -> (bank, mode)) with their ``answers`` to the totals, in ``session``'s
    transaction. The attempt ids go to ``quiz_folded_attempts`` first: folding one twice fails there."""
    if not attempts:
        return
    session.flush()
    _insert_folded(session, list(attempts))
    answered = {a.attempt_id for a in answers}
    _apply(session, _collect(answers, [bm for a, bm in attempts.items() if a not in answered]))
    _expire_totals(session)


FoldDeltas = _Deltas
"""What folding adds to the totals, collected apart from the session (the demo seed collects them in
its row-making process, from the rows it makes)."""


def collect(answers: Iterable[AnswerFact]) -> FoldDeltas:
    """The deltas of attempts that all have answers, as :func:`fold` computes them."""
    return _collect(answers, ())


def fold_collected(session: Session, attempt_ids: Sequence[uuid.UUID | str], deltas: FoldDeltas) -> None:
    """:func:`fold` with the deltas already collected (:func:`collect` over exactly these attempts'
    answers): the ids into ``quiz_folded_attempts`` first (a second fold fails there), then the sums."""
    if not attempt_ids:
        return
    _insert_folded(session, attempt_ids)
    _apply(session, deltas)
    _expire_totals(session)


def _expire_totals(session: Session) -> None:
    """The totals were changed by Core statements: loaded ORM copies must be read again."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, (QuizModeTotal, QuizItemTotal, QuizSetTotal)):
            session.expire(obj)


_SEP = "\x1f"  # char(31): between one attempt's answers in its aggregated row (not in a question id)


def _catch_up_deltas(session: Session, bank: str, mode: str, ids: Sequence[uuid.UUID]) -> _Deltas:
    """The deltas of the attempts ``ids`` (one bank and mode) computed mostly in SQL: the item sums are
    one GROUP BY over the answers joined to each attempt's right count; Python gets one row per attempt
    (its question ids and grades, aggregated) for what SQL cannot do portably: the set key (SHA-1 of the
    sorted ids) and the sets' right counts."""
    conn = session.connection()
    a, att = _ANSWERS, _ATTEMPTS
    pg = conn.dialect.name == "postgresql"
    x = case((a.c.correct, 1), else_=0)
    raw_attempt = type_coerce(a.c.attempt_id, String)
    text_attempt = cast(a.c.attempt_id, String) if pg else raw_attempt
    right = (select(a.c.attempt_id.label("attempt_id"), func.sum(x).label("total"))
             .where(a.c.attempt_id.in_(ids)).group_by(a.c.attempt_id).cte("attempt_rights"))
    rest = right.c.total - x
    grouped = (select(a.c.question_id, a.c.chosen, a.c.correct, func.count().label("n"), func.sum(rest).label("rs"),
                      func.sum(rest * rest).label("rss"), func.sum(x * rest).label("xrs"),
                      func.min(text_attempt).label("first"))
               .join(right, right.c.attempt_id == a.c.attempt_id)
               .group_by(a.c.question_id, a.c.chosen, a.c.correct).cte("item_groups"))
    first_raw = cast(grouped.c.first, Uuid) if pg else grouped.c.first
    at = a.alias("first_answer")
    # found by its attempt id: `|| ''` keeps SQLite from picking the question's index (every answer to it)
    at_question = at.c.question_id if pg else at.c.question_id.op("||")(literal_column("''"))
    at_first = (select(grouped.c.question_id, grouped.c.chosen, grouped.c.correct, grouped.c.n, grouped.c.rs,
                       grouped.c.rss, grouped.c.xrs, grouped.c.first, func.min(at.c.position))
                .join(at, (at.c.attempt_id == first_raw) if pg else (type_coerce(at.c.attempt_id, String) == first_raw))
                .where(at_question == grouped.c.question_id, at.c.chosen == grouped.c.chosen,
                       at.c.correct == grouped.c.correct)
                .group_by(grouped.c.question_id, grouped.c.chosen, grouped.c.correct, grouped.c.n, grouped.c.rs,
                          grouped.c.rss, grouped.c.xrs, grouped.c.first))
    d = _Deltas()
    for q, chosen, ok, n, rs, rss, xrs, first, position in conn.execute(at_first):
        d.items[(bank, mode, q, chosen, bool(ok))] = [int(n), int(rs), int(rss), int(xrs), _text_id(first),
                                                       int(position)]
    entry_text = case((a.c.correct, literal_column("'1'")), else_=literal_column("'0'")).op("||")(a.c.question_id)
    agg = func.string_agg(entry_text, func.chr(31)) if pg else func.group_concat(entry_text, func.char(31))
    per_attempt = (select(raw_attempt, att.c.finished_at, agg).join(att, att.c.id == a.c.attempt_id)
                   .where(a.c.attempt_id.in_(ids)).group_by(a.c.attempt_id, att.c.finished_at))
    mode_row = d.modes.setdefault((bank, mode), [0, 0, 0, 0])
    mode_row[0] = len(ids)
    for raw, finished_at, joined in conn.execute(per_attempt):
        entries = sorted(joined.split(_SEP), key=lambda e: e[1:])
        total = sum(1 for e in entries if e[0] == "1")
        mode_row[1] += 1
        mode_row[2] += total
        mode_row[3] += total * total
        text_id = _text_id(raw)
        key = (bank, mode, hashlib.sha1("\n".join(e[1:] for e in entries).encode()).hexdigest())
        rights = _count_set(d, key, total, finished_at, text_id)
        for e in entries:
            rights[e[1:]] = rights.get(e[1:], 0) + int(e[0])
    return d


def fold_missing(session: Session, bank: str, mode: str) -> int:
    """Fold the attempts of ``bank`` and ``mode`` not in the totals yet; returns how many."""
    total = session.execute(select(func.count()).where(QuizAttempt.bank == bank, QuizAttempt.mode == mode)).scalar_one()
    folded = session.execute(select(QuizModeTotal.folded).where(QuizModeTotal.bank == bank,
                                                                 QuizModeTotal.mode == mode)).scalar()
    if total == (folded or 0):
        return 0
    missing = [a for (a,) in session.execute(
        select(QuizAttempt.id).where(QuizAttempt.bank == bank, QuizAttempt.mode == mode,
                                     ~select(QuizFoldedAttempt.attempt_id)
                                     .where(QuizFoldedAttempt.attempt_id == QuizAttempt.id).exists())
        .order_by(QuizAttempt.id))]
    for start in range(0, len(missing), FOLD_BATCH):
        ids = missing[start:start + FOLD_BATCH]
        _insert_folded(session, ids)
        _apply(session, _catch_up_deltas(session, bank, mode, ids))
    _expire_totals(session)
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
