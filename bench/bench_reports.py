"""Benchmark: the statistics layer at the design's sizes, each figure as a ratio to the bare cost of
the same work measured in the same run.

Run: .venv/bin/python bench/bench_reports.py [--years 1 | --days N] [--db FILE] [--skip-xlsx]

``--years 10`` is the issue's scale (≈ 500,000 check-ins, ≈ 10,000,000 answers); the default is 1 year
because the machine is shared. ``--db FILE`` reuses (or keeps) a seeded SQLite file. Measured:

* seed:      ``kiosk demo seed`` for the range; bare = sqlite3 executemany of as many 12-column rows
* summary:   ``build_summary`` of the last 365 days and of the whole range; bare = ``count(*)`` over the
             same rows of every table the summary reads
* items:     the bank's item statistics (all solo modes) from the running totals: the first read after
             the seed (timed apart, once; the seed folds as it writes, so it has nothing to catch up —
             a history seeded by an older program is folded by that read), then the best of three;
             and the raw-answer path a changed key falls back to; bare = ``count(*)`` over the same
             answers joined to their attempts
* insert:    ``write_attempt`` with the fold into the running totals; bare = the same write without it
* dashboard: what the 数据统计 screen's worker reads at open (``ReportsService.dashboard`` for 今年:
             the range, 今天 and 本月, and the groups in the hall); bare = ``count(*)`` over this year's rows, twice
* csv:       ``kiosk stats export --format csv --table board_views`` for the range; bare = sqlite3 rows
             through a raw ``csv.writer``
* xlsx:      the whole XLSX export (汇总 + charts + every table), its RSS growth; bare = XlsxWriter
             constant_memory writing the same rows with ``write_row``
"""

from __future__ import annotations

import argparse
import csv
import os
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from peak_rss import PeakRss  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from kiosk.clock import FakeClock, SystemClock, hall_date, hall_day_start  # noqa: E402
from kiosk.demo.seed import BANK, seed_history  # noqa: E402
from kiosk.quizzone.sql_statistics import mode_statistics  # noqa: E402
from kiosk.quizzone.statistics import ENDS_AT_FIRST_WRONG, STATISTICS_MODES, bank_report, regraded  # noqa: E402
from kiosk.reports.service import ReportsService  # noqa: E402
from kiosk.store.facts import FactWriter  # noqa: E402
from kiosk.store.quiz_totals_models import QuizFoldedAttempt  # noqa: E402
from kiosk.visits.presence import GroupsInHall  # noqa: E402
from kiosk.reports.exporters import exporter_for  # noqa: E402
from kiosk.reports.rows import RowSource  # noqa: E402
from kiosk.reports.scope import ReportScope  # noqa: E402
from kiosk.reports.summary import build_summary  # noqa: E402
from kiosk.store.db import open_database  # noqa: E402
from kiosk.store.feedback_models import Feedback  # noqa: E402
from kiosk.store.models import BoardView  # noqa: E402
from kiosk.store.quiz_models import QuizAnswer, QuizAttempt  # noqa: E402
from kiosk.store.visits_models import Checkin  # noqa: E402

HALL, DEVICE = "bench-hall", "bench-kiosk"


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


def line(name: str, seconds: float, bare: float, note: str = "") -> None:
    print(f"{name:<28} {seconds * 1000:>10.0f} ms   bare {bare * 1000:>9.0f} ms   ratio {seconds / bare:>7.1f}  {note}")


def bare_counts(db, scope: ReportScope) -> float:  # type: ignore[no-untyped-def]
    begin, end = scope.utc_bounds()
    with db.transaction() as session:
        start = time.perf_counter()
        session.execute(select(func.count()).where(Checkin.local_date >= scope.start, Checkin.local_date <= scope.end)).one()
        session.execute(select(func.count()).where(BoardView.opened_at >= begin, BoardView.opened_at < end)).one()
        session.execute(select(func.count()).where(QuizAttempt.finished_at >= begin, QuizAttempt.finished_at < end)).one()
        session.execute(select(func.count()).where(Feedback.local_date >= scope.start, Feedback.local_date <= scope.end)).one()
        return time.perf_counter() - start




def attempt_write_cost(folder: Path) -> None:
    """What the running totals cost on insert: ``write_attempt`` (10 answers) with its fold vs without."""
    from kiosk.quizzone import records
    from quiz.session import AnswerRecord, Mode, ResultSummary

    db = open_database(f"sqlite:///{folder / 'attempts.sqlite3'}")
    clock = FakeClock(hall_day_start(date(2026, 6, 1)) + timedelta(hours=3))
    writer = FactWriter(db, HALL, DEVICE, clock)
    answers = [AnswerRecord(question_id=f"q{i}", chosen=("B",), correct=i % 2 == 0, seconds=2.0) for i in range(10)]
    result = ResultSummary(Mode.PRACTICE, 5, 10, 5, 10, (), tuple(answers))

    def write(n: int) -> float:
        t0 = time.perf_counter()
        for _ in range(n):
            records.write_attempt(writer, mode="practice", bank="b", summary=result, records=answers,
                                  organisation_id=None, card_text="", started_at=None)
            clock.advance(1)
        return (time.perf_counter() - t0) / n

    folded = write(200)
    fold, records.fold = records.fold, lambda *a, **k: None  # type: ignore[assignment]
    try:
        bare = write(200)
    finally:
        records.fold = fold
    db.close()
    line("write_attempt + fold", folded, bare, "per attempt of 10 answers; bare = the same write without the fold")


def rollup_write_cost(folder: Path) -> None:
    """What the per-day rollup triggers (revision 0013) cost on insert: one fact of each kind the rollups
    follow (board view, quiz attempt, walk-in, feedback), each in its own transaction as the kiosk writes
    them, with the triggers vs the same writes after dropping them."""
    from kiosk.reports.feedback import record_feedback

    db = open_database(f"sqlite:///{folder / 'rollups.sqlite3'}")
    clock = FakeClock(hall_day_start(date(2026, 6, 1)) + timedelta(hours=3))
    writer = FactWriter(db, HALL, DEVICE, clock)

    def write(n: int) -> float:
        t0 = time.perf_counter()
        for i in range(n):
            at = clock.now()
            writer.add(BoardView(zone_id=f"z{i % 10}", board_id="b", opened_at=at, dwell_seconds=12.0, read_aloud=False))
            writer.add(QuizAttempt(mode="practice", bank="b", score=3, max_score=5, question_count=5, correct_count=3,
                                   started_at=at, finished_at=at, card_text=""))
            writer.add(Checkin(kind="walk_in", local_date=hall_date(at), visitor_kind="public", count=2))
            record_feedback(writer, rating=5, tags=["讲解清楚"], suggestion="")
            clock.advance(60)
        return (time.perf_counter() - t0) / n

    write(20)  # warm
    with_triggers = write(300)
    with db.engine.begin() as connection:
        for (name,) in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'report_%_insert'").all():
            connection.exec_driver_sql(f"DROP TRIGGER {name}")
    bare = write(300)
    db.close()
    line("4 facts + rollup triggers", with_triggers, bare, "a view, an attempt, a walk-in, a feedback, each its own "
         "transaction; bare = the same writes without the triggers")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--days", type=int)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--skip-xlsx", action="store_true")
    parser.add_argument("--skip-items", action="store_true",
                        help="skip the item statistics (their first read folds every seeded answer: minutes at 10 M)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    path = args.db or folder / "bench.sqlite3"
    end = hall_date(SystemClock().now()) - timedelta(days=1)
    days = args.days or 365 * args.years + args.years // 4
    start = end - timedelta(days=days - 1)
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}; {start} .. {end} ({days} days); {path}")
    if os.getloadavg()[0] > (os.cpu_count() or 1):
        print(f"WARNING: the machine is loaded (load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores): "
              "read the ratios, not the milliseconds")
    fresh = not path.exists()
    db = open_database(f"sqlite:///{path}")
    if fresh:
        seconds, counts = timed(seed_history, db, start=start, end=end, hall_devices={HALL: [DEVICE, DEVICE + "-2"]})
        rows = counts.checkins + counts.board_views + counts.quiz_attempts + counts.quiz_answers + counts.feedback
        bare_db = sqlite3.connect(folder / "bare.sqlite3")
        bare_db.execute("PRAGMA journal_mode=WAL")
        bare_db.execute("PRAGMA synchronous=OFF")
        bare_db.execute("CREATE TABLE t (a TEXT, b TEXT, c TEXT, d TEXT, e INTEGER, f INTEGER, g TEXT, h TEXT,"
                        " i INTEGER, j REAL, k INTEGER, l INTEGER)")
        t0 = time.perf_counter()
        chunk = [(f"{n:032x}", "h", "d", "2026-01-01 00:00:00", n, n, "x", "[\"A\"]", 1, 1.5, 0, 1) for n in range(20000)]
        for _ in range(max(1, rows // 20000)):
            bare_db.executemany("INSERT INTO t VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", chunk)
            bare_db.commit()
        bare = time.perf_counter() - t0
        bare_db.close()
        line("seed", seconds, bare, f"{rows:,} rows ({counts.checkins:,} check-ins, {counts.quiz_answers:,} answers)")
    year = ReportScope.of(end - timedelta(days=364), end, HALL)
    everything = ReportScope.of(start, end, HALL)
    for name, scope in (("summary, last 365 days", year), (f"summary, {days} days", everything)):
        bare = min(bare_counts(db, scope) for _ in range(3))
        with db.transaction() as session:
            seconds = min(timed(build_summary, session, scope)[0] for _ in range(2))
        line(name, seconds, bare)

    if not args.skip_items:
        with db.transaction() as session:
            t0 = time.perf_counter()
            answers = session.execute(select(func.count()).select_from(QuizAnswer)
                                      .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id)
                                      .where(QuizAttempt.bank == BANK)).scalar_one()
            bare = time.perf_counter() - t0
        with db.transaction() as session:
            folded = session.execute(select(func.count()).select_from(QuizFoldedAttempt)).scalar_one()
        seconds, _report = timed(bank_report, db, BANK, {}, {})
        if folded == 0:  # a history written without folding (an older seed): the first read folds it all, once
            line("item statistics, 1st (fold)", seconds, bare, f"{answers:,} answers folded into the running totals")
        else:  # the seed folds as it writes: the first read has nothing to catch up
            line("item statistics, 1st after seed", seconds, bare, f"{folded:,} attempts folded by the seed")
        seconds = min(timed(bank_report, db, BANK, {}, {})[0] for _ in range(3))
        line("item statistics (3 modes)", seconds, bare, f"{answers:,} answers, from the running totals")
        with db.transaction() as session:
            t0 = time.perf_counter()
            for mode in STATISTICS_MODES:
                mode_statistics(session, BANK, mode, {}, regraded, ends_at_first_wrong=mode in ENDS_AT_FIRST_WRONG)
            line("item statistics, raw path", time.perf_counter() - t0, bare, "what a changed key falls back to")

    attempt_write_cost(folder)
    rollup_write_cost(folder)

    # the 数据统计 screen at open (kiosk/ui/dashboard_vm.py refresh): the chosen range (今年 by default),
    # today, this month, this year, and the groups in the hall, as its worker reads them
    clock = FakeClock(hall_day_start(end) + timedelta(hours=4))  # noon in the hall on the last seeded day
    reports = ReportsService(db, FactWriter(db, HALL, DEVICE, clock), clock)
    presence = GroupsInHall(db, clock, HALL)

    def dashboard_open() -> None:
        today = reports.today()  # the 今年 preset: the 今年 card is the same summary (ReportsService.dashboard)
        reports.dashboard(date(today.year, 1, 1), date(today.year, 12, 31))
        presence.now()

    ytd = ReportScope.of(date(end.year, 1, 1), end, HALL)
    bare = min(bare_counts(db, ytd) for _ in range(3)) * 2
    seconds = min(timed(dashboard_open)[0] for _ in range(3))
    line("dashboard open (3 summaries)", seconds, bare, "bare = count(*) over this year's rows, twice")

    source = RowSource(db, everything)
    out = folder / "views.csv"
    seconds, _ = timed(exporter_for("csv")(source).write, out, "board_views")
    raw = sqlite3.connect(path)
    begin, stop = everything.utc_bounds()
    t0 = time.perf_counter()
    with open(folder / "bare.csv", "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        n = 0
        for row in raw.execute("SELECT opened_at, zone_id, board_id, dwell_seconds, read_aloud, device_id, hall_id "
                               "FROM board_views WHERE opened_at >= ? AND opened_at < ? ORDER BY opened_at",
                               (begin.strftime("%Y-%m-%d %H:%M:%S"), stop.strftime("%Y-%m-%d %H:%M:%S"))):
            writer.writerow(row)
            n += 1
    bare = time.perf_counter() - t0
    line("csv export (board views)", seconds, bare, f"{n:,} rows, {seconds / max(n, 1) * 1e6:.2f} s per 1M rows")

    if not args.skip_xlsx:
        import xlsxwriter

        with PeakRss() as rss:
            seconds, _ = timed(exporter_for("xlsx")(source).write, folder / "all.xlsx")
        total = sum(source.count(t) for t in ("checkins", "board_views", "quiz_attempts", "feedback"))
        t0 = time.perf_counter()
        book = xlsxwriter.Workbook(str(folder / "bare.xlsx"), {"constant_memory": True})
        sheet = book.add_worksheet()
        for r, row in enumerate(raw.execute("SELECT local_date, recorded_at, kind, visitor_kind, count, device_id,"
                                            " hall_id, local_date, count, hall_id FROM checkins UNION ALL "
                                            "SELECT opened_at, opened_at, zone_id, board_id, dwell_seconds, read_aloud,"
                                            " device_id, hall_id, 0, '' FROM board_views UNION ALL "
                                            "SELECT finished_at, finished_at, mode, bank, score, max_score, correct_count,"
                                            " question_count, device_id, hall_id FROM quiz_attempts")):
            sheet.write_row(r, 0, row)
        book.close()
        bare = time.perf_counter() - t0
        line("xlsx export (everything)", seconds, bare, f"{total:,} rows, RSS growth {rss.growth_mb:.0f} MB")
    raw.close()
    db.close()
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
