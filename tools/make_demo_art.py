#!/usr/bin/env python3
"""Draw every image of the demo hall (content/zones/*/cover.png and images/*.png).

Everything is drawn here with Pillow from shapes and text: no downloaded or copied pictures.
The output is deterministic (fixed random seeds), so running the script twice gives the same files.

    python tools/make_demo_art.py            # writes into content/
    python tools/make_demo_art.py --out DIR  # writes into DIR (same layout as content/)

Fonts: Noto Sans CJK (the face whose family name ends in "SC", Simplified Chinese).
"""
from __future__ import annotations

import argparse
import functools
import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FONT_FILES = {"regular": "NotoSansCJK-Regular.ttc", "bold": "NotoSansCJK-Bold.ttc"}
SS = 2  # draw at twice the size, then downsample: cheap anti-aliasing for polygons

# palette
RED_DEEP = (122, 4, 14)
RED = (178, 16, 26)
RED_BRIGHT = (214, 34, 36)
RED_DARK = (96, 0, 10)
GOLD = (246, 202, 96)
GOLD_DEEP = (214, 158, 44)
GOLD_PALE = (252, 230, 170)
CREAM = (252, 246, 234)
INK = (58, 22, 16)
GREY = (128, 108, 98)
WHITE = (255, 255, 255)

PUNCT_NO_LINE_START = set("，。、：；！？）》”’·…—")


def rgba(c, a):
    return (c[0], c[1], c[2], a)


# --------------------------------------------------------------------------- fonts
@functools.lru_cache(maxsize=None)
def _sc_index(path: str) -> int:
    for i in range(16):
        try:
            f = ImageFont.truetype(path, 12, index=i)
        except OSError:
            break
        family = f.getname()[0]
        if family.endswith("SC") and "Mono" not in family:
            return i
    raise SystemExit(f"{path}: no face whose family name ends in SC")


@functools.lru_cache(maxsize=None)
def font(weight: str, size: float) -> ImageFont.FreeTypeFont:
    path = str(FONT_DIR / FONT_FILES[weight])
    return ImageFont.truetype(path, round(size * SS), index=_sc_index(path))


# --------------------------------------------------------------------------- canvas
class Canvas:
    """An image drawn at SS times its size; all coordinates are given at the final size."""

    def __init__(self, w: int, h: int, bg=CREAM):
        self.w, self.h = w, h
        self.img = Image.new("RGB", (w * SS, h * SS), bg)
        self.d = ImageDraw.Draw(self.img, "RGBA")  # RGBA fills blend onto the RGB image

    # geometry helpers -------------------------------------------------
    @staticmethod
    def _p(pts):
        return [(x * SS, y * SS) for x, y in pts]

    @staticmethod
    def _b(box):
        return [v * SS for v in box]

    def rect(self, box, fill=None, outline=None, width=1, radius=0):
        if radius:
            self.d.rounded_rectangle(self._b(box), radius * SS, fill=fill, outline=outline, width=round(width * SS))
        else:
            self.d.rectangle(self._b(box), fill=fill, outline=outline, width=round(width * SS))

    def circle(self, cx, cy, r, fill=None, outline=None, width=1):
        self.d.ellipse(self._b((cx - r, cy - r, cx + r, cy + r)), fill=fill, outline=outline, width=round(width * SS))

    def pie(self, cx, cy, r, start, end, fill):
        self.d.pieslice(self._b((cx - r, cy - r, cx + r, cy + r)), start, end, fill=fill)

    def arc(self, cx, cy, r, start, end, fill, width=2):
        self.d.arc(self._b((cx - r, cy - r, cx + r, cy + r)), start, end, fill=fill, width=round(width * SS))

    def poly(self, pts, fill=None, outline=None, width=1):
        self.d.polygon(self._p(pts), fill=fill, outline=outline, width=round(width * SS))

    def line(self, pts, fill, width=2, joint="curve"):
        self.d.line(self._p(pts), fill=fill, width=round(width * SS), joint=joint)

    def gradient(self, box, c1, c2, vertical=True):
        """Fill box with a linear gradient from c1 to c2 (top->bottom or left->right)."""
        x0, y0, x1, y1 = [round(v * SS) for v in box]
        w, h = x1 - x0, y1 - y0
        mask = Image.linear_gradient("L")
        if not vertical:
            mask = mask.rotate(90, expand=True).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        mask = mask.resize((w, h), Image.Resampling.BILINEAR)
        a = Image.new("RGB", (w, h), c1)
        b = Image.new("RGB", (w, h), c2)
        self.img.paste(Image.composite(b, a, mask), (x0, y0))

    def glow(self, cx, cy, r, color, strength=255):
        """A soft radial glow of color, strongest at the centre."""
        size = round(2 * r * SS)
        mask = Image.radial_gradient("L").resize((size, size), Image.Resampling.BILINEAR)
        # the gradient is 0 at the centre and 181 at the middle of each edge: fade to 0 there
        mask = mask.point(lambda v: round((1 - min(1.0, v / 181)) ** 2 * strength))
        layer = Image.new("RGB", (size, size), color)
        self.img.paste(layer, (round((cx - r) * SS), round((cy - r) * SS)), mask)

    # text ----------------------------------------------------------------
    def _check(self, bbox, what):
        x0, y0, x1, y1 = bbox
        if x0 < 0 or y0 < 0 or x1 > self.w * SS or y1 > self.h * SS:
            raise ValueError(f"text cut off by the image edge: {what!r}")

    def text(self, xy, s, size, weight="regular", fill=INK, anchor="la", max_width=None, min_size=10):
        """Draw one line; shrink it until it is at most max_width wide. Returns the final size."""
        while True:
            f = font(weight, size)
            bbox = self.d.textbbox((xy[0] * SS, xy[1] * SS), s, font=f, anchor=anchor)
            if max_width is None or bbox[2] - bbox[0] <= max_width * SS:
                break
            size -= 1
            if size < min_size:
                raise ValueError(f"text does not fit in {max_width}px: {s!r}")
        self._check(bbox, s)
        self.d.text((xy[0] * SS, xy[1] * SS), s, font=f, fill=fill, anchor=anchor)
        return size

    def text_width(self, s, size, weight="regular"):
        f = font(weight, size)
        b = self.d.textbbox((0, 0), s, font=f, anchor="ls")
        return (b[2] - b[0]) / SS

    def wrap(self, s, size, weight, width):
        lines, cur = [], ""
        for ch in s:
            if ch == "\n":
                lines.append(cur)
                cur = ""
                continue
            if cur and self.text_width(cur + ch, size, weight) > width and ch not in PUNCT_NO_LINE_START:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        if cur:
            lines.append(cur)
        return lines

    def text_box(self, box, s, size, weight="regular", fill=INK, align="center", valign="middle",
                 leading=1.35, min_size=12):
        """Wrap s into box (x0, y0, x1, y1), shrinking the type until every line fits."""
        x0, y0, x1, y1 = box
        while True:
            lines = self.wrap(s, size, weight, x1 - x0)
            height = size * leading * (len(lines) - 1) + size
            widest = max(self.text_width(ln, size, weight) for ln in lines)
            orphan = len(lines) > 1 and len(lines[-1].strip()) <= 1  # never leave one character alone
            # text with explicit line breaks is shrunk rather than wrapped further
            rewrapped = "\n" in s and len(lines) > s.count("\n") + 1
            if height <= (y1 - y0) and widest <= (x1 - x0) and not orphan and not rewrapped:
                break
            size -= 1
            if size < min_size:
                raise ValueError(f"text does not fit in box {box}: {s!r}")
        if valign == "top":
            top = y0
        elif valign == "bottom":
            top = y1 - height
        else:
            top = y0 + ((y1 - y0) - height) / 2
        for i, ln in enumerate(lines):
            y = top + i * size * leading + size / 2
            if align == "left":
                self.text((x0, y), ln, size, weight, fill, anchor="lm")
            elif align == "right":
                self.text((x1, y), ln, size, weight, fill, anchor="rm")
            else:
                self.text(((x0 + x1) / 2, y), ln, size, weight, fill, anchor="mm")
        return size

    # output --------------------------------------------------------------
    def save(self, path: Path, colors=256):
        img = self.img.resize((self.w, self.h), Image.Resampling.LANCZOS)
        img = img.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        path.parent.mkdir(parents=True, exist_ok=True)
        img.save(path, optimize=True)
        return path


# --------------------------------------------------------------------------- shapes
def star_points(cx, cy, r, inner=0.382, rot=-90):
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * inner
        a = math.radians(rot + i * 36)
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return pts


def ellipse_points(cx, cy, a, b, rot_deg=0, n=48):
    rot = math.radians(rot_deg)
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x, y = a * math.cos(t), b * math.sin(t)
        pts.append((cx + x * math.cos(rot) - y * math.sin(rot), cy + x * math.sin(rot) + y * math.cos(rot)))
    return pts


def heart_points(cx, cy, s, n=60):
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        pts.append((cx + x * s / 17, cy - y * s / 17))
    return pts


def flag_points(x0, y0, w, h, amp, n=40):
    """A waving flag: top and bottom edges follow the same sine wave."""
    top = [(x0 + w * i / n, y0 + amp * math.sin(2 * math.pi * i / n * 1.1)) for i in range(n + 1)]
    bottom = [(x, y + h) for x, y in reversed(top)]
    return top + bottom


def tf(cx, cy, s):
    """Map unit coordinates (-1..1) of a motif to the canvas."""
    return lambda pts: [(cx + x * s, cy + y * s) for x, y in pts]


# --------------------------------------------------------------------------- cover motifs
def motif_boat(c, cx, cy, s, col):
    m = tf(cx, cy, s)
    c.poly(m([(-1.05, 0.02), (-0.9, 0.12), (0.9, 0.12), (1.08, -0.02), (0.92, 0.34), (-0.82, 0.34)]), fill=col)
    arch = [(-0.62 + 1.14 * i / 20, -0.3 - 0.2 * math.sin(math.pi * i / 20)) for i in range(21)]
    c.poly(m(arch + [(0.52, -0.22), (-0.62, -0.22)]), fill=col)
    c.rect(tuple(v for v in (cx - 0.56 * s, cy - 0.24 * s, cx + 0.46 * s, cy + 0.1 * s)), fill=col)
    for k in range(4):  # windows
        x = -0.48 + k * 0.24
        c.rect((cx + x * s, cy - 0.14 * s, cx + (x + 0.14) * s, cy + 0.02 * s), fill=rgba(RED_DEEP, 200))
    for k, y in enumerate((0.48, 0.62, 0.76)):  # waves
        pts = [(-1.1 + 2.2 * i / 40, y + 0.035 * math.sin(i * 0.9 + k)) for i in range(41)]
        c.line(m(pts), fill=rgba(col, 200 - 50 * k), width=max(2, s * 0.03))


def motif_star(c, cx, cy, s, col):
    c.poly(star_points(cx, cy, s * 0.95), fill=col)
    for k in range(4):
        a = math.radians(-150 + k * 40)
        c.poly(star_points(cx + 1.35 * s * math.cos(a), cy + 1.35 * s * math.sin(a), s * 0.16), fill=col)


def motif_torch(c, cx, cy, s, col):
    m = tf(cx, cy, s)
    c.poly(m([(-0.1, 0.12), (0.1, 0.12), (0.06, 0.95), (-0.06, 0.95)]), fill=col)
    c.poly(m([(-0.38, -0.18), (0.38, -0.18), (0.18, 0.14), (-0.18, 0.14)]), fill=col)
    c.rect((cx - 0.42 * s, cy - 0.26 * s, cx + 0.42 * s, cy - 0.16 * s), fill=col, radius=4)

    def flame(scale_w, scale_h, base):
        pts = []
        for i in range(60):
            t = 2 * math.pi * i / 60
            x = math.sin(t) * abs(math.sin(t / 2)) ** 1.3
            y = math.cos(t)
            pts.append((x * scale_w, base - (y + 1) / 2 * scale_h))
        return m(pts)

    c.poly(flame(0.5, 0.95, -0.26), fill=col)
    c.poly(flame(0.26, 0.52, -0.3), fill=rgba(RED_BRIGHT, 235))


def motif_book(c, cx, cy, s, col):
    m = tf(cx, cy, s)
    c.poly(m([(0, -0.3), (-0.95, -0.45), (-0.95, 0.5), (0, 0.64)]), fill=col)
    c.poly(m([(0, -0.3), (0.95, -0.45), (0.95, 0.5), (0, 0.64)]), fill=col)
    c.line(m([(0, -0.3), (0, 0.64)]), fill=RED_DEEP, width=max(2, s * 0.025))
    for k in range(5):
        y = -0.2 + k * 0.14
        c.line(m([(-0.82, y - 0.1), (-0.14, y)]), fill=rgba(RED_DEEP, 150), width=max(2, s * 0.02))
        c.line(m([(0.14, y), (0.82, y - 0.1)]), fill=rgba(RED_DEEP, 150), width=max(2, s * 0.02))
    c.poly(star_points(cx, cy - 0.72 * s, 0.22 * s), fill=col)


def motif_house(c, cx, cy, s, col):
    m = tf(cx, cy, s)
    c.poly(m([(-0.95, -0.02), (0, -0.8), (0.95, -0.02), (0.8, -0.02), (0, -0.64), (-0.8, -0.02)]), fill=col)
    c.rect((cx - 0.62 * s, cy - 0.06 * s, cx + 0.62 * s, cy + 0.75 * s), fill=col)
    c.poly(heart_points(cx, cy + 0.3 * s, 0.3 * s), fill=RED_BRIGHT)
    c.rect((cx + 0.42 * s, cy - 0.72 * s, cx + 0.58 * s, cy - 0.4 * s), fill=col)


def motif_links(c, cx, cy, s, col):
    c.circle(cx, cy, 0.78 * s, outline=rgba(col, 160), width=max(2, s * 0.03))
    for k in range(5):
        a = math.radians(-90 + k * 72)
        x, y = cx + 0.78 * s * math.cos(a), cy + 0.78 * s * math.sin(a)
        c.line([(cx, cy), (x, y)], fill=rgba(col, 200), width=max(2, s * 0.035))
        c.circle(x, y, 0.2 * s, fill=col)
        c.poly(star_points(x, y, 0.11 * s), fill=RED_DEEP)
    c.circle(cx, cy, 0.36 * s, fill=col)
    c.poly(star_points(cx, cy, 0.24 * s), fill=RED_BRIGHT)


def motif_pin(c, cx, cy, s, col):
    for i in range(-2, 3):
        for j in range(-2, 3):
            x, y = cx + i * 0.42 * s, cy + 0.25 * s + j * 0.3 * s
            c.rect((x - 0.18 * s, y - 0.12 * s, x + 0.18 * s, y + 0.12 * s), outline=rgba(col, 110),
                   width=max(2, s * 0.015))
    m = tf(cx, cy, s)
    c.circle(cx, cy - 0.35 * s, 0.46 * s, fill=col)
    c.poly(m([(-0.4, -0.12), (0.4, -0.12), (0, 0.72)]), fill=col)
    c.circle(cx, cy - 0.35 * s, 0.2 * s, fill=RED_BRIGHT)


def motif_flower(c, cx, cy, s, col):
    for k in range(8):
        a = k * 45
        ox = 0.5 * s * math.cos(math.radians(a))
        oy = 0.5 * s * math.sin(math.radians(a))
        c.poly(ellipse_points(cx + ox, cy + oy, 0.5 * s, 0.2 * s, a), fill=col)
    for k in range(8):
        a = k * 45 + 22.5
        ox = 0.3 * s * math.cos(math.radians(a))
        oy = 0.3 * s * math.sin(math.radians(a))
        c.poly(ellipse_points(cx + ox, cy + oy, 0.3 * s, 0.12 * s, a), fill=GOLD_PALE)
    c.circle(cx, cy, 0.18 * s, fill=RED_BRIGHT)


def motif_bell(c, cx, cy, s, col):
    m = tf(cx, cy, s)

    def half_width(y):  # bell profile, y from -0.7 (top) to 0.45 (lip)
        t = (y + 0.7) / 1.15
        return 0.3 + 0.12 * t + 0.34 * t ** 4

    ys = [-0.7 + 1.15 * i / 30 for i in range(31)]
    right = [(half_width(y), y) for y in ys]
    left = [(-x, y) for x, y in reversed(right)]
    top = [(0.3 * math.cos(math.pi * i / 16), -0.7 - 0.16 * math.sin(math.pi * i / 16)) for i in range(17)]
    c.poly(m(right + [(0.76, 0.53), (-0.76, 0.53)] + left + top), fill=col)
    c.line(m([(-0.55, 0.3), (0.55, 0.3)]), fill=rgba(RED_DEEP, 160), width=max(2, s * 0.03))
    c.line(m([(-0.4, -0.35), (0.4, -0.35)]), fill=rgba(RED_DEEP, 160), width=max(2, s * 0.03))
    c.circle(cx, cy + 0.66 * s, 0.13 * s, fill=col)
    c.circle(cx, cy - 0.94 * s, 0.12 * s, outline=col, width=max(3, s * 0.05))
    for k in range(3):  # sound waves
        r = (1.0 + 0.2 * k) * s
        c.arc(cx, cy, r, -35, 35, fill=rgba(col, 220 - 60 * k), width=max(2, s * 0.03))
        c.arc(cx, cy, r, 145, 215, fill=rgba(col, 220 - 60 * k), width=max(2, s * 0.03))


def motif_sunrise(c, cx, cy, s, col):
    m = tf(cx, cy, s)
    hy = cy + 0.2 * s
    for k in range(1, 12):
        a = math.radians(180 + k * 15)
        c.line([(cx + 0.7 * s * math.cos(a), hy + 0.7 * s * math.sin(a)),
                (cx + 1.05 * s * math.cos(a), hy + 1.05 * s * math.sin(a))], fill=rgba(col, 210), width=max(2, s * 0.04))
    c.pie(cx, hy, 0.58 * s, 180, 360, fill=col)
    c.line([(cx - 1.15 * s, hy), (cx + 1.15 * s, hy)], fill=col, width=max(2, s * 0.03))
    c.poly(m([(-0.07, 0.2), (0.07, 0.2), (0.62, 0.98), (-0.62, 0.98)]), fill=col)
    for k in range(4):
        y0 = 0.28 + k * 0.19
        y1 = y0 + 0.1
        w0, w1 = 0.012 + 0.03 * k, 0.02 + 0.03 * k
        c.poly(m([(-w0, y0), (w0, y0), (w1, y1), (-w1, y1)]), fill=RED_BRIGHT)


MOTIFS = [motif_boat, motif_star, motif_torch, motif_book, motif_house,
          motif_links, motif_pin, motif_flower, motif_bell, motif_sunrise]


# --------------------------------------------------------------------------- cover
def draw_skyline(c, rng, base_y, color, low_until=1000, low_cap=140):
    """Silhouettes of buildings; left of low_until they stay under low_cap so the title stays clear."""
    x = -10
    while x < c.w + 10:
        kind = rng.random()
        cap = low_cap if x < low_until else 400
        w = rng.randint(46, 120)
        h = min(rng.randint(50, 170), cap)
        if cap < 170:
            kind = max(kind, 0.24)  # no halls or towers under the title
        if kind < 0.12 and 300 < x < c.w - 300:
            # a hall with a two-tier Chinese roof
            w = 230
            c.rect((x + 20, base_y - 70, x + w - 20, base_y), fill=color)
            c.poly([(x, base_y - 70), (x + 40, base_y - 100), (x + w - 40, base_y - 100), (x + w, base_y - 70)], fill=color)
            c.rect((x + 55, base_y - 130, x + w - 55, base_y - 98), fill=color)
            c.poly([(x + 30, base_y - 128), (x + 70, base_y - 160), (x + w - 70, base_y - 160), (x + w - 30, base_y - 128)],
                   fill=color)
        elif kind < 0.24:
            # a tower with a spire
            w = rng.randint(40, 60)
            h = rng.randint(170, 230)
            c.rect((x, base_y - h, x + w, base_y), fill=color)
            c.poly([(x + 6, base_y - h), (x + w / 2, base_y - h - 60), (x + w - 6, base_y - h)], fill=color)
        else:
            c.rect((x, base_y - h, x + w, base_y), fill=color)
            if rng.random() < 0.3:
                c.poly([(x, base_y - h), (x + w / 2, base_y - h - 24), (x + w, base_y - h)], fill=color)
            for wy in range(int(base_y - h + 14), int(base_y - 14), 22):  # lit windows
                for wx in range(int(x + 10), int(x + w - 14), 18):
                    if rng.random() < 0.22:
                        c.rect((wx, wy, wx + 6, wy + 9), fill=rgba(GOLD, 110))
        x += w + rng.randint(0, 14)


def make_cover(path: Path, idx: int, title: str, subtitle: str, all_titles: list[str], hall_name: str):
    rng = random.Random(1000 + idx)
    c = Canvas(1600, 900, RED)
    c.gradient((0, 0, 1600, 900), (140, 6, 16), (196, 24, 30))
    cx, cy = 1240, 350
    c.glow(cx, cy, 520, (232, 70, 40), 150)

    # rays from the motif
    for k in range(36):
        a0 = math.radians(k * 10 + idx * 3)
        a1 = a0 + math.radians(5)
        r = 1500
        c.poly([(cx, cy), (cx + r * math.cos(a0), cy + r * math.sin(a0)), (cx + r * math.cos(a1), cy + r * math.sin(a1))],
               fill=(255, 214, 130, 16))
    for r in (330, 290, 250):
        c.circle(cx, cy, r, outline=rgba(GOLD, 50), width=2)

    # a stylised waving flag behind the title
    c.poly(flag_points(-40, 40, 900, 520, 26), fill=(255, 255, 255, 10))
    c.poly(star_points(120, 150, 44), fill=rgba(GOLD, 60))
    for k in range(4):
        a = math.radians(-30 + k * 25)
        c.poly(star_points(120 + 110 * math.cos(a) + 20, 150 + 110 * math.sin(a), 14, rot=-90 + k * 12),
               fill=rgba(GOLD, 60))

    MOTIFS[idx](c, cx, cy, 190, GOLD)

    # skyline silhouettes, a lighter row behind a darker row
    draw_skyline(c, rng, 820, (150, 12, 22, 200))
    draw_skyline(c, rng, 830, RED_DARK)

    # the timeline band with all ten zones
    c.rect((0, 810, 1600, 900), fill=(84, 0, 8, 245))
    c.line([(0, 812), (1600, 812)], fill=GOLD_DEEP, width=3)
    c.line([(100, 842), (1500, 842)], fill=rgba(GOLD, 150), width=3)
    step = 1400 / 9
    for i, t in enumerate(all_titles):
        x = 100 + i * step
        if i == idx:
            c.circle(x, 842, 13, fill=GOLD)
            c.circle(x, 842, 20, outline=GOLD, width=3)
            c.text((x, 876), f"{i + 1:02d} {t}", 21, "bold", GOLD, anchor="mm", max_width=step - 6)
        else:
            c.circle(x, 842, 7, fill=rgba(GOLD_PALE, 200))
            c.text((x, 876), f"{i + 1:02d} {t}", 18, "regular", rgba(GOLD_PALE, 190), anchor="mm", max_width=step - 6)

    # text
    c.rect((104, 236, 112, 282), fill=GOLD)
    c.text((130, 259), f"{hall_name} · 第 {idx + 1:02d} 展区", 32, "regular", GOLD_PALE, anchor="lm", max_width=800)
    size = 168 if len(title) <= 4 else 132
    c.text((100, 400), title, size, "bold", WHITE, anchor="lm", max_width=900)
    c.rect((108, 510, 380, 516), fill=GOLD)
    c.rect((388, 510, 420, 516), fill=GOLD)
    c.text((108, 580), subtitle, 50, "regular", GOLD_PALE, anchor="lm", max_width=900)
    c.text((1560, 60), f"{idx + 1:02d}", 64, "bold", rgba(GOLD, 120), anchor="rt")
    return c.save(path)


# --------------------------------------------------------------------------- board images
def board_canvas(title, w=1200, h=800):
    c = Canvas(w, h, CREAM)
    c.gradient((0, 0, w, 96), RED_DEEP, RED_BRIGHT, vertical=False)
    c.rect((0, 96, w, 102), fill=GOLD)
    c.poly(star_points(52, 48, 22), fill=GOLD)
    c.text((88, 48), title, 40, "bold", WHITE, anchor="lm", max_width=w - 130)
    # faint decoration in the lower right corner
    for r in (160, 130, 100):
        c.arc(w, h, r, 180, 270, fill=rgba(GOLD_DEEP, 60), width=3)
    c.text((w - 30, h - 22), "党员综合体验馆", 18, "regular", GREY, anchor="rm")
    return c


def img_nanhu(path):
    w, h = 1200, 800
    c = Canvas(w, h)
    horizon = 470
    c.gradient((0, 0, w, horizon), (250, 214, 160), (244, 160, 110))
    c.glow(820, 330, 260, (255, 236, 190), 200)
    c.circle(820, 330, 70, fill=(255, 240, 205))
    # the far shore with a pavilion on an island
    c.poly([(0, horizon), (0, 420), (160, 400), (330, 418), (520, 408), (700, 428), (900, 415), (1200, 430),
            (1200, horizon)], fill=(150, 96, 86))
    px, py = 300, 410
    c.rect((px - 120, py - 10, px + 120, horizon), fill=(118, 66, 62))
    c.rect((px - 70, py - 60, px + 70, py - 10), fill=(118, 66, 62))
    c.poly([(px - 130, py - 6), (px - 95, py - 36), (px + 95, py - 36), (px + 130, py - 6)], fill=(98, 50, 48))
    c.poly([(px - 95, py - 58), (px - 60, py - 90), (px + 60, py - 90), (px + 95, py - 58)], fill=(98, 50, 48))
    for tx in (90, 160, 460, 530, 610):
        c.circle(tx, 402, 34, fill=(126, 88, 70))
    # water
    c.gradient((0, horizon, w, h), (214, 150, 120), (120, 84, 92))
    rng = random.Random(7)
    for _ in range(90):
        x = rng.uniform(0, w)
        y = rng.uniform(horizon + 10, h - 10)
        ln = rng.uniform(20, 90)
        c.line([(x, y), (x + ln, y)], fill=(255, 236, 210, 70), width=2)
    c.line([(760, 480), (880, 480)], fill=(255, 244, 220, 160), width=4)
    c.line([(740, 500), (900, 500)], fill=(255, 244, 220, 120), width=3)
    # the boat and its reflection (mirrored about the waterline)
    bx, by, s = 600, 590, 230
    waterline = by + 0.28 * s
    hull = [(-1.08, -0.05), (1.12, -0.05), (0.93, 0.28), (-0.85, 0.28)]
    cabin = [(-0.6, -0.05), (0.5, -0.05), (0.5, -0.36), (-0.6, -0.36)]
    roof = [(-0.68 + 1.26 * i / 24, -0.36 - 0.2 * math.sin(math.pi * i / 24)) for i in range(25)]
    roof += [(0.58, -0.33), (-0.68, -0.33)]
    for reflected, alpha in ((True, 60), (False, 255)):
        def m(pts, reflected=reflected):
            out = []
            for x, y in pts:
                yy = by + y * s
                out.append((bx + x * s, 2 * waterline - yy if reflected else yy))
            return out

        c.poly(m(hull), fill=(92, 34, 24, alpha))
        c.poly(m(cabin), fill=(168, 30, 30, alpha))
        c.poly(m(roof), fill=(70, 30, 26, alpha))
        if not reflected:
            for k in range(5):
                x0 = -0.52 + k * 0.2
                c.rect((bx + x0 * s, by - 0.29 * s, bx + (x0 + 0.12) * s, by - 0.14 * s), fill=(250, 210, 150))
    # willow branches
    for k in range(14):
        x0 = 1200 - 20 - k * 16
        pts = [(x0 - 30 * math.sin(i / 6) - i * 2, i * 18) for i in range(12 + (k * 7) % 9)]
        c.line(pts, fill=(86, 94, 60, 210), width=3)
        for i, (x, y) in enumerate(pts[2:]):
            if i % 2 == 0:
                c.poly(ellipse_points(x - 6, y, 10, 4, 70), fill=(106, 120, 70, 220))
    c.rect((40, 40, 400, 130), fill=(122, 4, 14, 215), radius=8)
    c.text((70, 85), "嘉兴南湖 · 1921", 40, "bold", GOLD_PALE, anchor="lm")
    c.text((w - 24, h - 20), "示意图", 18, "regular", (255, 240, 220), anchor="rm")
    c.save(path)


def img_dashiji(path):
    c = board_canvas("党的光辉历程 · 大事年表")
    events = [("1921", "中共一大召开", "上海 · 嘉兴南湖"), ("1927", "南昌起义", "打响第一枪"),
              ("1935", "遵义会议", "伟大转折"), ("1949", "新中国成立", "10 月 1 日"),
              ("1978", "十一届三中全会", "改革开放"), ("2012", "党的十八大", "新时代"),
              ("2021", "建党百年", "全面建成小康社会"), ("2022", "党的二十大", "新征程")]
    y = 450
    c.gradient((60, y - 8, 1140, y + 8), RED_DEEP, GOLD_DEEP, vertical=False)
    c.poly([(1140, y - 22), (1180, y), (1140, y + 22)], fill=GOLD_DEEP)
    step = 130
    for i, (year, what, note) in enumerate(events):
        x = 145 + i * step
        up = i % 2 == 0
        c.circle(x, y, 16, fill=WHITE, outline=RED, width=5)
        y0, y1 = (150, 390) if up else (510, 750)
        c.line([(x, y - 16 if up else y + 16), (x, y1 if up else y0)], fill=rgba(RED, 180), width=3)
        bx0, bx1 = x - 115, x + 115
        cy0, cy1 = (160, 380) if up else (520, 740)
        c.rect((bx0, cy0, bx1, cy1), fill=WHITE, outline=rgba(GOLD_DEEP, 200), width=2, radius=14)
        c.rect((bx0, cy0, bx1, cy0 + 70), fill=RED, radius=14)
        c.rect((bx0, cy0 + 50, bx1, cy0 + 70), fill=RED)
        c.text(((bx0 + bx1) / 2, cy0 + 36), year, 44, "bold", GOLD_PALE, anchor="mm")
        c.text_box((bx0 + 12, cy0 + 84, bx1 - 12, cy0 + 150), what, 32, "bold", INK)
        c.text_box((bx0 + 12, cy0 + 152, bx1 - 12, cy1 - 14), note, 24, "regular", GREY)
    c.save(path)


def img_feiyue(path):
    c = board_canvas("从站起来、富起来到强起来")
    steps = [("站起来", "1949", "中华人民共和国成立"), ("富起来", "1978", "改革开放"),
             ("强起来", "2012", "中国特色社会主义进入新时代")]
    base = 700
    for i, (big, year, note) in enumerate(steps):
        x0 = 90 + i * 350
        x1 = x0 + 330
        top = 430 - i * 120
        c.gradient((x0, top, x1, base), RED_BRIGHT, RED_DEEP)
        c.rect((x0, top, x1, top + 10), fill=GOLD)
        c.text(((x0 + x1) / 2, top + 72), big, 60, "bold", WHITE, anchor="mm")
        c.text(((x0 + x1) / 2, top + 140), year, 40, "bold", GOLD_PALE, anchor="mm")
        c.text_box((x0 + 20, top + 170, x1 - 20, top + 260), note, 28, "regular", GOLD_PALE)
    # rising arrow
    c.line([(100, 380), (640, 160)], fill=GOLD_DEEP, width=10)
    ang = math.atan2(160 - 380, 640 - 100)
    tip = (640 + 40 * math.cos(ang), 160 + 40 * math.sin(ang))
    left = (640 + 24 * math.cos(ang + math.pi / 2), 160 + 24 * math.sin(ang + math.pi / 2))
    right = (640 - 24 * math.cos(ang + math.pi / 2), 160 - 24 * math.sin(ang + math.pi / 2))
    c.poly([tip, left, right], fill=GOLD_DEEP)
    c.line([(60, base), (1140, base)], fill=INK, width=3)
    c.text((600, 760), "中华民族迎来了从站起来、富起来到强起来的伟大飞跃", 28, "bold", RED, anchor="mm")
    c.save(path)


def img_tuopin(path):
    c = board_canvas("脱贫攻坚：现行标准下年末农村贫困人口")
    data = [(2012, 9899), (2013, 8249), (2014, 7017), (2015, 5575), (2016, 4335),
            (2017, 3046), (2018, 1660), (2019, 551), (2020, 0)]
    x0, x1, y0, y1 = 130, 1140, 170, 680
    vmax = 10000
    for v in range(0, vmax + 1, 2000):
        y = y1 - (y1 - y0) * v / vmax
        c.line([(x0, y), (x1, y)], fill=rgba(GREY, 60 if v else 200), width=2 if v else 3)
        c.text((x0 - 14, y), f"{v}", 22, "regular", GREY, anchor="rm")
    c.text((x0 - 14, y0 - 36), "万人", 22, "regular", GREY, anchor="rm")
    bw = (x1 - x0) / len(data)
    for i, (year, v) in enumerate(data):
        cx = x0 + bw * (i + 0.5)
        if v:
            top = y1 - (y1 - y0) * v / vmax
            c.gradient((cx - bw * 0.32, top, cx + bw * 0.32, y1), RED_BRIGHT, RED_DEEP)
            c.text((cx, top - 20), str(v), 26, "bold", RED_DEEP, anchor="mm")
        else:
            c.circle(cx, y1 - 50, 40, fill=GOLD)
            c.text((cx, y1 - 50), "清零", 24, "bold", RED_DEEP, anchor="mm")
            c.text((cx, y1 - 120), "全部脱贫", 26, "bold", RED, anchor="mm")
        c.text((cx, y1 + 26), str(year), 24, "bold" if year in (2012, 2020) else "regular", INK, anchor="mm")
    # key results
    c.rect((440, 150, 1140, 290), fill=WHITE, outline=GOLD_DEEP, width=2, radius=14)
    for k, (num, unit, what) in enumerate([("9899", "万", "农村贫困人口全部脱贫"),
                                            ("832", "个", "贫困县全部摘帽"),
                                            ("12.8", "万个", "贫困村全部出列")]):
        x = 557 + k * 233
        c.text((x, 196), num + unit, 40, "bold", RED, anchor="mm", max_width=215)
        c.text_box((x - 112, 226, x + 112, 282), what, 22, "regular", INK)
    c.text((600, 758), "到 2020 年底，现行标准下农村贫困人口全部脱贫", 26, "regular", INK, anchor="mm")
    c.save(path)


def img_sijiang_siyou(path):
    c = board_canvas("合格党员 · 四讲四有")
    items = [("讲政治", "有信念"), ("讲规矩", "有纪律"), ("讲道德", "有品行"), ("讲奉献", "有作为")]
    for i, (a, b) in enumerate(items):
        col, row = i % 2, i // 2
        x0 = 90 + col * 530
        y0 = 150 + row * 300
        x1, y1 = x0 + 490, y0 + 260
        c.rect((x0 + 6, y0 + 8, x1 + 6, y1 + 8), fill=rgba(INK, 40), radius=20)
        c.rect((x0, y0, x1, y1), fill=WHITE, outline=rgba(GOLD_DEEP, 220), width=3, radius=20)
        c.rect((x0, y0, x0 + 170, y1), fill=RED, radius=20)
        c.rect((x0 + 150, y0, x0 + 170, y1), fill=RED)
        c.text((x0 + 85, y0 + 130), f"{i + 1}", 110, "bold", GOLD, anchor="mm")
        c.text((x0 + 330, y0 + 90), a, 64, "bold", RED, anchor="mm")
        c.rect((x0 + 250, y0 + 132, x0 + 410, y0 + 136), fill=GOLD_DEEP)
        c.text((x0 + 330, y0 + 185), b, 56, "regular", INK, anchor="mm")
    c.save(path)


def img_sanhui_yike(path):
    c = board_canvas("“三会一课”与组织生活")
    cx, cy = 600, 390
    boxes = [((90, 140, 470, 300), "支部党员大会", "一般每季度召开 1 次"),
             ((730, 140, 1110, 300), "支部委员会会议", "一般每月召开 1 次"),
             ((90, 480, 470, 640), "党小组会", "一般每月召开 1 次"),
             ((730, 480, 1110, 640), "党课", "党支部书记每年\n至少为党员讲 1 次")]
    for (x0, y0, x1, y1), _, _ in boxes:
        ex, ey = (x1 if x0 < cx else x0), (y1 if y0 < cy else y0)
        c.line([(cx, cy), (ex, ey)], fill=rgba(GOLD_DEEP, 220), width=5)
    c.circle(cx, cy, 130, fill=RED, outline=GOLD, width=8)
    c.text((cx, cy - 28), "三会", 54, "bold", GOLD_PALE, anchor="mm")
    c.text((cx, cy + 38), "一课", 54, "bold", GOLD_PALE, anchor="mm")
    for (x0, y0, x1, y1), head, note in boxes:
        c.rect((x0, y0, x1, y1), fill=WHITE, outline=RED, width=3, radius=18)
        c.rect((x0, y0, x1, y0 + 70), fill=RED, radius=18)
        c.rect((x0, y0 + 50, x1, y0 + 70), fill=RED)
        c.text(((x0 + x1) / 2, y0 + 36), head, 36, "bold", WHITE, anchor="mm")
        c.text_box((x0 + 20, y0 + 80, x1 - 20, y1 - 10), note, 30, "regular", INK)
    extras = ["主题党日：每月相对固定 1 天", "组织生活会：一般每年 1 次", "民主评议党员：一般每年 1 次"]
    for k, t in enumerate(extras):
        x0 = 40 + k * 380
        c.rect((x0, 675, x0 + 360, 735), fill=rgba(GOLD, 120), radius=30)
        c.text((x0 + 180, 705), t, 24, "bold", RED_DEEP, anchor="mm", max_width=340)
    c.save(path)


def img_zuzhi_wangluo(path):
    c = board_canvas("社区党组织体系示意")
    levels = [("社区党组织", 175), ("网格党支部", 335), ("楼栋党小组", 495), ("党员中心户", 650)]
    for name, y in levels:
        c.rect((30, y - 40, 210, y + 40), fill=rgba(GOLD, 90), radius=12)
        c.text((120, y), name, 28, "bold", RED_DEEP, anchor="mm", max_width=170)
    tx0, tx1 = 260, 1160
    root = ((tx0 + tx1) / 2, 175)
    grids = [tx0 + (tx1 - tx0) * (k + 0.5) / 3 for k in range(3)]
    leaves = [tx0 + (tx1 - tx0) * (k + 0.5) / 6 for k in range(6)]
    homes = [tx0 + (tx1 - tx0) * (k + 0.5) / 12 for k in range(12)]
    for k, gx in enumerate(grids):
        c.line([root, (gx, 335)], fill=RED, width=5)
        for lx in leaves[2 * k: 2 * k + 2]:
            c.line([(gx, 335), (lx, 495)], fill=RED, width=4)
    for k, lx in enumerate(leaves):
        for hx in homes[2 * k: 2 * k + 2]:
            c.line([(lx, 495), (hx, 650)], fill=rgba(RED, 170), width=3)
    c.rect((root[0] - 170, 135, root[0] + 170, 215), fill=RED, outline=GOLD, width=4, radius=16)
    c.poly(star_points(root[0] - 130, 175, 20), fill=GOLD)
    c.text((root[0] + 15, 175), "社区党组织", 38, "bold", WHITE, anchor="mm")
    for k, gx in enumerate(grids):
        c.rect((gx - 115, 300, gx + 115, 370), fill=RED_BRIGHT, radius=14)
        c.text((gx, 335), f"第{'一二三'[k]}网格党支部", 28, "bold", WHITE, anchor="mm", max_width=215)
    for k, lx in enumerate(leaves):
        c.rect((lx - 62, 465, lx + 62, 525), fill=WHITE, outline=RED, width=3, radius=12)
        c.text((lx, 495), f"{k + 1}号楼", 26, "bold", RED, anchor="mm")
    for hx in homes:
        c.circle(hx, 650, 26, fill=GOLD)
        c.poly([(hx - 14, 652), (hx, 638), (hx + 14, 652)], fill=RED_DEEP)
        c.rect((hx - 9, 652, hx + 9, 664), fill=RED_DEEP)
    c.text((710, 730), "小事不出楼栋 · 大事不出社区", 32, "bold", RED, anchor="mm")
    c.save(path)


def img_wubao_wucu(path):
    c = board_canvas("“五包五促”工作法")
    bao = ["包联系走访", "包政策宣传", "包民情收集", "包矛盾化解", "包帮扶服务"]
    cu = ["促党建提升", "促民生改善", "促邻里和谐", "促平安建设", "促文明进步"]
    c.text((270, 150), "五包 · 责任到户", 36, "bold", RED, anchor="mm")
    c.text((930, 150), "五促 · 见到实效", 36, "bold", GOLD_DEEP, anchor="mm")
    for i in range(5):
        y = 230 + i * 105
        c.rect((80, y - 40, 460, y + 40), fill=RED, radius=40)
        c.circle(120, y, 28, fill=GOLD)
        c.text((120, y), str(i + 1), 30, "bold", RED_DEEP, anchor="mm")
        c.text((290, y), bao[i], 36, "bold", WHITE, anchor="mm")
        c.rect((740, y - 40, 1120, y + 40), fill=GOLD, radius=40)
        c.circle(780, y, 28, fill=RED)
        c.text((780, y), str(i + 1), 30, "bold", GOLD_PALE, anchor="mm")
        c.text((950, y), cu[i], 36, "bold", RED_DEEP, anchor="mm")
        c.line([(470, y), (640, y)], fill=rgba(GOLD_DEEP, 120), width=4)
    c.rect((530, 230, 670, 650), fill=rgba(RED, 30), radius=20)
    c.poly([(560, 370), (640, 370), (640, 335), (720, 440), (640, 545), (640, 510), (560, 510)], fill=RED_BRIGHT)
    c.text((605, 418), "以包", 30, "bold", WHITE, anchor="mm")
    c.text((605, 462), "促进", 30, "bold", WHITE, anchor="mm")
    c.text((600, 720), "把服务和责任包到具体的户、具体的事上", 28, "regular", INK, anchor="mm")
    c.save(path)


def img_yitian(path):
    c = board_canvas("社区专干的一天（示意）")
    stops = [("清晨", "走网格\n查隐患"), ("上午", "接待居民\n办理事务"), ("中午", "助餐点\n看老人"),
             ("下午", "入户走访\n送政策"), ("傍晚", "整理\n民情日志"), ("晚上", "参加\n议事会")]
    x0, x1 = 120, 1080
    base = 430
    c.line([(70, base), (1130, base)], fill=GOLD_DEEP, width=6)
    for i, (when, what) in enumerate(stops):
        x = x0 + (x1 - x0) * i / 5
        t = i / 5
        sy = base - 40 - 200 * math.sin(math.pi * min(1, t * 1.15))
        if i < 5:
            c.glow(x, sy, 60, (255, 200, 90), 120)
            c.circle(x, sy, 26, fill=GOLD if i not in (0, 4) else (244, 150, 70))
        else:
            c.circle(x, sy - 20, 28, fill=(90, 90, 130))
            c.circle(x + 12, sy - 28, 24, fill=CREAM)
            for sx, sy2 in ((x - 50, sy - 60), (x + 40, sy - 80), (x - 30, sy + 10)):
                c.poly(star_points(sx, sy2, 9), fill=(90, 90, 130))
        c.line([(x, sy + 30 if i < 5 else sy + 10), (x, base - 14)], fill=rgba(GREY, 90), width=2)
        c.circle(x, base, 14, fill=RED, outline=WHITE, width=3)
        c.rect((x - 80, base + 40, x + 80, base + 250), fill=WHITE, outline=rgba(RED, 200), width=3, radius=16)
        c.rect((x - 80, base + 40, x + 80, base + 100), fill=RED, radius=16)
        c.rect((x - 80, base + 80, x + 80, base + 100), fill=RED)
        c.text((x, base + 70), when, 32, "bold", GOLD_PALE, anchor="mm")
        c.text_box((x - 70, base + 110, x + 70, base + 240), what, 28, "regular", INK)
    c.text((600, 760), "忙碌而琐碎，平凡而温暖", 30, "bold", RED, anchor="mm")
    c.save(path)


def img_hexin(path):
    c = board_canvas("社会主义核心价值观")
    rows = [("国家层面", "价值目标", ["富强", "民主", "文明", "和谐"], RED),
            ("社会层面", "价值取向", ["自由", "平等", "公正", "法治"], RED_BRIGHT),
            ("个人层面", "价值准则", ["爱国", "敬业", "诚信", "友善"], (200, 84, 40))]
    for r, (level, kind, words, col) in enumerate(rows):
        y0 = 145 + r * 205
        y1 = y0 + 180
        c.rect((50, y0, 300, y1), fill=col, radius=18)
        c.text((175, y0 + 70), level, 42, "bold", WHITE, anchor="mm")
        c.text((175, y0 + 128), kind, 30, "regular", GOLD_PALE, anchor="mm")
        for k, wd in enumerate(words):
            x = 420 + k * 200
            c.circle(x, (y0 + y1) / 2, 82, fill=WHITE, outline=col, width=6)
            c.circle(x, (y0 + y1) / 2, 68, outline=rgba(GOLD_DEEP, 160), width=2)
            c.text((x, (y0 + y1) / 2), wd, 52, "bold", col, anchor="mm")
    c.save(path)


def img_baxiang(path):
    c = board_canvas("中央八项规定")
    items = ["改进调查研究", "精简会议活动", "精简文件简报", "规范出访活动",
             "改进警卫工作", "改进新闻报道", "严格文稿发表", "厉行勤俭节约"]
    nums = "一二三四五六七八"
    for i, t in enumerate(items):
        col, row = i % 4, i // 4
        x0 = 50 + col * 280
        y0 = 150 + row * 250
        x1, y1 = x0 + 260, y0 + 225
        c.rect((x0, y0, x1, y1), fill=WHITE, outline=rgba(RED, 220), width=3, radius=18)
        c.circle((x0 + x1) / 2, y0 + 70, 46, fill=RED)
        c.text(((x0 + x1) / 2, y0 + 70), nums[i], 50, "bold", GOLD_PALE, anchor="mm")
        c.text(((x0 + x1) / 2, y0 + 165), t, 34, "bold", INK, anchor="mm", max_width=236)
    c.rect((50, 665, 1150, 745), fill=RED_DEEP, radius=40)
    c.text((600, 705), "坚决反对形式主义、官僚主义、享乐主义和奢靡之风", 32, "bold", GOLD_PALE, anchor="mm",
           max_width=1060)
    c.save(path)


def img_liuxiang(path):
    c = board_canvas("党的六项纪律")
    cx, cy, R = 600, 440, 250
    names = ["政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律"]
    pts = [(cx + R * math.cos(math.radians(-90 + k * 60)), cy + R * math.sin(math.radians(-90 + k * 60)))
           for k in range(6)]
    c.poly(pts, fill=rgba(RED, 25), outline=rgba(RED, 160), width=4)
    for p in pts:
        c.line([(cx, cy), p], fill=rgba(GOLD_DEEP, 160), width=3)
    hexagon = [(cx + 118 * math.cos(math.radians(k * 60)), cy + 118 * math.sin(math.radians(k * 60))) for k in range(6)]
    c.poly(hexagon, fill=RED, outline=GOLD, width=6)
    c.text((cx, cy - 28), "党的", 44, "bold", GOLD_PALE, anchor="mm")
    c.text((cx, cy + 32), "纪律", 56, "bold", WHITE, anchor="mm")
    for k, (x, y) in enumerate(pts):
        col = RED_DEEP if k == 0 else RED_BRIGHT
        hx = [(x + 92 * math.cos(math.radians(a * 60)), y + 92 * math.sin(math.radians(a * 60))) for a in range(6)]
        c.poly(hx, fill=WHITE, outline=col, width=6)
        c.text((x, y - 18), names[k][:2], 42, "bold", col, anchor="mm")
        c.text((x, y + 30), names[k][2:], 30, "regular", INK, anchor="mm")
    c.text((1160, 150), "政治纪律是最重要、最根本、最关键的纪律", 24, "regular", GREY, anchor="ra")
    c.save(path)


def img_xiandaihua(path):
    c = board_canvas("中国式现代化的中国特色")
    cx, cy, R = 600, 445, 225
    feats = ["人口规模巨大\n的现代化", "全体人民\n共同富裕\n的现代化", "物质文明和\n精神文明相协调\n的现代化",
             "人与自然\n和谐共生\n的现代化", "走和平\n发展道路\n的现代化"]
    cols = [RED, RED_BRIGHT, (200, 84, 40), (190, 120, 30), RED_DEEP]
    for k, t in enumerate(feats):
        a = math.radians(-90 + k * 72)
        x, y = cx + R * math.cos(a), cy + R * math.sin(a)
        c.line([(cx, cy), (x, y)], fill=rgba(GOLD_DEEP, 200), width=4)
    c.circle(cx, cy, 122, fill=GOLD, outline=RED, width=6)
    c.text_box((cx - 95, cy - 80, cx + 95, cy + 80), "中国式\n现代化", 46, "bold", RED_DEEP, leading=1.25)
    for k, t in enumerate(feats):
        a = math.radians(-90 + k * 72)
        x, y = cx + R * math.cos(a), cy + R * math.sin(a)
        c.circle(x, y, 112, fill=cols[k], outline=WHITE, width=5)
        c.text_box((x - 86, y - 80, x + 86, y + 80), t, 28, "bold", WHITE, leading=1.3)
    c.save(path)


def img_lucheng(path):
    c = board_canvas("全面建成社会主义现代化强国 · 两步走")
    c.gradient((0, 102, 1200, 800), CREAM, (250, 226, 196))
    # a road rising from the lower left to the upper right
    pts = [(30, 730), (300, 640), (600, 520), (900, 400), (1170, 290)]
    c.line(pts, fill=RED, width=46)
    c.line(pts, fill=GOLD, width=6)
    stops = [((300, 640), "2020", "全面建成小康社会", "第一个百年奋斗目标", "above"),
             ((600, 520), "2035", "基本实现\n社会主义现代化", "第一步", "below"),
             ((900, 400), "本世纪中叶", "建成社会主义\n现代化强国", "第二步", "below")]
    for (x, y), year, what, note, where in stops:
        c.line([(x, y), (x, y - 130)], fill=INK, width=5)
        c.poly(flag_points(x, y - 130, 80, 50, 6, n=12), fill=RED_BRIGHT)
        c.poly(star_points(x + 22, y - 108, 11), fill=GOLD)
        c.circle(x, y, 18, fill=GOLD, outline=RED_DEEP, width=4)
        bx0 = x - 130 if where == "above" else x - 60  # keep clear of the road
        by0 = y - 330 if where == "above" else y + 60
        c.rect((bx0, by0, bx0 + 260, by0 + 180), fill=WHITE, outline=rgba(RED, 200), width=3, radius=16)
        c.text((bx0 + 130, by0 + 38), year, 38, "bold", RED, anchor="mm", max_width=240)
        c.text_box((bx0 + 14, by0 + 68, bx0 + 246, by0 + 132), what, 28, "bold", INK)
        c.text_box((bx0 + 14, by0 + 134, bx0 + 246, by0 + 172), note, 22, "regular", GREY)
    c.text((80, 180), "从 2020 年到 2035 年：基本实现社会主义现代化", 30, "bold", RED_DEEP, anchor="lm", max_width=700)
    c.text((80, 230), "从 2035 年到本世纪中叶：建成社会主义现代化强国", 30, "bold", RED_DEEP, anchor="lm", max_width=700)
    c.save(path)


BOARD_IMAGES = {
    "01-guanghui-licheng": {"nanhu.png": img_nanhu, "dashiji.png": img_dashiji},
    "02-weida-gongji": {"feiyue.png": img_feiyue, "tuopin.png": img_tuopin},
    "03-xianfeng-yinlu": {"sijiang-siyou.png": img_sijiang_siyou},
    "04-zhidu-jianshe": {"sanhui-yike.png": img_sanhui_yike},
    "05-xingfu-jiayuan": {"zuzhi-wangluo.png": img_zuzhi_wangluo},
    "06-wubao-wucu": {"wubao-wucu.png": img_wubao_wucu},
    "07-shequ-zhuangan": {"yitian.png": img_yitian},
    "08-wenming-jianshe": {"hexin-jiazhiguan.png": img_hexin},
    "09-jingzhong-changming": {"baxiang-guiding.png": img_baxiang, "liuxiang-jilv.png": img_liuxiang},
    "10-jiwang-kailai": {"xiandaihua.png": img_xiandaihua, "lucheng.png": img_lucheng},
}


# --------------------------------------------------------------------------- main
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--content", type=Path, default=ROOT / "content",
                    help="content folder to read hall.yaml and zone.yaml from (default: content/)")
    ap.add_argument("--out", type=Path, default=None, help="write the images here instead of into --content")
    args = ap.parse_args(argv)
    import yaml

    out = args.out or args.content
    hall = yaml.safe_load((args.content / "hall.yaml").read_text(encoding="utf-8"))
    zones = hall["zones"]
    if len(zones) != len(MOTIFS):
        raise SystemExit(f"expected {len(MOTIFS)} zones, hall.yaml lists {len(zones)}")
    metas = [yaml.safe_load((args.content / "zones" / z / "zone.yaml").read_text(encoding="utf-8")) for z in zones]
    titles = [m["title"] for m in metas]
    written = []
    for i, (folder, meta) in enumerate(zip(zones, metas)):
        zdir = out / "zones" / folder
        written.append(make_cover(zdir / meta.get("cover", "cover.png"), i, meta["title"], meta["subtitle"], titles,
                                  hall["name"]))
        for name, fn in BOARD_IMAGES.get(folder, {}).items():
            fn(zdir / "images" / name)
            written.append(zdir / "images" / name)
    total = 0
    for p in written:
        size = p.stat().st_size
        total += size
        print(f"{size / 1024:7.1f} KB  {p.relative_to(out)}")
    print(f"{total / 1024 / 1024:7.2f} MB  total ({len(written)} images)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
