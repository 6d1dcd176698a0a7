"""Printable pass images (PNG) and a one-pass-per-page PDF for the office printer.

The image is A4 at 150 dpi (1240 x 1754), which prints full-page and also reads
well on a phone held up to the kiosk camera. The QR code is drawn from the
module matrix with whole-pixel modules (no resampling blur) and a wide quiet
zone, because screens, creases and glare eat into the edge of a code first.
Everything a visitor or guard needs is also printed in large type beside it,
so a pass is usable by eye when a scanner is down.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import qrcode
import qrcode.constants
from PIL import Image, ImageDraw, ImageFont

from kiosk.passes.codec import PassClaims, PassKind
from kiosk.passes.fonts import cjk_font

PAGE_SIZE = (1240, 1754)
TITLE = "党员综合体验馆"
SUBTITLE = "参观凭证"
QR_ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M
QR_QUIET_ZONE = 6
"""Modules of white around the code: the standard asks for 4; 6 forgives trimming and glare."""
QR_TARGET_PX = 760

_RED = (178, 24, 30)
_GOLD = (255, 214, 102)
_INK = (33, 33, 33)
_GREY = (110, 110, 110)
_WEEKDAYS = "一二三四五六日"
_MARGIN = 90


@dataclass(frozen=True)
class PassPrint:
    """One pass to print: the signed claims and text plus what is shown beside the code."""

    claims: PassClaims
    text: str
    org_name: str
    slot_text: str


def qr_code(text: str, *, quiet_zone: int = QR_QUIET_ZONE) -> qrcode.QRCode:
    """The QR symbol for text at error correction M, smallest version that fits.

    One segment in the densest mode the whole text allows (alphanumeric for a
    pass): qrcode's default "optimiser" splits digit runs into numeric and
    byte segments, which is never smaller for pass texts and less predictable.
    """
    code = qrcode.QRCode(error_correction=QR_ERROR_CORRECTION, border=quiet_zone)
    code.add_data(text, optimize=0)
    code.make(fit=True)
    return code


def qr_image(text: str, *, module_px: int | None = None, quiet_zone: int = QR_QUIET_ZONE) -> Image.Image:
    """A crisp black-on-white QR code of text, as an "L" image with whole-pixel modules."""
    matrix = qr_code(text, quiet_zone=quiet_zone).get_matrix()
    modules = len(matrix)
    if module_px is None:
        module_px = max(2, QR_TARGET_PX // modules)
    small = Image.new("L", (modules, modules), 255)
    small.putdata([0 if dark else 255 for row in matrix for dark in row])
    return small.resize((modules * module_px, modules * module_px), Image.Resampling.NEAREST)


def date_text(claims: PassClaims) -> str:
    """The visit date in Chinese, e.g. 2025年3月5日 星期三, or a range."""
    if claims.valid_from == claims.valid_to:
        day = claims.valid_from
        return f"{_cn_date(day)}  星期{_WEEKDAYS[day.weekday()]}"
    return f"{_cn_date(claims.valid_from)} 至 {_cn_date(claims.valid_to)}"


def headcount_text(claims: PassClaims) -> str:
    """The headcount cap with the pass kind, e.g. 45 人 · 团体."""
    kind = "团体" if claims.kind is PassKind.GROUP else "个人"
    return f"{claims.headcount} 人 · {kind}"


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def render_pass_image(claims: PassClaims, text: str, org_name: str, slot_text: str) -> Image.Image:
    """Draw one pass as an RGB image of PAGE_SIZE."""
    width, height = PAGE_SIZE
    page = Image.new("RGB", PAGE_SIZE, "white")
    draw = ImageDraw.Draw(page)

    banner_h = 300
    draw.rectangle((0, 0, width, banner_h), fill=_RED)
    _centered(draw, TITLE, cjk_font(104, bold=True), y=48, width=width, fill="white")
    _centered(draw, SUBTITLE, cjk_font(72, bold=True), y=180, width=width, fill=_GOLD)

    code = qr_image(text)
    qr_top = banner_h + 40
    page.paste(code, ((width - code.width) // 2, qr_top))
    hint_y = qr_top + code.height + 6
    _centered(draw, "请在入口自助机扫描二维码签到", cjk_font(34), y=hint_y, width=width, fill=_GREY)

    rows = [
        ("单位", _one_line(org_name) or "—"),
        ("日期", date_text(claims)),
        ("时段", _one_line(slot_text) or "—"),
        ("人数", headcount_text(claims)),
    ]
    label_font = cjk_font(44)
    value_x = _MARGIN + 150
    value_w = width - value_x - _MARGIN
    y = hint_y + 80
    for label, value in rows:
        draw.text((_MARGIN, y + 10), label, font=label_font, fill=_GREY)
        lines, font = _fit(draw, value, value_w, sizes=(64, 58, 52, 46), bold=True)
        for line in lines:
            draw.text((value_x, y), line, font=font, fill=_INK)
            y += int(font.size * 1.3)
        y += 18

    draw.line((_MARGIN, height - 130, width - _MARGIN, height - 130), fill=(210, 210, 210), width=2)
    footer = f"凭证号 {claims.pass_id.hex[:8].upper()}   本凭证仅限所列日期与人数使用"
    _centered(draw, footer, cjk_font(30), y=height - 105, width=width, fill=_GREY)
    return page


def render_pass_png(claims: PassClaims, text: str, org_name: str, slot_text: str, path: str | os.PathLike[str]) -> Path:
    """Draw one pass and save it as a PNG at path; returns the path."""
    target = Path(path)
    render_pass_image(claims, text, org_name, slot_text).save(target, format="PNG", optimize=True)
    return target


def render_passes_pdf(passes: Sequence[PassPrint | str | os.PathLike[str]], path: str | os.PathLike[str]) -> Path:
    """A PDF with one A4 page per pass; each item is a PassPrint or a PNG already rendered."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    if not passes:
        raise ValueError("no passes to print")
    target = Path(path)
    pdf = canvas.Canvas(str(target), pagesize=A4)
    pdf.setTitle(f"{TITLE} {SUBTITLE}")
    pdf.setCreator("Hall Kiosk")
    page_w, page_h = A4
    for item in passes:
        if isinstance(item, PassPrint):
            image = render_pass_image(item.claims, item.text, item.org_name, item.slot_text)
        else:
            with Image.open(item) as opened:
                image = opened.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        buffer.seek(0)
        scale = min(page_w / image.width, page_h / image.height)
        draw_w, draw_h = image.width * scale, image.height * scale
        pdf.drawImage(ImageReader(buffer), (page_w - draw_w) / 2, (page_h - draw_h) / 2, draw_w, draw_h)
        pdf.showPage()
    pdf.save()
    return target


def _one_line(text: str) -> str:
    """Collapse whitespace (newlines included) and drop control characters: names come from forms."""
    printable = "".join(ch if ch.isprintable() or ch.isspace() else "" for ch in text)
    return " ".join(printable.split())


def _centered(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont,
    *,
    y: int,
    width: int,
    fill: str | tuple[int, int, int],
) -> None:
    text_w = draw.textlength(text, font=font)
    draw.text(((width - text_w) / 2, y), text, font=font, fill=fill)


def _fit(
    draw: ImageDraw.ImageDraw, text: str, max_w: int, *, sizes: Sequence[int], bold: bool
) -> tuple[list[str], ImageFont.FreeTypeFont]:
    """Fit text in max_w: one line at the largest size that fits, else two lines, else ellipsis."""
    for size in sizes:
        font = cjk_font(size, bold=bold)
        if draw.textlength(text, font=font) <= max_w:
            return [text], font
    font = cjk_font(sizes[-1], bold=bold)
    lines: list[str] = []
    current = ""
    for char in text:
        if draw.textlength(current + char, font=font) > max_w:
            lines.append(current)
            current = char
        else:
            current += char
    lines.append(current)
    if len(lines) > 2:
        second = lines[1]
        while second and draw.textlength(second + "…", font=font) > max_w:
            second = second[:-1]
        lines = [lines[0], second + "…"]
    return lines, font
