"""The staged first frame's card (kiosk.ui.boot_card): kept between starts, and harmless when it
is missing, broken or names a cover that is gone (the frame is then drawn without it)."""

from __future__ import annotations

from pathlib import Path

from kiosk.ui.boot_card import BootCard, card_path, read_card, write_card


def test_a_card_written_is_read_back(tmp_path: Path) -> None:
    cover = tmp_path / "cover.png"
    cover.write_bytes(b"png")
    card = BootCard("党员综合体验馆", "不忘初心", "触摸屏幕开始参观", str(cover), "attract")
    write_card(tmp_path, card)
    assert read_card(tmp_path) == card


def test_no_card_or_a_broken_one_gives_an_empty_card(tmp_path: Path) -> None:
    assert read_card(tmp_path) == BootCard()
    card_path(tmp_path).write_text("{not json", encoding="utf-8")
    assert read_card(tmp_path) == BootCard()


def test_a_cover_that_is_gone_is_left_out(tmp_path: Path) -> None:
    write_card(tmp_path, BootCard("馆", "", "", str(tmp_path / "gone.png")))
    assert read_card(tmp_path) == BootCard("馆", "", "", "")
