"""Benchmark: the demo seed and the CSV / XLSX exports, each as a ratio to a bare reference doing the
same work measured in the same run (so the figure means something on a loaded, shared machine).

Run: .venv/bin/python bench/bench_exports.py [--years N | --days N] [--db FILE] [--skip-xlsx] [--no-fold]

* seed: ``seed_history`` for the range (one hall, like ``kiosk demo seed --years N``);
  bare = sqlite3 ``executemany`` of the very same rows (read back from the seeded file, untimed) into
  tables of the same columns with no index and no trigger, in transactions of the same size.
  Also CPU seconds (this process and the seed's row-making child; the bare's own), which a loaded,
  shared machine inflates far less than the wall clock.
* csv:  ``kiosk stats export --format csv --table T`` over the whole range for the three big tables;
  bare = the same columns through sqlite3 into a raw ``csv.writer.writerows`` (no local time, no labels),
  run once untimed first so that both read a warm page cache; and a lower floor, the same rows only
  fetched (nothing written).
* xlsx: the whole workbook (汇总 + charts + every table) of the newest 365 days (the design's size:
  one hall, one year ≈ 50,000 check-ins, 125,000 board views, 100,000 attempts), its peak RSS growth;
  bare = XlsxWriter constant_memory ``write_row`` of the same tables' raw rows.

The issue's goals: 10-year seed ≤ 3 min, CSV 1,000,000 rows ≤ 5 s, XLSX ≤ 60 s with RSS growth ≤ 100 MB.

Figures (``--years 10 --skip-xlsx``, 12.5 M rows, 2 shared cores; docs/architecture.md has the
story): seed 396 s / 7.2× before, 332–368 s with the rollups batched and the rows made in a child
(``--no-fold``, CPU 332 s / 9.4×), 471 s (CPU 429 s / 12.6×) folding the quiz totals as it writes (the
default); with the non-unique indexes dropped and rebuilt once, the fold collected per attempt and
merged through the driver: 213 s, CPU 231 s / 8.7× (load 1.9–2.5; the goal not quite met). CSV,
every line made by SQLite: 1.24 M board views 5.2–7.4 → 2.9–3.2 s per 1 M rows (1.37–1.97× →
0.95–1.22× the bare writer; the fetch alone 1.25–1.9 s per 1 M), 974,862 quiz attempts 4.9–6.5 →
3.3–3.8 s per 1 M (1.45–1.58× → 0.89–0.97×), 487,556 check-ins 3.6–4.8 → 4.0–4.2 s per 1 M
(1.30–1.34× → 1.10–1.22×); load 1.6–2.3.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from peak_rss import PeakRss  # noqa: E402

from kiosk.clock import SystemClock, hall_date  # noqa: E402
from kiosk.demo.seed import COLUMNS, FLUSH_ROWS, seed_history  # noqa: E402
from kiosk.reports.exporters import exporter_for  # noqa: E402
from kiosk.reports.rows import RowSource  # noqa: E402
from kiosk.reports.scope import ReportScope  # noqa: E402
from kiosk.store.db import open_database  # noqa: E402

HALL, DEVICE = "bench-hall", "bench-kiosk"
RAW = {  # the bare references' columns: what the export reads, untouched
    "board_views": "opened_at, zone_id, board_id, dwell_seconds, read_aloud, device_id, hall_id FROM board_views "
                   "ORDER BY opened_at",
    "quiz_attempts": "finished_at, finished_at, mode, bank, score, max_score, correct_count, question_count, "
                     "organisation_id, device_id, hall_id FROM quiz_attempts ORDER BY finished_at",
    "checkins": "local_date, recorded_at, kind, visitor_kind, organisation_id, booking_id, count, headcount_cap, "
                "device_id, hall_id FROM checkins ORDER BY recorded_at, id",
    "feedback": "local_date, rating, tags, suggestion, organisation_id, source, device_id, hall_id FROM feedback "
                "ORDER BY recorded_at",
}


def load_note() -> str:
    one, five, _ = os.getloadavg()
    cores = os.cpu_count() or 1
    warn = f"   WARNING: load {one:.1f} on {cores} cores, absolute times are inflated; quote the ratios" \
        if one > cores else ""
    return f"load average {one:.2f} (5 min {five:.2f}){warn}"


def line(name: str, seconds: float, bare: float, note: str = "") -> None:
    print(f"{name:<30} {seconds:>8.2f} s   bare {bare:>7.2f} s   ratio {seconds / bare:>5.2f}  {note}", flush=True)




def cpu_seconds() -> float:
    """CPU time of this process and its waited-for children (the seed's row-making child)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bare_seed(path: Path, folder: Path) -> tuple[float, int, float]:
    """executemany of the seeded rows into index-free, trigger-free tables; only the inserts are timed
    (wall seconds, rows, CPU seconds)."""
    source = sqlite3.connect(path)
    bare = sqlite3.connect(folder / "bare-seed.sqlite3", isolation_level=None)
    bare.execute("PRAGMA journal_mode=WAL")
    bare.execute("PRAGMA synchronous=OFF")
    seconds, rows, cpu = 0.0, 0, 0.0
    for table, columns in COLUMNS.items():
        names = ", ".join(columns)
        bare.execute(f"CREATE TABLE {table.name} ({names})")
        sql = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))})"
        cursor = source.execute(f"SELECT {names} FROM {table.name} ORDER BY rowid")
        while chunk := cursor.fetchmany(FLUSH_ROWS):
            t0, c0 = time.perf_counter(), time.process_time()
            bare.execute("BEGIN")
            bare.executemany(sql, chunk)
            bare.execute("COMMIT")
            seconds += time.perf_counter() - t0
            cpu += time.process_time() - c0
            rows += len(chunk)
    source.close()
    bare.close()
    return seconds, rows, cpu


def bare_csv(path: Path, out: Path, table: str) -> tuple[float, int]:
    raw = sqlite3.connect(path)
    t0 = time.perf_counter()
    n = 0
    with open(out, "w", encoding="utf-8", newline="", buffering=1 << 20) as handle:
        handle.write("\ufeff")
        writer = csv.writer(handle)
        cursor = raw.execute(f"SELECT {RAW[table]}")
        while chunk := cursor.fetchmany(20_000):
            writer.writerows(chunk)
            n += len(chunk)
    seconds = time.perf_counter() - t0
    raw.close()
    return seconds, n


def bare_fetch(path: Path, table: str) -> tuple[float, int]:
    """A lower floor than the bare writer: the same rows only fetched through sqlite3, nothing written."""
    raw = sqlite3.connect(path)
    t0 = time.perf_counter()
    n = 0
    cursor = raw.execute(f"SELECT {RAW[table]}")
    while chunk := cursor.fetchmany(20_000):
        n += len(chunk)
    seconds = time.perf_counter() - t0
    raw.close()
    return seconds, n


def bare_xlsx(path: Path, out: Path, scope: ReportScope) -> tuple[float, int]:
    import xlsxwriter

    begin, end = (t.strftime("%Y-%m-%d %H:%M:%S") for t in scope.utc_bounds())
    raw = sqlite3.connect(path)
    t0 = time.perf_counter()
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    n = 0
    for table, query in RAW.items():
        sheet = book.add_worksheet(table)
        select, order = query.split(" ORDER BY ")
        stamp = "local_date" if table in ("checkins", "feedback") else select.split(",")[0]
        start, stop = (scope.start.isoformat(), (scope.end + timedelta(days=1)).isoformat()) \
            if stamp == "local_date" else (begin, end)
        for r, row in enumerate(raw.execute(f"SELECT {select} WHERE {stamp} >= ? AND {stamp} < ? ORDER BY {order}",
                                            (start, stop)), start=1):
            sheet.write_row(r, 0, row)
            n += 1
    book.close()
    seconds = time.perf_counter() - t0
    raw.close()
    return seconds, n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--days", type=int)
    parser.add_argument("--db", type=Path, help="a seeded SQLite file to reuse (seeded here if missing)")
    parser.add_argument("--skip-xlsx", action="store_true")
    parser.add_argument("--no-fold", action="store_true", help="seed without folding the quiz totals (--no-fold)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-exports-"))
    path = args.db or folder / "bench.sqlite3"
    end = hall_date(SystemClock().now()) - timedelta(days=1)
    days = args.days or 365 * args.years + args.years // 4
    start = end - timedelta(days=days - 1)
    print(f"{start} .. {end} ({days} days); {path}; {load_note()}", flush=True)
    fresh = not path.exists()
    db = open_database(f"sqlite:///{path}")
    if fresh:
        t0, c0 = time.perf_counter(), cpu_seconds()
        counts = seed_history(db, start=start, end=end, hall_devices={HALL: [DEVICE, DEVICE + "-2"]},
                              fold=not args.no_fold)
        seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
        note = load_note()
        bare, rows, bare_cpu = bare_seed(path, folder)
        line("seed", seconds, bare, f"{rows:,} rows ({counts.checkins:,} check-ins, {counts.quiz_answers:,} answers),"
                                    f" {seconds / rows * 1e6:.1f} s per 1M rows; {note}")
        line("seed, CPU seconds", cpu, bare_cpu, "this process + the row-making child; bare: its inserts")

    everything = ReportScope.of(start, end, HALL)
    source = RowSource(db, everything)
    for table in ("board_views", "quiz_attempts", "checkins"):
        bare_csv(path, folder / f"bare-{table}.csv", table)  # warms the page cache for both (untimed)
        t0 = time.perf_counter()
        exporter_for("csv")(source).write(folder / f"{table}.csv", table)
        seconds = time.perf_counter() - t0
        bare, n = bare_csv(path, folder / f"bare-{table}.csv", table)
        fetch, _n = bare_fetch(path, table)
        line(f"csv {table}", seconds, bare, f"{n:,} rows, {seconds / max(n, 1) * 1e6:.2f} s per 1M rows (bare writer "
                                           f"{bare / max(n, 1) * 1e6:.2f}; fetch alone {fetch:.2f} s, "
                                           f"{fetch / max(n, 1) * 1e6:.2f} per 1M: ratio {seconds / fetch:.2f}); "
                                           f"{load_note()}")

    if not args.skip_xlsx:
        year = ReportScope.of(end - timedelta(days=364), end, HALL)
        source = RowSource(db, year)
        with PeakRss() as rss:
            t0 = time.perf_counter()
            exporter_for("xlsx")(source).write(folder / "year.xlsx")
            seconds = time.perf_counter() - t0
        bare, n = bare_xlsx(path, folder / "bare.xlsx", year)
        line("xlsx, newest 365 days", seconds, bare, f"{n:,} rows, RSS growth {rss.growth_mb:.0f} MB; {load_note()}")
    db.close()
    print(f"after: {load_note()}; files in {folder}")


if __name__ == "__main__":
    main()
