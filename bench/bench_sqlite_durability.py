"""What SQLite's durability settings cost per acknowledged write, on this machine's disk.

A kiosk fact (a check-in answered on screen, a quiz result shown) is one small committed INSERT.
Each setting writes ``--writes`` of them, one transaction each, into a fresh file in ``--dir``
(default: a temp dir; give the kiosk's data disk to measure that disk). Figures are per write
and as a ratio to the bare reference WAL + synchronous=NORMAL, measured in the same run.

- WAL + NORMAL: survives a process crash, not a power cut (the last commits may be lost).
- WAL + FULL: the WAL is fsynced at every commit: an acknowledged commit survives a power cut.
- WAL + EXTRA: FULL plus an fsync of the directory (matters only when the WAL file is created).
- DELETE + FULL: the rollback journal, for comparison.

Usage: .venv/bin/python bench/bench_sqlite_durability.py [--writes 300] [--dir PATH]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path

SETTINGS = [("wal", "NORMAL"), ("wal", "FULL"), ("wal", "EXTRA"), ("delete", "FULL")]


def measure(folder: Path, journal: str, sync: str, writes: int) -> list[float]:
    path = folder / f"bench-{journal}-{sync}.sqlite3"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA journal_mode={journal}")
    conn.execute(f"PRAGMA synchronous={sync}")
    conn.execute("CREATE TABLE facts (id TEXT PRIMARY KEY, hall TEXT, device TEXT, at TEXT, body TEXT)")
    times = []
    for n in range(writes):
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("INSERT INTO facts VALUES (?, 'hall', 'device', '2026-12-01T09:00:00+00:00', ?)",
                     (str(uuid.uuid4()), "x" * 200))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    conn.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--dir", type=Path)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="sqlite-durability-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = {}
    for journal, sync in SETTINGS * 2:  # twice, interleaved; the second round is reported
        results[(journal, sync)] = measure(folder, journal, sync, args.writes)
    reference = statistics.median(results[("wal", "NORMAL")])
    print(f"{args.writes} single-row commits per setting in {folder}; load average {os.getloadavg()[0]:.2f}")
    print(f"{'setting':<16}{'median µs':>12}{'p95 µs':>10}{'× WAL+NORMAL':>15}")
    for journal, sync in SETTINGS:
        times = sorted(results[(journal, sync)])
        median = statistics.median(times)
        p95 = times[int(len(times) * 0.95)]
        print(f"{journal.upper() + '+' + sync:<16}{median * 1e6:>12.0f}{p95 * 1e6:>10.0f}{median / reference:>15.1f}")


if __name__ == "__main__":
    main()
