"""Server-rendered SVG charts for the staff statistics page: no script, nothing from a CDN, so the
strict CSP (no scripts, no inline styles) holds. Colours and fonts are SVG presentation attributes,
which CSP does not treat as styles. Every label is escaped; the SVG scales with its box (viewBox).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

PALETTE = ("#b71c1c", "#ef6c00", "#2e7d32", "#1565c0", "#6a1b9a")
FONT = "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int | float]


def _text_width(text: str) -> float:
    """Rough width in em: a CJK character is one, a Latin one about half."""
    return sum(1.0 if ord(c) > 0x2E80 else 0.55 for c in text)


def _fmt(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def hbars(rows: Sequence[tuple[str, int | float]], *, title: str, unit: str = "", colour: str = PALETTE[0]) -> Markup:
    """A ranked horizontal bar chart (one bar per row, label left, value right)."""
    if not rows:
        return Markup("")
    size, bar, gap = 14, 20, 10
    label_w = min(max(_text_width(label) for label, _ in rows) * size + 12, 150)
    width, value_w = 380, 62
    plot = width - label_w - value_w
    top = max(max(v for _, v in rows), 1)
    height = len(rows) * (bar + gap) + gap
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="{escape(title)}" font-family="{FONT}" font-size="{size}">',
             f"<title>{escape(title)}</title>"]
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar + gap)
        w = max(plot * value / top, 1 if value else 0)
        shown = label if _text_width(label) * size <= label_w - 8 else label[: int((label_w - 8) / size) - 1] + "…"
        parts.append(f'<text x="{label_w - 8:.0f}" y="{y + bar * 0.72:.1f}" text-anchor="end" fill="#222">'
                     f"<title>{escape(label)}</title>{escape(shown)}</text>")
        parts.append(f'<rect x="{label_w:.0f}" y="{y}" width="{w:.1f}" height="{bar}" rx="3" fill="{colour}"/>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + bar * 0.72:.1f}" fill="#444">'
                     f"{escape(_fmt(value))}{escape(unit)}</text>")
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(labels: Sequence[str], series: Sequence[Series], *, title: str) -> Markup:
    """Grouped vertical columns, one group per label (a month), with a legend above."""
    if not labels or not any(v for s in series for v in s.values):
        return Markup("")
    size, width, height = 14, 400, 240
    left, right, top_pad, bottom = 34, 6, 34, 30
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    peak = max([max(s.values, default=0) for s in series] + [1])
    step = _nice_step(peak)
    ceiling = step * -(-peak // step)
    group_w = plot_w / len(labels)
    bar_w = min(group_w * 0.8 / len(series), 28)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="{escape(title)}" font-family="{FONT}" font-size="{size}">',
             f"<title>{escape(title)}</title>"]
    x = left
    for i, s in enumerate(series):  # legend
        colour = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="8" width="14" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{x + 20}" y="20" fill="#222">{escape(s.name)}</text>')
        x += 20 + int(_text_width(s.name) * size) + 18
    tick = 0
    while tick <= ceiling:  # grid and axis numbers
        y = top_pad + plot_h - plot_h * tick / ceiling
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e3e3"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 5:.1f}" text-anchor="end" fill="#666" font-size="11">{tick}</text>')
        tick += step
    labels = short_months(labels)
    every = max(1, -(-len(labels) * 34 // int(plot_w)))  # thin out month labels that would collide
    for g, label in enumerate(labels):
        gx = left + g * group_w + (group_w - bar_w * len(series)) / 2
        for i, s in enumerate(series):
            value = s.values[g]
            h = plot_h * value / ceiling
            parts.append(f'<rect x="{gx + i * bar_w:.1f}" y="{top_pad + plot_h - h:.1f}" width="{bar_w * 0.92:.1f}" '
                         f'height="{h:.1f}" fill="{PALETTE[i % len(PALETTE)]}"><title>{escape(label)} '
                         f"{escape(s.name)} {escape(_fmt(value))}</title></rect>")
        if g % every == 0:
            parts.append(f'<text x="{left + g * group_w + group_w / 2:.1f}" y="{height - bottom + 20}" '
                         f'text-anchor="middle" fill="#444" font-size="11">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def short_months(labels: Sequence[str]) -> list[str]:
    """``2026-03`` as ``3月`` when every label is of one year (``26-03`` otherwise); others unchanged."""
    months = [label.split("-") for label in labels]
    if not all(len(m) == 2 and m[0].isdigit() and m[1].isdigit() for m in months):
        return list(labels)
    if len({y for y, _ in months}) == 1:
        return [f"{int(m)}月" for _, m in months]
    return [f"{y[2:]}-{m}" for y, m in months]


def _nice_step(peak: float) -> int:
    """A round grid step giving about four lines up to ``peak``."""
    raw = max(peak / 4, 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for m in (1, 2, 5, 10):
        if raw <= m * magnitude:
            return int(m * magnitude)
    return int(10 * magnitude)
