"""A QR code as a Kivy texture, made in memory (no PNG file, no image cache to go stale).

One texel a module, scaled up with nearest-neighbour filtering, so the code stays sharp at any
size and a phone camera reads it from a screen at arm's length.
"""

from __future__ import annotations

import qrcode
from kivy.graphics.texture import Texture
from qrcode.constants import ERROR_CORRECT_M


def qr_matrix(text: str, border: int = 4) -> list[list[bool]]:
    """Rows of modules, top row first, quiet zone included (True = dark)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border)
    code.add_data(text)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_texture(text: str) -> Texture:
    matrix = qr_matrix(text)
    size = len(matrix)
    # Kivy textures start at the bottom row: write the rows bottom-up.
    # RGBA, not luminance: four bytes a texel keeps every row 4-byte aligned for any width.
    dark, light = b"\x00\x00\x00\xff", b"\xff\xff\xff\xff"
    data = b"".join(dark if cell else light for row in reversed(matrix) for cell in row)
    texture = Texture.create(size=(size, size), colorfmt="rgba")
    texture.blit_buffer(data, colorfmt="rgba", bufferfmt="ubyte")
    texture.mag_filter = "nearest"
    texture.min_filter = "nearest"
    return texture
