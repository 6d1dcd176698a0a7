"""Benchmark: scan -> outcome service time (verify + write) against a bare SQLite commit plus one Ed25519 verify.

Run: .venv/bin/python bench/bench_checkin.py [--passes 500]

Everything runs on a file SQLite database in a temp dir, opened exactly as the kiosk opens it
(WAL, synchronous=FULL), with the hall's real keys. Measured in the same run:

* accepted:   VisitsService.scan of a fresh valid pass: verify (parse, signature, hall,
              revocation lookup, date) + "already?" query + one check-in fact committed
* already:    the same pass again (verify + read, no write)
* refused:    a forged pass (parse + failed signature; no database write)
* baseline:   one bare commit of one row through sqlite3 on the same file and pragmas,
              plus one bare Ed25519 verify (cryptography) of a pass-sized message

The ratio is median(accepted) / (median(bare commit) + median(bare verify)): how much the service
adds on top of the two things a check-in cannot avoid. Goal: accepted median <= 5 ms.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.clock import SystemClock, hall_date  # noqa: E402
from kiosk.passes.codec import parse_pass  # noqa: E402
from kiosk.passes.decode import FakeDecoder  # noqa: E402
from kiosk.passes.keys import init_keys, load_keyring_dir  # noqa: E402
from kiosk.passes.outcomes import CheckinOutcome  # noqa: E402
from kiosk.store.db import open_database  # noqa: E402
from kiosk.store.facts import FactWriter  # noqa: E402
from kiosk.visits.service import build_visits  # noqa: E402

P = ParamSpec("P")
R = TypeVar("R")


def _ms(samples: list[float]) -> tuple[float, float]:
    """(median, p95) in milliseconds of samples in seconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _timed(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> tuple[float, R]:
    """(seconds, value) of one call."""
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=500, help="bookings (each scanned once accepted, once again)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-checkin-") as folder_name:
        folder = Path(folder_name)
        clock = SystemClock()
        init_keys(folder / "keys")
        db = open_database(f"sqlite:///{folder / 'kiosk.sqlite3'}")
        visits = build_visits(db, FactWriter(db, "bench-hall", "kiosk-1", clock), clock,
                              keys_dir=folder / "keys", decoder=FakeDecoder())
        today = hall_date(clock.now())
        visits.organisations.add("中关村科技园区第一党支部", "机关")
        texts = []
        for i in range(args.passes):
            booking = visits.bookings.add(organisation="中关村科技园区第一党支部", visit_date=today,
                                          slot="09:00-10:30", headcount=10 + i % 50, purpose="参观学习")
            texts.append(visits.passes.text(booking.id))
        forged = [t[:-8] + ("A" * 8 if not t.endswith("A" * 8) else "B" * 8) for t in texts[:200]]

        # The baseline runs on its own sqlite3 connection to the same file with the kiosk's pragmas,
        # interleaved with the scans so that both see the same disk (fsync costs swing with load).
        raw = sqlite3.connect(folder / "kiosk.sqlite3", isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=5000"):
            raw.execute(f"PRAGMA {pragma}")
        raw.execute("CREATE TABLE bench_bare (id INTEGER PRIMARY KEY, payload TEXT)")
        keyring = load_keyring_dir(folder / "keys")
        parsed = {t: parse_pass(t) for t in texts}
        public = keyring[parsed[texts[0]].claims.key_id]

        def bare_commit(i: int) -> None:
            raw.execute("BEGIN")
            raw.execute("INSERT INTO bench_bare (payload) VALUES (?)", (f"row {i}",))
            raw.execute("COMMIT")

        for i, text in enumerate(texts[:20]):  # warm-up: imports, statement caches, the page cache
            visits.scan(text)
            bare_commit(i)
        accepted, again, refused, commits, verifies = [], [], [], [], []
        for i, text in enumerate(texts[20:]):
            seconds, result = _timed(visits.scan, text)
            assert result.outcome is CheckinOutcome.ACCEPTED, result
            accepted.append(seconds)
            commits.append(_timed(bare_commit, i)[0])
            item = parsed[text]
            verifies.append(_timed(public.verify, item.signature, item.signed_bytes)[0])
        for text in texts[20:]:
            seconds, result = _timed(visits.scan, text)
            assert result.outcome is CheckinOutcome.ALREADY_CHECKED_IN, result
            again.append(seconds)
        for text in forged:
            seconds, result = _timed(visits.scan, text)
            assert result.outcome in (CheckinOutcome.FORGED, CheckinOutcome.UNREADABLE), result
            refused.append(seconds)
        raw.close()
        db.close()

    acc_med, acc_p95 = _ms(accepted)
    commit_med, commit_p95 = _ms(commits)
    verify_med, verify_p95 = _ms(verifies)
    baseline = commit_med + verify_med
    print(f"scans per kind: {len(accepted)} (file SQLite, WAL, synchronous=FULL, in {tempfile.gettempdir()})")
    print(f"{'':34s} {'median ms':>10s} {'p95 ms':>10s}")
    for label, samples in (("scan -> accepted (verify + write)", accepted), ("scan -> already_checked_in", again),
                           ("scan -> forged (no write)", refused), ("bare SQLite commit (1 row)", commits),
                           ("bare Ed25519 verify", verifies)):
        med, p95 = _ms(samples)
        print(f"{label:34s} {med:10.3f} {p95:10.3f}")
    print(f"baseline = bare commit + bare verify: median {baseline:.3f} ms (p95 sum {commit_p95 + verify_p95:.3f} ms)")
    print(f"ratio accepted / baseline: median {acc_med / baseline:.2f}x, p95 {acc_p95 / (commit_p95 + verify_p95):.2f}x")
    verdict = "met" if acc_med <= 5.0 else "NOT met"
    print(f"goal: accepted median <= 5 ms -> {acc_med:.3f} ms, {verdict}")


if __name__ == "__main__":
    main()
