"""Decoding real rendered passes after realistic photographic damage, and the decoder seam."""

from __future__ import annotations

from pathlib import Path

import pytest
import qrcode
from pass_helpers import HALL, TODAY, make_pass
from PIL import Image

from kiosk.passes import fonts
from kiosk.passes.decode import FakeDecoder, PassDecoder, ZxingDecoder
from tests.helpers.distort import BEYOND_REPAIR, HARD_DISTORTIONS, STANDARD_DISTORTIONS, Distortion, jpeg, rotate
from kiosk.passes.keys import SigningKey
from kiosk.passes.outcomes import VerifyOutcome
from kiosk.passes.render import render_pass_image
from kiosk.passes.verify import verify_pass

# No skipping when the font is missing: a pass without Chinese type is a defect, so the run fails
# here and says what to install (the README's setup installs fonts-noto-cjk).
fonts.cjk_font(20)

KEY = SigningKey.generate()
ISSUED = make_pass(KEY)
DECODER = ZxingDecoder()


@pytest.fixture(scope="module")
def page() -> Image.Image:
    return render_pass_image(ISSUED.claims, ISSUED.text, "中关村科技园区党支部", "上午 09:30 – 11:00")


@pytest.mark.parametrize(("name", "distortion"), list(STANDARD_DISTORTIONS.items()), ids=list(STANDARD_DISTORTIONS))
def test_realistic_damage_is_decoded_exactly(page: Image.Image, name: str, distortion: Distortion) -> None:
    assert DECODER.decode(distortion(page)) == [ISSUED.text]


@pytest.mark.parametrize(("name", "distortion"), list(HARD_DISTORTIONS.items()), ids=list(HARD_DISTORTIONS))
def test_heavy_moire_is_decoded_by_the_fallbacks(page: Image.Image, name: str, distortion: Distortion) -> None:
    assert DECODER.decode(distortion(page)) == [ISSUED.text]


@pytest.mark.parametrize(("name", "distortion"), list(BEYOND_REPAIR.items()), ids=list(BEYOND_REPAIR))
def test_damage_beyond_repair_never_yields_a_wrong_text(page: Image.Image, name: str, distortion: Distortion) -> None:
    assert set(DECODER.decode(distortion(page))) <= {ISSUED.text}


def test_decoded_text_verifies(page: Image.Image) -> None:
    [text] = DECODER.decode(STANDARD_DISTORTIONS["screen_photo"](page))
    verdict = verify_pass(text, keyring=KEY.keyring(), hall_id=HALL, today=TODAY)
    assert verdict.outcome is VerifyOutcome.VALID


def test_decodes_from_a_file_path_and_honours_exif_rotation(page: Image.Image, tmp_path: Path) -> None:
    png = tmp_path / "pass.png"
    page.save(png)
    assert DECODER.decode(png) == [ISSUED.text]
    assert DECODER.decode(str(png)) == [ISSUED.text]
    photo = tmp_path / "photo.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view", as phones write
    rotate(page, 90).save(photo, format="JPEG", quality=85, exif=exif)
    assert DECODER.decode(photo) == [ISSUED.text]


def test_transparent_png_is_read_on_white(tmp_path: Path) -> None:
    code = qrcode.make(ISSUED.text, border=4).get_image().convert("L")
    ink = Image.new("RGBA", code.size, (0, 0, 0, 0))
    ink.putalpha(code.point(lambda v: 255 - v))  # black modules, fully transparent elsewhere
    assert DECODER.decode(ink) == [ISSUED.text]
    ink.save(tmp_path / "transparent.png")
    assert DECODER.decode(tmp_path / "transparent.png") == [ISSUED.text]


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        DECODER.decode(tmp_path / "nope.png")


def test_numpy_arrays_grey_and_bgr(page: Image.Image) -> None:
    import numpy as np
    grey = np.asarray(page.convert("L"))
    bgr = np.ascontiguousarray(np.asarray(page.convert("RGB"))[:, :, ::-1])
    assert DECODER.decode(grey) == [ISSUED.text]
    assert DECODER.decode(bgr) == [ISSUED.text]


def test_several_codes_in_one_frame_are_all_returned() -> None:
    other = make_pass(KEY, headcount=3)
    left = qrcode.make(ISSUED.text, border=4).get_image().convert("L")
    right = qrcode.make(other.text, border=4).get_image().convert("L")
    frame = Image.new("L", (left.width + right.width, max(left.height, right.height)), 255)
    frame.paste(left, (0, 0))
    frame.paste(right, (left.width, 0))
    assert sorted(DECODER.decode(frame)) == sorted([ISSUED.text, other.text])


def test_a_frame_without_a_code_is_empty() -> None:
    assert DECODER.decode(Image.new("RGB", (640, 480), "white")) == []
    assert ZxingDecoder(fallbacks=False).decode(Image.new("L", (64, 64), 0)) == []


def test_huge_frames_are_scaled_down_first(page: Image.Image) -> None:
    big = page.resize((page.width * 3, page.height * 3), Image.Resampling.NEAREST)
    assert DECODER.decode(jpeg(big, 80)) == [ISSUED.text]


def test_unsupported_input_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        DECODER.decode(12345)


def test_real_decoder_is_usable_and_both_satisfy_the_protocol() -> None:
    assert DECODER.is_usable()
    assert isinstance(DECODER, PassDecoder)
    assert isinstance(FakeDecoder(), PassDecoder)


def test_fake_decoder_plays_its_script_then_nothing() -> None:
    image = Image.new("L", (10, 10))
    fake = FakeDecoder(script=[["HK1:A"], [], ["HK1:B", "HK1:C"]], by_image={"/tmp/known.png": ["HK1:K"]})
    assert fake.decode(image) == ["HK1:A"]
    assert fake.decode("/tmp/known.png") == ["HK1:K"]
    assert fake.decode(Path("/tmp/known.png")) == ["HK1:K"]
    assert fake.decode(image) == []
    assert fake.decode(image) == ["HK1:B", "HK1:C"]
    assert fake.decode(image) == []
    assert len(fake.calls) == 6
    assert not FakeDecoder(usable=False).is_usable()
