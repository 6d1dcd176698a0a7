"""Benchmark: how long verify_pass takes per scan, against one raw Ed25519 verification.

Run: .venv/bin/python bench/bench_pass_verify.py [--passes 2000]

verify_pass does the length cap, the strict parse and re-encode, and one
Ed25519 verification; the point is to show the parse adds little to the
signature check, and that both are far below a human-noticeable delay.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.passes.codec import PassKind, issue_pass, parse_pass
from kiosk.passes.keys import SigningKey
from kiosk.passes.verify import verify_pass

HALL = "BJ-HD-01"
TODAY = date(2025, 3, 5)


def _median_us(samples_ns: list[int]) -> float:
    return statistics.median(samples_ns) / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=2000)
    args = parser.parse_args()

    key = SigningKey.generate()
    keyring = key.keyring()
    public_key = keyring[key.key_id]
    texts = [
        issue_pass(
            booking_id=uuid.uuid4(),
            hall_id=HALL,
            valid_from=TODAY,
            valid_to=TODAY,
            headcount=1 + i % 60,
            kind=PassKind.GROUP,
            signing_key=key,
        ).text
        for i in range(args.passes)
    ]
    revoked = {uuid.uuid4() for _ in range(1000)}
    parsed = [parse_pass(t) for t in texts]

    verify_ns, raw_ns, parse_ns, junk_ns = [], [], [], []
    for text, p in zip(texts, parsed, strict=True):
        start = time.perf_counter_ns()
        verdict = verify_pass(text, keyring=keyring, hall_id=HALL, today=TODAY, revoked=revoked)
        verify_ns.append(time.perf_counter_ns() - start)
        assert verdict.is_valid

        start = time.perf_counter_ns()
        public_key.verify(p.signature, p.signed_bytes)
        raw_ns.append(time.perf_counter_ns() - start)

        start = time.perf_counter_ns()
        parse_pass(text)
        parse_ns.append(time.perf_counter_ns() - start)

        junk = "x" * 10_000
        start = time.perf_counter_ns()
        verify_pass(junk, keyring=keyring, hall_id=HALL, today=TODAY)
        junk_ns.append(time.perf_counter_ns() - start)

    print(f"passes: {args.passes}, pass text length: {len(texts[0])} chars")
    print(f"verify_pass (valid pass)       median {_median_us(verify_ns):8.1f} us   p95 {_p95_us(verify_ns):8.1f} us")
    print(f"raw Ed25519 verify             median {_median_us(raw_ns):8.1f} us   p95 {_p95_us(raw_ns):8.1f} us")
    print(f"parse_pass only                median {_median_us(parse_ns):8.1f} us")
    print(f"verify_pass (10,000-char junk) median {_median_us(junk_ns):8.1f} us")


def _p95_us(samples_ns: list[int]) -> float:
    return sorted(samples_ns)[int(len(samples_ns) * 0.95)] / 1000


if __name__ == "__main__":
    main()
