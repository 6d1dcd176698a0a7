"""Chinese line breaking: no line opens with "。，" or ends with "（", and lines fill the width."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from kiosk.text.linebreak import CLOSING, OPENING, break_lines, units


def monospace(piece: str) -> float:
    """Every character one unit wide, as Chinese fonts are (near enough)."""
    return float(len(piece))


def test_closing_punctuation_stays_with_the_character_before_it() -> None:
    text = "党员在留党察看期间，仍然享有表决权、选举权和被选举权。"
    lines = break_lines(text, 26, monospace).split("\n")
    assert lines == ["党员在留党察看期间，仍然享有表决权、选举权和被选举", "权。"]


def test_a_line_that_would_start_with_a_full_stop_takes_the_character_before_it_along() -> None:
    lines = break_lines("一二三四五。", 5, monospace).split("\n")
    assert lines == ["一二三四", "五。"]


def test_opening_punctuation_goes_to_the_next_line_with_its_text() -> None:
    lines = break_lines("一二三四（五六）", 5, monospace).split("\n")
    assert lines == ["一二三四", "（五六）"]


def test_numbers_and_latin_words_are_not_split() -> None:
    assert units("1921年7月Kivy") == ["1921", "年", "7", "月", "Kivy"]
    lines = break_lines("中国共产党成立于1921年", 9, monospace).split("\n")
    assert lines == ["中国共产党成立于", "1921年"]


def test_existing_newlines_are_kept_and_spaces_at_a_break_vanish() -> None:
    assert break_lines("一二\n三四", 10, monospace) == "一二\n三四"
    assert break_lines("abc def", 4, monospace) == "abc\ndef"


def test_a_piece_longer_than_the_line_is_split_by_characters() -> None:
    assert break_lines("https://example.com", 8, monospace).split("\n") == ["https://", "example.", "com"]


def test_zero_width_leaves_the_text_alone() -> None:
    assert break_lines("一二三。", 0, monospace) == "一二三。"


CJK = st.sampled_from(list("党的光辉历程伟大功绩先锋引路制度建设幸福家园") + list(CLOSING[:8]) + list(OPENING[:4]))


@given(st.text(CJK, min_size=1, max_size=80), st.integers(min_value=3, max_value=30))
def test_no_line_starts_with_closing_or_ends_with_opening_and_nothing_is_lost(text: str, width: int) -> None:
    broken = break_lines(text, width, monospace)
    assert broken.replace("\n", "") == text
    # The rule holds wherever it can: a run of punctuation longer than a line has to be split.
    assume(all(len(piece) <= width for piece in units(text)))
    for line in broken.split("\n")[1:]:
        # A line may open with closing punctuation only if the text itself starts with a run of it.
        assert not line or line[0] not in CLOSING or text.startswith(line[0])
    for line in broken.split("\n")[:-1]:
        assert not line or line[-1] not in OPENING


def test_clip_lines_keeps_what_fits_and_ends_the_last_line_with_an_ellipsis() -> None:
    from kiosk.text.linebreak import ELLIPSIS, clip_lines

    def measure(text: str) -> float:
        return float(len(text))

    lines = ["体验馆面积约四百", "平方米，展区由“", "党的光辉历程”组", "成。"]
    assert clip_lines(lines, 4, 8, measure) == lines  # everything fits: unchanged
    clipped = clip_lines(lines, 2, 8, measure)
    assert len(clipped) == 2 and clipped[0] == lines[0]
    assert clipped[1].endswith(ELLIPSIS) and len(clipped[1]) <= 8
    assert not clipped[1][: -len(ELLIPSIS)].endswith(("，", "“"))  # no comma or opening mark before it
    assert clip_lines(lines, 0, 8, measure) == []


def test_clip_lines_never_cuts_a_number_in_two() -> None:
    from kiosk.text.linebreak import ELLIPSIS, clip_lines

    clipped = clip_lines(["展板面积约 260 平方米", "还有"], 1, 10, lambda text: float(len(text)))
    assert clipped == ["展板面积约" + ELLIPSIS]  # not "展板面积约 26……"
