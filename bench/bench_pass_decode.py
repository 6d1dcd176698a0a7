"""Benchmark: the app's decode path (ZxingDecoder) against one plain zxing-cpp call.

Run: .venv/bin/python bench/bench_pass_decode.py [--passes 4] [--repeat 3]

Both see the same damaged images of real rendered passes (the distortions the
tests use, from kiosk.passes.distort). A read counts only if it returns
exactly the pass text. Times are medians per image, in milliseconds.
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

import zxingcpp
from PIL import Image

from kiosk.passes.codec import PassKind, issue_pass
from kiosk.passes.decode import ZxingDecoder
from kiosk.passes.distort import BEYOND_REPAIR, HARD_DISTORTIONS, STANDARD_DISTORTIONS
from kiosk.passes.keys import SigningKey
from kiosk.passes.render import render_pass_image


def raw_zxing(image: Image.Image) -> list[str]:
    """What a naive integration does: one call, QR only, library defaults."""
    return [b.text for b in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    key = SigningKey.generate()
    pages = []
    for i in range(args.passes):
        issued = issue_pass(
            booking_id=uuid.uuid4(),
            hall_id="BJ-HD-01",
            valid_from=date(2025, 3, 5),
            valid_to=date(2025, 3, 5),
            headcount=10 + i,
            kind=PassKind.GROUP,
            signing_key=key,
        )
        pages.append((issued.text, render_pass_image(issued.claims, issued.text, "中关村科技园区党支部", "上午")))

    app = ZxingDecoder()
    groups = [("standard", STANDARD_DISTORTIONS), ("hard", HARD_DISTORTIONS), ("beyond repair", BEYOND_REPAIR)]
    print(f"{'distortion':22s} {'app ok':>7s} {'app ms':>8s} {'raw ok':>7s} {'raw ms':>8s}")
    totals = {"app": [0, 0, []], "raw": [0, 0, []]}
    for group, distortions in groups:
        print(f"-- {group}")
        for name, distort in distortions.items():
            images = [(text, distort(page)) for text, page in pages]
            row = {}
            for label, decode in (("app", app.decode), ("raw", raw_zxing)):
                ok, times = 0, []
                for text, image in images:
                    for _ in range(args.repeat):
                        start = time.perf_counter()
                        found = decode(image)
                        times.append((time.perf_counter() - start) * 1000)
                    ok += found == [text]
                row[label] = (ok, statistics.median(times))
                totals[label][0] += ok
                totals[label][1] += len(images)
                totals[label][2].extend(times)
            (a_ok, a_ms), (r_ok, r_ms) = row["app"], row["raw"]
            n = len(images)
            print(f"{name:22s} {a_ok:>3d}/{n:<3d} {a_ms:8.1f} {r_ok:>3d}/{n:<3d} {r_ms:8.1f}")
    print("-- overall")
    for label in ("app", "raw"):
        ok, n, times = totals[label]
        rate = f"{ok}/{n} read exactly ({100 * ok / n:.0f}%)"
        print(f"{label}: {rate}, median {statistics.median(times):.1f} ms per image")
    blank = Image.new("RGB", (1240, 1754), "white")
    for label, decode in (("app", app.decode), ("raw", raw_zxing)):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            decode(blank)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{label}: frame with no code (1240x1754): median {statistics.median(times):.1f} ms")


if __name__ == "__main__":
    main()
