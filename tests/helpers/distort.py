"""Realistic damage to pass images, for testing and benchmarking decoders.

A pass reaches the kiosk camera as a photo: tilted, out of focus, small,
JPEG-compressed, or shown on a phone screen, where the screen's pixel grid
beats against the camera's into moire fringes and a ceiling light leaves a
glare blob. These functions reproduce each of those with Pillow alone (no
numpy), deterministically, so tests and the benchmark use the same images.
Strengths in ``STANDARD_DISTORTIONS`` are chosen to be realistic, not
adversarial: each is something a working kiosk must cope with.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable

from PIL import Image, ImageChops, ImageFilter, ImageOps

Distortion = Callable[[Image.Image], Image.Image]


def rotate(image: Image.Image, degrees: float) -> Image.Image:
    """Rotate counter-clockwise, expanding the canvas and filling with white (a tilted pass)."""
    return image.convert("RGB").rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor="white")


def blur(image: Image.Image, radius: float) -> Image.Image:
    """Gaussian blur (a camera out of focus or a shaking hand)."""
    return image.filter(ImageFilter.GaussianBlur(radius))


def shrink(image: Image.Image, width: int) -> Image.Image:
    """Scale down to width pixels, keeping the aspect ratio (a pass held far from the camera)."""
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.BOX)


def invert(image: Image.Image) -> Image.Image:
    """Light on dark (a phone in dark mode, or a negative print)."""
    return ImageOps.invert(image.convert("RGB"))


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    """Round-trip through JPEG at quality (what a chat app does to a forwarded pass)."""
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as reloaded:
        return reloaded.convert("RGB")


def moire(image: Image.Image, *, period: float = 5.0, angle: float = 7.0, depth: float = 0.35) -> Image.Image:
    """Overlay moire fringes, as when a camera photographs a screen's pixel grid.

    Two fine sinusoidal gratings at almost the same pitch and angle multiply
    into the fine grid itself plus the broad, slowly wavering light and dark
    bands (their beat) that make screen photos hard to binarise. ``depth`` is
    how dark each grating's troughs get (0 none, 1 black).
    """
    base = image.convert("RGB")
    grating = ImageChops.multiply(
        _grating(base.size, period, angle, depth), _grating(base.size, period * 1.08, angle + 4, depth)
    )
    return ImageChops.multiply(base, Image.merge("RGB", (grating, grating, grating)))


def glare(
    image: Image.Image, *, centre: tuple[float, float] = (0.5, 0.5), radius: float = 0.1, strength: float = 0.9
) -> Image.Image:
    """Wash out a soft round blob towards white, like a ceiling light reflected on a screen.

    ``centre`` is a fraction of width and height; ``radius`` a fraction of the
    width; ``strength`` the whiteness at the blob's centre (1 fully blown out).
    """
    base = image.convert("RGB")
    size = max(2, round(2 * radius * base.width))
    blob = ImageOps.invert(Image.radial_gradient("L")).resize((size, size), Image.Resampling.BILINEAR)
    blob = blob.point(lambda v: round(min(255, v * 1.6) * strength))  # flatter, brighter core
    mask = Image.new("L", base.size, 0)
    mask.paste(blob, (round(centre[0] * base.width - size / 2), round(centre[1] * base.height - size / 2)))
    return Image.composite(Image.new("RGB", base.size, "white"), base, mask)


def low_contrast(image: Image.Image, *, black: int = 60, white: int = 215) -> Image.Image:
    """Map 0..255 onto black..white (a dim screen: grey blacks, dull whites)."""
    scale = (white - black) / 255
    return image.convert("RGB").point(lambda v: round(black + v * scale))


def screen_photo(image: Image.Image) -> Image.Image:
    """A pass shown on a phone and photographed by the kiosk camera: the works, at realistic strength."""
    shot = shrink(image, 900)
    shot = low_contrast(shot)
    shot = moire(shot, period=4.6, angle=8.0, depth=0.3)
    shot = glare(shot, centre=(0.62, 0.38), radius=0.09, strength=0.85)
    shot = rotate(shot, 4.0)
    shot = blur(shot, 1.0)
    return jpeg(shot, 70)


def _grating(size: tuple[int, int], period: float, angle: float, depth: float) -> Image.Image:
    """An "L" image of parallel sinusoidal stripes at angle degrees, 255 at crests."""
    width, height = size
    side = math.ceil(math.hypot(width, height)) + 2
    row = bytes(round(255 * (1 - depth * (0.5 + 0.5 * math.sin(2 * math.pi * x / period)))) for x in range(side))
    stripes = Image.frombytes("L", (side, 1), row).resize((side, side), Image.Resampling.NEAREST)
    stripes = stripes.rotate(angle, resample=Image.Resampling.BILINEAR)
    left, top = (side - width) // 2, (side - height) // 2
    return stripes.crop((left, top, left + width, top + height))


STANDARD_DISTORTIONS: dict[str, Distortion] = {
    "rotate_5": lambda im: rotate(im, 5),
    "rotate_30": lambda im: rotate(im, 30),
    "rotate_90": lambda im: rotate(im, 90),
    "blur_r3": lambda im: blur(im, 3.0),
    "shrink_320px": lambda im: shrink(im, 320),
    "moire": lambda im: moire(im),
    "moire_strong": lambda im: moire(im, depth=0.6),
    "glare": lambda im: glare(im, centre=(0.6, 0.35), radius=0.09, strength=0.95),
    "moire_and_glare": lambda im: glare(moire(im), centre=(0.42, 0.3), radius=0.08, strength=0.9),
    "invert": invert,
    "jpeg_q15": lambda im: jpeg(im, 15),
    "screen_photo": screen_photo,
}
"""Named distortions at realistic strength, shared by the tests and the benchmark."""

HARD_DISTORTIONS: dict[str, Distortion] = {
    "moire_deep_pitch_6": lambda im: moire(im, period=6.0, depth=0.6),
    "moire_deep_pitch_8": lambda im: moire(im, period=8.0, depth=0.6),
    "moire_deep_pitch_12": lambda im: moire(im, period=12.0, depth=0.5),
    "moire_very_deep": lambda im: moire(im, depth=0.8),
}
"""Moire strong enough that a plain zxing-cpp read fails; the app's fallbacks recover them."""

BEYOND_REPAIR: dict[str, Distortion] = {
    "blur_r8": lambda im: blur(im, 8.0),
    "glare_on_finder": lambda im: glare(im, centre=(0.3, 0.25), radius=0.1, strength=1.0),
}
"""Damage no decoder is expected to undo (blur wider than half a module; a finder
pattern blown out): a decoder must return nothing here, never a wrong text."""
