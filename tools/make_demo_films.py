#!/usr/bin/env python3
"""Make the theatre's demo programme: two short films, the lecture's slides, the flag background.

Everything is ours: the scenes are drawn frame by frame with Pillow (shapes and text, no copied
pictures), the narration is spoken by espeak-ng (Mandarin), and ffmpeg encodes the frames and the
narration into H.264 + AAC MP4 files small enough for the repository (1280x720, low motion).
The drawing is deterministic (fixed seeds); the encoder's output may differ by a few bytes
between ffmpeg versions.

    python tools/make_demo_films.py                 # writes content/theatre/ and assets/theatre/
    python tools/make_demo_films.py --out DIR       # content into DIR/theatre instead
    python tools/make_demo_films.py --only slides   # films | slides | flag

Needs ffmpeg and espeak-ng (both only for this script: the kiosk plays the committed files).
"""
from __future__ import annotations

import argparse
import math
import random
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kiosk.passes.fonts import cjk_font  # noqa: E402

W, H = 1280, 720
FPS = 25
RED = (178, 16, 26)
RED_DEEP = (110, 4, 12)
GOLD = (246, 202, 96)
GOLD_PALE = (252, 230, 170)
CREAM = (252, 246, 234)
INK = (40, 20, 16)


# --------------------------------------------------------------------------- drawing helpers
def vgradient(w: int, h: int, top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    mask = Image.linear_gradient("L").resize((w, h))
    return Image.composite(Image.new("RGB", (w, h), bottom), Image.new("RGB", (w, h), top), mask)


def text_center(d: ImageDraw.ImageDraw, y: float, text: str, size: int, fill, bold: bool = True, w: int = W) -> None:
    font = cjk_font(size, bold=bold)
    left, top, right, bottom = d.textbbox((0, 0), text, font=font)
    d.text(((w - (right - left)) / 2 - left, y - top), text, font=font, fill=fill)


def subtitle(img: Image.Image, text: str) -> None:
    """The narration as a subtitle at the bottom, on a soft dark band."""
    band = Image.new("RGBA", (W, 86), (0, 0, 0, 120))
    img.paste(band, (0, H - 96), band)
    d = ImageDraw.Draw(img)
    text_center(d, H - 80, text, 36, (255, 255, 255), bold=False)


def star(d: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill, rot: float = -90) -> None:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.382
        a = math.radians(rot + i * 36)
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    d.polygon(pts, fill=fill)


def mountains(d: ImageDraw.ImageDraw, seed: int, base: float, height: float, color, step: int = 80) -> None:
    rnd = random.Random(seed)
    pts = [(0, H)]
    x = -step
    while x <= W + step:
        pts.append((x, base - rnd.uniform(0.3, 1.0) * height))
        x += step
    pts.append((W, H))
    d.polygon(pts, fill=color)


# --------------------------------------------------------------------------- scenes
@dataclass
class Scene:
    narration: str
    draw: Callable[[float, float], Image.Image]
    """(t in 0..1 through the scene, seconds into it) → the frame without its subtitle."""
    subtitle: bool = True


def title_card(title: str, line: str) -> Callable[[float, float], Image.Image]:
    base = vgradient(W, H, RED, RED_DEEP)
    d = ImageDraw.Draw(base)
    for i in range(5):
        star(d, 200 + i * 220, 120 + (i % 2) * 30, 14 if i else 30, GOLD)
    text_center(d, 250, title, 120, GOLD)
    text_center(d, 430, line, 40, GOLD_PALE, bold=False)

    def draw(t: float, s: float) -> Image.Image:
        img = base.copy()
        # a slow band of light across the title
        x = int(-300 + t * (W + 600))
        light = Image.new("L", (W, H), 0)
        ImageDraw.Draw(light).polygon([(x, 200), (x + 120, 200), (x + 40, 420), (x - 80, 420)], fill=70)
        img.paste(Image.new("RGB", (W, H), (255, 240, 200)), (0, 0), light.filter(ImageFilter.GaussianBlur(20)))
        return img

    return draw


def lake_boat(dawn: bool) -> Callable[[float, float], Image.Image]:
    sky = vgradient(W, 430, (250, 170, 110) if dawn else (60, 70, 110), (252, 226, 180) if dawn else (140, 120, 140))
    water = vgradient(W, H - 430, (120, 150, 160), (50, 80, 100))
    base = Image.new("RGB", (W, H))
    base.paste(sky, (0, 0))
    base.paste(water, (0, 430))
    d = ImageDraw.Draw(base)
    mountains(d, 3, 430, 60, (90, 110, 120))
    # the pavilion island on the left
    d.ellipse((60, 400, 420, 460), fill=(60, 90, 70))
    d.rectangle((170, 330, 300, 410), fill=(150, 40, 30))
    d.polygon([(150, 335), (235, 285), (320, 335)], fill=(70, 50, 40))
    for i in range(4):
        d.ellipse((80 + i * 80, 350 - (i % 2) * 20, 160 + i * 80, 420), fill=(50, 110, 70))

    def draw(t: float, s: float) -> Image.Image:
        img = base.copy()
        dd = ImageDraw.Draw(img)
        if dawn:
            r = 60
            cy = 430 - t * 120
            dd.ellipse((900 - r, cy - r, 900 + r, cy + r), fill=(255, 220, 140))
        bx = 520 + t * 160
        by = 500 + 4 * math.sin(s * 1.4)
        dd.polygon([(bx, by), (bx + 330, by), (bx + 290, by + 40), (bx + 40, by + 40)], fill=(150, 18, 20))
        dd.rectangle((bx + 70, by - 60, bx + 250, by), fill=(120, 60, 30))
        dd.polygon([(bx + 55, by - 60), (bx + 160, by - 95), (bx + 265, by - 60)], fill=(90, 40, 24))
        for k in range(6):  # ripples
            y = 560 + k * 25
            off = (s * 30 + k * 50) % 200
            for x in range(-200, W, 200):
                dd.line([(x + off, y), (x + off + 80, y)], fill=(170, 200, 210), width=2)
        return img

    return draw


def night_sky_to_torch(phase: int) -> Callable[[float, float], Image.Image]:
    rnd = random.Random(11 + phase)
    stars = [(rnd.uniform(0, W), rnd.uniform(0, 380), rnd.uniform(1, 3)) for _ in range(90)]
    base = vgradient(W, H, (16, 20, 48), (70, 40, 60))
    d = ImageDraw.Draw(base)
    mountains(d, 5 + phase, 520, 180, (30, 26, 40), step=110)
    mountains(d, 7 + phase, 600, 120, (20, 16, 26), step=90)

    def draw(t: float, s: float) -> Image.Image:
        img = base.copy()
        dd = ImageDraw.Draw(img)
        for i, (x, y, r) in enumerate(stars):
            a = 150 + int(100 * math.sin(s * 2 + i))
            dd.ellipse((x - r, y - r, x + r, y + r), fill=(a, a, min(255, a + 30)))
        # a fire that grows
        cx, cy = 640, 600
        size = 20 + (t * 60 if phase == 0 else 80)
        for k in range(3):
            flick = 1 + 0.08 * math.sin(s * 9 + k)
            hh = size * (1.6 - k * 0.4) * flick
            ww = size * (0.7 - k * 0.18)
            col = [(230, 60, 20), (250, 150, 30), (255, 230, 120)][k]
            dd.polygon([(cx - ww, cy), (cx, cy - hh), (cx + ww, cy)], fill=col)
        return img

    return draw


def long_road() -> Callable[[float, float], Image.Image]:
    base = vgradient(W, H, (240, 190, 120), (250, 232, 196))
    d = ImageDraw.Draw(base)
    mountains(d, 21, 420, 200, (150, 110, 100), step=140)
    mountains(d, 22, 480, 120, (120, 90, 80), step=100)
    d.polygon([(600, 470), (680, 470), (1000, H), (280, H)], fill=(200, 160, 110))

    def draw(t: float, s: float) -> Image.Image:
        img = base.copy()
        dd = ImageDraw.Draw(img)
        # marchers walking up the road, smaller as they go
        for k in range(7):
            p = (t * 0.4 + k / 7) % 1.0
            y = H - p * 240
            x = 640 + (k % 2 - 0.5) * 120 * (1 - p)
            sc = 1.2 - p
            dd.rectangle((x - 8 * sc, y - 50 * sc, x + 8 * sc, y), fill=(70, 60, 50))
            dd.ellipse((x - 9 * sc, y - 68 * sc, x + 9 * sc, y - 50 * sc), fill=(70, 60, 50))
        # the red flag at the front
        fx, fy = 700, 420
        dd.line([(fx, fy), (fx, fy + 110)], fill=(80, 60, 40), width=4)
        wave_ = 6 * math.sin(s * 3)
        dd.polygon([(fx, fy), (fx + 80, fy + 8 + wave_), (fx + 80, fy + 50 + wave_), (fx, fy + 44)], fill=RED)
        return img

    return draw


def city_dawn() -> Callable[[float, float], Image.Image]:
    rnd = random.Random(31)
    base = vgradient(W, H, (255, 190, 130), (255, 236, 210))
    d = ImageDraw.Draw(base)
    x = 0
    while x < W:
        w = rnd.randint(50, 120)
        h = rnd.randint(120, 380)
        col = rnd.choice([(150, 90, 80), (170, 110, 90), (130, 80, 70)])
        d.rectangle((x, H - 120 - h, x + w, H - 120), fill=col)
        for wy in range(H - 110 - h, H - 130, 26):
            for wx in range(x + 8, x + w - 10, 18):
                d.rectangle((wx, wy, wx + 8, wy + 12), fill=(255, 226, 160))
        x += w + rnd.randint(4, 20)
    d.rectangle((0, H - 120, W, H), fill=(90, 70, 70))

    def draw(t: float, s: float) -> Image.Image:
        img = base.copy()
        dd = ImageDraw.Draw(img)
        r = 70
        cy = 260 - t * 60
        dd.ellipse((1000 - r, cy - r, 1000 + r, cy + r), fill=(255, 210, 120))
        for k in range(4):  # birds
            bx = (s * 60 + k * 170) % (W + 100) - 50
            by = 140 + k * 30 + 6 * math.sin(s * 4 + k)
            dd.line([(bx - 14, by - 6), (bx, by), (bx + 14, by - 6)], fill=(80, 50, 40), width=3)
        return img

    return draw


FILMS = {
    "hongchuan-qihang": [
        Scene("红船启航。", title_card("红船启航", "体验馆自制红色短片"), subtitle=False),
        Scene("一九二一年，中共一大在嘉兴南湖的一条红船上闭幕。", lake_boat(dawn=False)),
        Scene("一个伟大的政党，从这里启航。", lake_boat(dawn=True)),
        Scene("开天辟地、敢为人先的首创精神，", night_sky_to_torch(0)),
        Scene("坚定理想、百折不挠的奋斗精神，", night_sky_to_torch(1)),
        Scene("立党为公、忠诚为民的奉献精神。", city_dawn()),
        Scene("不忘初心，牢记使命。", title_card("不忘初心 牢记使命", "红船精神 永放光芒"), subtitle=False),
    ],
    "xinghuo-liaoyuan": [
        Scene("星星之火，可以燎原。", title_card("星火燎原", "体验馆自制红色短片"), subtitle=False),
        Scene("在最艰难的岁月里，一点星火照亮了前进的道路。", night_sky_to_torch(0)),
        Scene("红军长征二万五千里，跨过万水千山。", long_road()),
        Scene("革命先辈用信仰和热血，铺就了胜利之路。", long_road()),
        Scene("今天，我们沿着先辈的足迹，走在新时代的征程上。", city_dawn()),
        Scene("传承红色基因，赓续精神血脉。", title_card("传承红色基因", "赓续精神血脉"), subtitle=False),
    ],
}


# --------------------------------------------------------------------------- audio + encoding
def speak(text: str, path: Path) -> None:
    subprocess.run(["espeak-ng", "-v", "cmn", "-s", "150", "-w", str(path), text], check=True)


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def join_wavs(parts: list[tuple[Path, float]], out: Path) -> None:
    """Concatenate WAVs, each followed by silence so that it fills its scene's length."""
    with wave.open(str(parts[0][0])) as first:
        params = first.getparams()
    with wave.open(str(out), "wb") as dst:
        dst.setparams(params)
        for path, scene_seconds in parts:
            with wave.open(str(path)) as src:
                frames = src.readframes(src.getnframes())
            dst.writeframes(frames)
            pad = int(scene_seconds * params.framerate) - len(frames) // (params.sampwidth * params.nchannels)
            dst.writeframes(b"\0" * max(0, pad) * params.sampwidth * params.nchannels)


def make_film(name: str, scenes: list[Scene], out_dir: Path, work: Path) -> Path:
    parts = []
    for i, scene in enumerate(scenes):
        wav = work / f"{name}-{i}.wav"
        speak(scene.narration, wav)
        parts.append((wav, max(5.0, wav_seconds(wav) + 1.2)))
    audio = work / f"{name}.wav"
    join_wavs(parts, audio)
    out = out_dir / f"{name}.mp4"
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [
        "ffmpeg", "-v", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{W}x{H}", "-r", str(FPS), "-i", "-",
        "-i", str(audio),
        "-c:v", "libx264", "-preset", "slow", "-crf", "30", "-pix_fmt", "yuv420p", "-g", str(FPS * 2),
        "-c:a", "aac", "-b:a", "48k", "-ac", "1",
        "-movflags", "+faststart", "-shortest", str(out),
    ]
    enc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    assert enc.stdin is not None
    for scene, (_wav, seconds) in zip(scenes, parts):
        frames = round(seconds * FPS)
        for f in range(frames):
            img = scene.draw(f / max(1, frames - 1), f / FPS)
            if scene.subtitle:
                subtitle(img, scene.narration)
            enc.stdin.write(img.tobytes())
    enc.stdin.close()
    if enc.wait() != 0:
        raise SystemExit(f"ffmpeg failed for {name}")
    total = sum(s for _w, s in parts)
    print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: {total:.1f} s, {out.stat().st_size / 1e6:.2f} MB")
    return out


# --------------------------------------------------------------------------- lecture slides
SLIDES = [
    ("党史学习专题讲座", "中国共产党的光辉历程", "体验馆讲解员"),
    ("一、开天辟地", "1921 年 7 月，中国共产党第一次全国代表大会召开，中国共产党正式成立。", "红船精神：首创、奋斗、奉献"),
    ("二、浴血奋战", "1934 年至 1936 年，红军长征，行程二万五千里。", "长征精神：坚定信念、不怕牺牲"),
    ("三、新中国成立", "1949 年 10 月 1 日，中华人民共和国成立。", "中国人民从此站起来了"),
    ("四、改革开放", "1978 年 12 月，党的十一届三中全会召开。", "实现新中国成立以来党的历史上具有深远意义的伟大转折"),
    ("五、新时代", "2012 年 11 月，党的十八大召开，中国特色社会主义进入新时代。", "全面建成小康社会，开启全面建设社会主义现代化国家新征程"),
    ("六、党员的义务", "认真学习，密切联系群众，起先锋模范作用。", "《中国共产党章程》第三条"),
    ("谢谢聆听", "不忘初心 · 牢记使命", "欢迎参观体验馆展区"),
]
NARRATION = [
    "欢迎参加党史学习专题讲座。",
    "一九二一年七月，中国共产党第一次全国代表大会召开。",
    "红军长征，行程二万五千里。",
    "一九四九年十月一日，中华人民共和国成立。",
    "一九七八年十二月，党的十一届三中全会召开。",
    "党的十八大以来，中国特色社会主义进入新时代。",
    "党员要认真学习，密切联系群众，起先锋模范作用。",
    "谢谢大家。",
]


def wrap(text: str, font, width: int, d: ImageDraw.ImageDraw) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if d.textlength(line + ch, font=font) > width and line:
            lines.append(line)
            line = ch
        else:
            line += ch
    return [*lines, line] if line else lines


def make_slides(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.png"):
        old.unlink()
    for i, (title, body, note) in enumerate(SLIDES):
        img = Image.new("RGB", (1920, 1080), CREAM)
        d = ImageDraw.Draw(img)
        d.rectangle((0, 0, 1920, 190), fill=RED)
        star(d, 110, 95, 46, GOLD)
        d.text((190, 40), title, font=cjk_font(88, bold=True), fill=GOLD)
        d.rectangle((0, 1040, 1920, 1080), fill=RED_DEEP)
        d.text((60, 1046), "党员综合体验馆 · 多媒体演播区", font=cjk_font(24), fill=GOLD_PALE)
        font = cjk_font(72, bold=True)
        y = 330
        for line in wrap(body, font, 1680, d):
            d.text((120, y), line, font=font, fill=INK)
            y += 110
        d.rectangle((120, y + 50, 132, y + 130), fill=RED)
        nfont = cjk_font(48)
        for line in wrap(note, nfont, 1600, d):
            d.text((160, y + 56), line, font=nfont, fill=(120, 60, 40))
            y += 70
        d.text((1780, 1046), f"{i + 1}/{len(SLIDES)}", font=cjk_font(24), fill=GOLD_PALE)
        img.save(out_dir / f"{i + 1:02d}.png", optimize=True)
    print(f"{len(SLIDES)} slides in {out_dir}")


# --------------------------------------------------------------------------- the flag background
def make_flag(out: Path) -> None:
    """The ceremony's background: a deep red field with the party emblem (hammer and sickle)
    drawn from shapes, in gold, at the upper left like the party flag, darkened where the
    phrases go so the white type stays readable."""
    S = 2
    w, h = 1920 * S, 1080 * S
    img = vgradient(w, h, (196, 18, 24), (120, 4, 10))
    d = ImageDraw.Draw(img)
    cx, cy, r = 300 * S, 260 * S, 170 * S
    # sickle: a thick arc (ring minus an offset disc), open at the lower left
    ring = Image.new("L", (w, h), 0)
    rd = ImageDraw.Draw(ring)
    rd.ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
    rd.ellipse((cx - r * 0.80 + r * 0.12, cy - r * 0.80 - r * 0.12, cx + r * 0.80 + r * 0.12, cy + r * 0.80 - r * 0.12), fill=0)
    rd.polygon([(cx - r * 1.2, cy + r * 0.2), (cx - r * 0.1, cy + r * 1.3), (cx - r * 1.2, cy + r * 1.3)], fill=0)
    img.paste(Image.new("RGB", (w, h), GOLD), (0, 0), ring)
    # sickle handle
    d.polygon([(cx - r * 0.55, cy + r * 0.75), (cx - r * 0.38, cy + r * 0.92), (cx - r * 0.95, cy + r * 1.45),
               (cx - r * 1.12, cy + r * 1.28)], fill=GOLD)
    # hammer: head and handle, crossing the sickle
    ang = math.radians(-45)  # head at the upper left, handle to the lower right

    def rot(px: float, py: float) -> tuple[float, float]:
        return (cx + px * math.cos(ang) - py * math.sin(ang), cy + px * math.sin(ang) + py * math.cos(ang))

    d.polygon([rot(-r * 0.10, -r * 0.75), rot(r * 0.10, -r * 0.75), rot(r * 0.10, r * 1.05), rot(-r * 0.10, r * 1.05)], fill=GOLD)
    d.polygon([rot(-r * 0.45, -r * 0.95), rot(r * 0.35, -r * 0.95), rot(r * 0.35, -r * 0.62), rot(-r * 0.45, -r * 0.62)], fill=GOLD)
    # a soft darker band where the phrases stand
    band = Image.new("L", (w, h), 0)
    ImageDraw.Draw(band).rectangle((0, 380 * S, w, 860 * S), fill=70)
    img.paste(Image.new("RGB", (w, h), (60, 0, 4)), (0, 0), band.filter(ImageFilter.GaussianBlur(60 * S)))
    out.parent.mkdir(parents=True, exist_ok=True)
    img.resize((1920, 1080), Image.Resampling.LANCZOS).save(out, optimize=True)
    print(f"{out}: {out.stat().st_size / 1e3:.0f} kB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "content", help="content folder (theatre/ goes inside)")
    parser.add_argument("--only", choices=["films", "slides", "flag"], action="append")
    args = parser.parse_args()
    only = set(args.only or ["films", "slides", "flag"])
    theatre = args.out / "theatre"
    if "films" in only:
        for tool in ("ffmpeg", "espeak-ng"):
            if shutil.which(tool) is None:
                raise SystemExit(f"需要 {tool}：apt-get install {tool}")
        with tempfile.TemporaryDirectory() as work:
            for name, scenes in FILMS.items():
                make_film(name, scenes, theatre / "films", Path(work))
    if "slides" in only:
        make_slides(theatre / "lectures" / "dangshi")
    if "flag" in only:
        make_flag(ROOT / "assets" / "theatre" / "party_flag.png")


if __name__ == "__main__":
    main()
