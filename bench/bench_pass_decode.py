"""Benchmark: the app's decode path (ZxingDecoder) against one plain zxing-cpp call.

Run: .venv/bin/python bench/bench_pass_decode.py [--passes 4] [--repeat 3]

Both see the same damaged images of real rendered passes (the distortions the
tests use, from tests.helpers.distort). A read counts only if it returns
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
from tests.helpers.distort import BEYOND_REPAIR, HARD_DISTORTIONS, STANDARD_DISTORTIONS
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
    live = ZxingDecoder(fallbacks=False)  # the documented fast path for live video frames
    decoders = (("app", app.decode), ("raw", raw_zxing), ("live", live.decode))
    groups = [("standard", STANDARD_DISTORTIONS), ("hard", HARD_DISTORTIONS), ("beyond repair", BEYOND_REPAIR)]
    print("app = ZxingDecoder() (plain read, then fallbacks); raw = one zxingcpp.read_barcodes call;")
    print("live = ZxingDecoder(fallbacks=False). ms = median per image; ratio = app ms / raw ms")
    print(f"{'distortion':22s} {'app ok':>7s} {'app ms':>8s} {'raw ok':>7s} {'raw ms':>8s} {'ratio':>6s} {'live ok':>8s} {'live ms':>8s}")
    # per image: (group, label -> (read exactly?, median ms))
    per_image: list[tuple[str, dict[str, tuple[bool, float]]]] = []
    for group, distortions in groups:
        print(f"-- {group}")
        for name, distort in distortions.items():
            images = [(text, distort(page)) for text, page in pages]
            row: dict[str, tuple[int, float]] = {}
            results: list[dict[str, tuple[bool, float]]] = [{} for _ in images]
            for label, decode in decoders:
                ok, medians = 0, []
                for index, (text, image) in enumerate(images):
                    times = []
                    for _ in range(args.repeat):
                        start = time.perf_counter()
                        found = decode(image)
                        times.append((time.perf_counter() - start) * 1000)
                    ok += found == [text]
                    medians.append(statistics.median(times))
                    results[index][label] = (found == [text], statistics.median(times))
                row[label] = (ok, statistics.median(medians))
            per_image.extend((group, r) for r in results)
            (a_ok, a_ms), (r_ok, r_ms), (l_ok, l_ms) = row["app"], row["raw"], row["live"]
            n = len(images)
            print(f"{name:22s} {a_ok:>3d}/{n:<3d} {a_ms:8.1f} {r_ok:>3d}/{n:<3d} {r_ms:8.1f} {a_ms / r_ms:5.2f}x"
                  f" {l_ok:>4d}/{n:<3d} {l_ms:8.1f}")

    print("-- overall")
    n = len(per_image)
    for label in ("app", "raw", "live"):
        ok = sum(r[label][0] for _, r in per_image)
        ms = statistics.median(r[label][1] for _, r in per_image)
        print(f"{label}: {ok}/{n} read exactly ({100 * ok / n:.0f}%), median {ms:.1f} ms per image")
    fewer = [r for _, r in per_image if r["raw"][0] and not r["app"][0]]
    app_ok = sum(r["app"][0] for _, r in per_image)
    raw_ok = sum(r["raw"][0] for _, r in per_image)
    both = [r for _, r in per_image if r["raw"][0] and r["app"][0]]
    ratio_median = statistics.median(r["app"][1] for _, r in per_image) / statistics.median(
        r["raw"][1] for _, r in per_image)
    ratio_both = sum(r["app"][1] for r in both) / sum(r["raw"][1] for r in both)
    print(f"rate: app {app_ok}/{n} vs raw {raw_ok}/{n}; images raw reads but app does not: {len(fewer)}")
    print(f"time ratio app/raw, all images (median per image): {ratio_median:.2f}x")
    print(f"time ratio app/raw, images both read (total time): {ratio_both:.2f}x")
    rate_met = not fewer
    print(f"goal: same rate (app reads every image raw reads) -> {'met' if rate_met else 'NOT met'}; "
          f"<= 1.2x time -> {'met' if max(ratio_median, ratio_both) <= 1.2 else 'NOT met'} "
          f"(worst of the two ratios {max(ratio_median, ratio_both):.2f}x)")

    blank = Image.new("RGB", (1240, 1754), "white")
    blank_ms: dict[str, float] = {}
    for label, decode in decoders:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            decode(blank)
            times.append((time.perf_counter() - start) * 1000)
        blank_ms[label] = statistics.median(times)
        print(f"{label}: frame with no code (1240x1754): median {blank_ms[label]:.1f} ms")
    print(f"no-code frame ratio: app/raw {blank_ms['app'] / blank_ms['raw']:.1f}x (every fallback is tried), "
          f"live/raw {blank_ms['live'] / blank_ms['raw']:.2f}x")

if __name__ == "__main__":
    main()
