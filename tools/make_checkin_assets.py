"""Write the check-in screens' shipped assets once: one short sound per outcome, and the picture
that shows where to hold a pass. The files are committed; run this again only to change them.

Sounds are plain 16-bit mono WAVs written with the standard library's ``wave`` module (no audio
library to install, and SDL plays WAV everywhere). Each outcome has its own shape so staff across
the room hear what happened without looking: a rising pair for "welcome", a level double beep for
"already here", falling and low tones for the refusals, a soft blip for "nothing readable".

    python tools/make_checkin_assets.py
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOUNDS = ROOT / "assets" / "sounds"
IMAGES = ROOT / "assets" / "images"
RATE = 22050

Tone = tuple[float, float]  # (frequency in Hz, 0 for silence; seconds)

PATTERNS: dict[str, list[Tone]] = {
    "accepted": [(660, 0.12), (0, 0.03), (880, 0.12), (0, 0.03), (1175, 0.22)],
    "already_checked_in": [(740, 0.14), (0, 0.10), (740, 0.14)],
    "not_valid_today": [(587, 0.16), (0, 0.04), (440, 0.26)],
    "wrong_hall": [(523, 0.12), (0, 0.04), (523, 0.12), (0, 0.04), (392, 0.24)],
    "revoked": [(392, 0.18), (0, 0.04), (330, 0.18), (0, 0.04), (262, 0.26)],
    "forged": [(233, 0.20), (0, 0.06), (233, 0.20), (0, 0.06), (233, 0.30)],
    "unreadable": [(440, 0.10), (0, 0.05), (415, 0.16)],
    "walkin": [(784, 0.12), (0, 0.03), (1047, 0.22)],
}


def tone_samples(frequency: float, seconds: float, volume: float = 0.45) -> list[int]:
    """A sine (with a little third harmonic, so small speakers carry it) faded in and out."""
    count = int(RATE * seconds)
    fade = max(1, int(RATE * 0.012))
    samples = []
    for i in range(count):
        if frequency <= 0:
            samples.append(0)
            continue
        t = i / RATE
        value = math.sin(2 * math.pi * frequency * t) + 0.25 * math.sin(2 * math.pi * 3 * frequency * t)
        envelope = min(1.0, i / fade, (count - i) / fade)
        samples.append(int(32767 * volume * envelope * value / 1.25))
    return samples


def write_wav(path: Path, pattern: list[Tone]) -> None:
    samples: list[int] = []
    for frequency, seconds in pattern:
        samples.extend(tone_samples(frequency, seconds))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))


def draw_hold_pass(path: Path) -> None:
    """A kiosk with the scan window under its screen, and a pass held 10 cm above it."""
    import qrcode
    from PIL import Image, ImageDraw

    w, h = 900, 760
    image = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    red, dark, gold, ink, grey = (179, 18, 27), (122, 10, 16), (242, 193, 78), (43, 33, 24), (205, 196, 184)
    # the kiosk: screen on a stand, the scan window (glowing red) under the screen
    d.rounded_rectangle((170, 20, 730, 330), radius=28, fill=ink)
    d.rounded_rectangle((200, 50, 700, 300), radius=10, fill=(251, 246, 236))
    d.rectangle((200, 50, 700, 95), fill=red)
    for row in range(3):
        d.rounded_rectangle((240, 120 + row * 60, 660, 160 + row * 60), radius=10, fill=grey)
    d.rectangle((420, 470, 480, 700), fill=(70, 58, 50))
    d.rounded_rectangle((260, 690, 640, 740), radius=16, fill=(70, 58, 50))
    d.rounded_rectangle((250, 345, 650, 490), radius=20, fill=(70, 58, 50))
    d.rounded_rectangle((290, 370, 610, 465), radius=12, fill=(255, 70, 70))
    # the pass: a card with a QR code, its code held against the scan window
    code = qrcode.QRCode(border=2, box_size=6)
    code.add_data("HK1:EXAMPLE-PASS-PICTURE")
    qr = code.make_image().get_image().convert("RGBA").resize((170, 170), Image.Resampling.NEAREST)
    card = (345, 405, 555, 655)
    d.rounded_rectangle(card, radius=20, fill=(255, 255, 255), outline=gold, width=8)
    d.rectangle((card[0] + 8, card[1] + 8, card[2] - 8, card[1] + 44), fill=red)
    image.alpha_composite(qr, (card[0] + 20, card[1] + 60))
    # an arrow: "hold it here"
    d.line((800, 330, 620, 500), fill=dark, width=16)
    d.polygon([(580, 540), (650, 515), (610, 470)], fill=dark)
    image.save(path)


def main() -> int:
    SOUNDS.mkdir(parents=True, exist_ok=True)
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name, pattern in PATTERNS.items():
        path = SOUNDS / f"checkin-{name}.wav"
        write_wav(path, pattern)
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")
    picture = IMAGES / "checkin-hold-pass.png"
    draw_hold_pass(picture)
    print(f"wrote {picture.relative_to(ROOT)} ({picture.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
