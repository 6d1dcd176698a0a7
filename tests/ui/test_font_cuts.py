"""The cut CJK faces (issue 13: each opened size of a full Noto CJK face holds 2.6 MB): common text
draws with the cut, a character outside it with the full face, so no label ever shows a box."""

from __future__ import annotations

from pathlib import Path

import pytest

import kiosk
from kiosk.ui.font_subset import build_common_faces, common_name, gb2312_characters, read_covered, wanted_characters
from kiosk.ui.fonts import cjk_font_files, font_cache_dir

pytestmark = pytest.mark.ui

RARE = "燚"
"""In Noto CJK, not in GB2312, not in the kiosk's strings or the demo content."""
REPO = Path(kiosk.__file__).resolve().parents[1]


def _cuts() -> tuple[dict[str, Path], frozenset[str]]:
    files = cjk_font_files(font_cache_dir())
    covered = build_common_faces(files, font_cache_dir(), [REPO / "kiosk", REPO / "content"])  # at once when setup.sh made them
    return files, covered


def test_the_wanted_characters_are_gb2312_the_symbols_and_every_character_of_the_content(tmp_path: Path) -> None:
    (tmp_path / "board.md").write_text("# 喆\n张三丰", encoding="utf-8")
    wanted = wanted_characters([tmp_path])
    assert len(gb2312_characters()) == 7445  # 6,763 hanzi and 682 symbols
    assert gb2312_characters() <= wanted
    assert "喆" in wanted and "喆" not in gb2312_characters()  # the content's own, beyond GB2312
    assert {"…", "℃", "①", "★", "，", "（"} <= wanted
    assert RARE not in wanted


def test_a_cut_holds_exactly_the_characters_its_file_lists() -> None:
    from fontTools.ttLib import TTFont

    _, covered = _cuts()
    assert read_covered(font_cache_dir()) == covered
    held = [{chr(cp) for cp in TTFont(str(font_cache_dir() / common_name(style)), lazy=True).getBestCmap()}
            for style in ("regular", "bold")]
    assert held[0] & held[1] == covered  # what both weights draw
    assert "党" in covered and RARE not in covered


def _rendered(text: str, bold: bool = False, markup: bool = False) -> tuple[str, bytes]:
    from kivy.uix.label import Label

    label = Label(text=text, font_size=40, bold=bold, markup=markup)
    label.texture_update()
    return label._label.options["font_name_r"], bytes(label.texture.pixels)


def test_common_text_draws_with_the_cut_and_a_rare_character_with_the_full_face() -> None:
    from kiosk.ui.fonts import register_default_font

    files, _ = _cuts()
    register_default_font(font_cache_dir())
    assert _rendered("党员综合体验馆，欢迎您！")[0] == str(font_cache_dir() / common_name("regular"))
    assert _rendered("第一展区", bold=True)[0] == str(font_cache_dir() / common_name("bold"))
    face, pixels = _rendered(f"王{RARE}")
    assert face == str(files["regular"])
    assert _rendered(f"王{RARE}", bold=True)[0] == str(files["bold"])
    from kivy.uix.label import Label

    boxed = Label(text=f"王{RARE}", font_size=40, font_name=str(font_cache_dir() / common_name("regular")))
    boxed.texture_update()  # what the cut alone would draw
    assert bytes(boxed.texture.pixels) != pixels  # the cut has no 燚 (a box); the full face drew it
