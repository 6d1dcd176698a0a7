"""Printed passes: the PNG layout, its QR code reading back exactly, fonts, and the PDF."""

from __future__ import annotations

import re
import uuid
from datetime import date
from pathlib import Path

import pytest
from pass_helpers import make_pass
from PIL import Image

from kiosk.passes import fonts
from kiosk.passes.codec import PassKind
from kiosk.passes.decode import ZxingDecoder
from kiosk.passes.keys import SigningKey
from kiosk.passes.render import (
    PAGE_SIZE,
    PassPrint,
    date_text,
    headcount_text,
    qr_code,
    render_pass_image,
    render_pass_png,
    render_passes_pdf,
)

# No skipping when the font is missing: a pass without Chinese type is a defect, so the run fails
# here and says what to install (the README's setup installs fonts-noto-cjk).
fonts.cjk_font(20)

KEY = SigningKey.generate()
ORG = "中共北京市海淀区中关村科学城管理委员会机关第三党支部"


def test_png_is_a4_at_150_dpi_and_its_code_reads_back_exactly(tmp_path: Path) -> None:
    issued = make_pass(KEY)
    path = render_pass_png(issued.claims, issued.text, ORG, "上午 09:30 – 11:00", tmp_path / "pass.png")
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == PAGE_SIZE == (1240, 1754)
        assert ZxingDecoder(fallbacks=False).decode(image) == [issued.text]


def test_qr_modules_are_large_and_the_code_is_version_8() -> None:
    issued = make_pass(KEY)
    assert qr_code(issued.text).version == 8
    # whole-pixel modules: 49 modules + 2 x 6 quiet zone = 61, at 12 px each = 732 px
    image = render_pass_image(issued.claims, issued.text, ORG, "全天")
    row = image.convert("L").crop((0, 420, PAGE_SIZE[0], 421)).tobytes()
    dark = [x for x, v in enumerate(row) if v < 128]
    assert dark and (dark[-1] - dark[0] + 1) == 49 * 12


def test_the_sc_face_is_chosen_from_the_collection() -> None:
    path = str(fonts.font_path("regular"))
    index = fonts.find_sc_face(path)
    family, _ = fonts.cjk_font(30).getname()
    assert family.endswith("SC") and "Mono" not in family
    assert fonts.cjk_font(30, bold=True).getname()[1] == "Bold"
    assert index == 2  # Noto's packaging today: JP, KR, SC, ...


def test_texts_beside_the_code() -> None:
    one_day = make_pass(KEY).claims
    assert date_text(one_day) == "2025年3月5日  星期三"
    assert headcount_text(one_day) == "45 人 · 团体"
    span = make_pass(KEY, valid_to=date(2025, 3, 7), kind=PassKind.INDIVIDUAL, headcount=1).claims
    assert date_text(span) == "2025年3月5日 至 2025年3月7日"
    assert headcount_text(span) == "1 人 · 个人"


@pytest.mark.parametrize("org", ["", "党" * 200, "A" * 300, "中关村党支部\n（机关）"])
def test_awkward_organisation_names_still_render(org: str) -> None:
    issued = make_pass(KEY, pass_id=uuid.UUID(int=7))
    image = render_pass_image(issued.claims, issued.text, org, "")
    assert image.size == PAGE_SIZE


def test_pdf_has_one_page_per_pass_and_accepts_png_paths(tmp_path: Path) -> None:
    first, second = make_pass(KEY), make_pass(KEY, kind=PassKind.INDIVIDUAL, headcount=1)
    png = render_pass_png(second.claims, second.text, "个人参观", "全天", tmp_path / "second.png")
    pdf = render_passes_pdf(
        [PassPrint(first.claims, first.text, ORG, "上午"), png, PassPrint(second.claims, second.text, "团", "下午")],
        tmp_path / "passes.pdf",
    )
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type /Page\b", data)) == 3
    assert len(re.findall(rb"/Subtype /Image", data)) == 3


def test_pdf_of_nothing_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        render_passes_pdf([], tmp_path / "empty.pdf")
