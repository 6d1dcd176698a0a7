"""The per-day rollups (revision 0013) hold exactly what their facts sum to, however the facts came:
one by one (the kiosk), many rows in one statement (the hub's ``INSERT … SELECT`` ingest, where the
PostgreSQL trigger runs once per statement), a fact inserted again (ignored, not doubled); and a
database at 0012 is backfilled by the upgrade."""

from __future__ import annotations

import json
import uuid
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kiosk.clock import hall_date
from kiosk.store.db import MIGRATIONS_DIR, Database, open_database
from kiosk.store.feedback_models import Feedback
from kiosk.store.models import BoardView
from kiosk.store.quiz_models import QuizAttempt
from kiosk.store.report_rollup_models import BoardViewDay, FeedbackDay, FeedbackTagDay, QuizAttemptDay, WalkInDay
from kiosk.store.visits_models import Checkin

START = datetime(2026, 3, 31, 15, 30, tzinfo=UTC)  # 23:30 in the hall: the rows straddle a local midnight


def _stamp(hall: str, at: datetime) -> dict[str, Any]:
    return {"id": uuid.uuid4(), "hall_id": hall, "device_id": "d", "recorded_at": at, "corrects_id": None}


def _facts(n: int) -> dict[Any, list[dict[str, Any]]]:
    views, attempts, walk_ins, feedback = [], [], [], []
    for i in range(n):
        at = START + timedelta(minutes=7 * i)
        hall = ("hall-a", "hall-b")[i % 2]
        views.append({**_stamp(hall, at), "zone_id": f"z{i % 3}", "board_id": f"b{i % 5}", "opened_at": at,
                      "dwell_seconds": float(i % 17), "read_aloud": i % 4 == 0})
        attempts.append({**_stamp(hall, at), "mode": ("practice", "challenge")[i % 2], "bank": "b", "score": i % 6,
                         "max_score": 5 if i % 7 else 0, "question_count": 5, "correct_count": i % 6,
                         "started_at": at, "finished_at": at, "organisation_id": None, "card_text": ""})
        walk_ins.append({**_stamp(hall, at), "kind": "walk_in" if i % 3 else "pass", "local_date": hall_date(at),
                         "booking_id": None, "pass_id": None, "organisation_id": None,
                         "visitor_kind": ("member", "public")[i % 2], "count": 1 + i % 4, "headcount_cap": None})
        feedback.append({**_stamp(hall, at), "local_date": hall_date(at), "rating": 1 + i % 5,
                         "tags": json.dumps(["讲解清楚", "内容丰富"][: i % 3], ensure_ascii=False),
                         "suggestion": "多放映红色影片" if i % 4 == 1 else "", "organisation_id": None, "source": "kiosk"})
    return {BoardView: views, QuizAttempt: attempts, Checkin: walk_ins, Feedback: feedback}


def _expected(facts: dict[Any, list[dict[str, Any]]]) -> dict[str, dict[tuple[Any, ...], tuple[Any, ...]]]:
    out: dict[str, dict[tuple[Any, ...], list[Any]]] = defaultdict(dict)
    for v in facts[BoardView]:
        row = out["views"].setdefault((v["hall_id"], hall_date(v["opened_at"]), v["zone_id"]), [0, 0, 0, 0.0])
        row[0] += 1
        row[1] += v["dwell_seconds"] >= 10
        row[2] += v["read_aloud"]
        row[3] += v["dwell_seconds"]
    for a in facts[QuizAttempt]:
        row = out["quiz"].setdefault((a["hall_id"], hall_date(a["finished_at"]), a["mode"]), [0, 0, 0.0])
        row[0] += 1
        row[1] += a["score"]
        row[2] += a["score"] * 100.0 / (a["max_score"] or 1)
    for c in facts[Checkin]:
        if c["kind"] == "walk_in":
            row = out["walk_ins"].setdefault((c["hall_id"], c["local_date"], c["visitor_kind"]), [0])
            row[0] += c["count"]
    tags: Counter[tuple[Any, ...]] = Counter()
    for f in facts[Feedback]:
        row = out["feedback"].setdefault((f["hall_id"], f["local_date"], f["rating"]), [0, 0])
        row[0] += 1
        row[1] += f["suggestion"] != ""
        tags.update((f["hall_id"], f["local_date"], t) for t in json.loads(f["tags"]))
    out["tags"] = {k: [n] for k, n in tags.items()}
    return {name: {k: tuple(round(x, 6) for x in v) for k, v in rows.items()} for name, rows in out.items()}


def _rollups(db: Database) -> dict[str, dict[tuple[Any, ...], tuple[Any, ...]]]:
    tables = {"views": (BoardViewDay, 3), "quiz": (QuizAttemptDay, 3), "walk_ins": (WalkInDay, 3),
              "feedback": (FeedbackDay, 3), "tags": (FeedbackTagDay, 3)}
    out = {}
    with db.transaction() as session:
        for name, (model, keys) in tables.items():
            rows = session.execute(select(*model.__table__.columns)).all()
            out[name] = {tuple(r[:keys]): tuple(round(float(x), 6) for x in r[keys:]) for r in rows}
    return out


def test_rollups_sum_single_and_bulk_inserts_and_ignore_repeats(report_db: Database) -> None:
    facts = _facts(60)
    with report_db.transaction() as session:
        for model, rows in facts.items():
            for row in rows[:10]:  # one by one, as FactWriter writes
                session.execute(insert(model), [row])
            session.execute(insert(model).values(rows[10:]))  # one statement of 50 rows (the hub's ingest)
    ignore = pg_insert if report_db.engine.dialect.name == "postgresql" else sqlite_insert
    with report_db.transaction() as session:
        for model, rows in facts.items():  # the same facts pushed again (a retried sync): nothing added
            session.execute(ignore(model).values(rows[:20]).on_conflict_do_nothing())
    assert _rollups(report_db) == _expected(facts)


def test_upgrade_to_0013_backfills_the_history_and_keeps_every_fact(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_engine(url)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0012")
    facts = _facts(40)
    with Session(engine) as session, session.begin():  # the tables as 0012 left them, the same column types
        for model, rows in facts.items():
            session.execute(insert(model), rows)
    engine.dispose()
    db = open_database(url)  # migrates to head: the rollups are built from the facts already there
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM board_views")).scalar() == 40
    assert _rollups(db) == _expected(facts)
    more = _facts(5)
    with db.transaction() as session:
        for model, rows in more.items():
            session.execute(insert(model), rows)
    both = {model: facts[model] + more[model] for model in facts}
    assert _rollups(db) == _expected(both)
    db.close()


def test_a_year_is_the_sum_of_its_months_from_the_rollups(report_db: Database) -> None:
    from kiosk.reports.scope import ReportScope, month_end
    from kiosk.reports.summary import build_summary

    facts = _facts(60)
    with report_db.transaction() as session:
        for model, rows in facts.items():
            session.execute(insert(model), rows)
    with report_db.transaction() as session:
        year = build_summary(session, ReportScope.year(2026)).to_json()
        months = [build_summary(session, ReportScope.of(date(2026, m, 1), month_end(2026, m))).to_json()
                  for m in (3, 4)]
    for key in ("board_views", "quiz_attempts", "walk_ins", "feedback_count", "suggestions"):
        assert year[key] == sum(m[key] for m in months) > 0, key
    assert year["tags"] == dict(sum((Counter(m["tags"]) for m in months), Counter()))
