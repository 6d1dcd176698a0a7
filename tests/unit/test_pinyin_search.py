"""Finding organisations by pinyin initials, full pinyin and Chinese substrings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.text.pinyin_search import MatchKind, PinyinIndex

NAMES = [
    "中关村科技园区党支部",
    "中国工商银行北京分行第3党支部（机关）",
    "重庆市IBM合作办",
    "绿色长城志愿者协会",
    "北京大学物理学院党委",
    "中关村第二小学党支部",
    "长安街道办事处",
    "中关村",
]
INDEX = PinyinIndex(NAMES)


def test_initials_find_zhongguancun_names_with_prefix_matches_first() -> None:
    results = INDEX.search("ZGC")
    assert results[:3] == ["中关村", "中关村科技园区党支部", "中关村第二小学党支部"]
    assert [h.kind for h in INDEX.search_hits("ZGC")] == [MatchKind.INITIALS_PREFIX] * 3


def test_zgb_finds_the_zhongguancun_branch_by_initials() -> None:
    hits = INDEX.search_hits("ZGB")
    names = [h.name for h in hits]
    assert "中关村科技园区党支部" in names and "中关村第二小学党支部" in names
    assert all(h.kind is MatchKind.INITIALS_SUBSEQUENCE for h in hits)


def test_initials_are_case_insensitive_and_full_width_tolerant() -> None:
    assert INDEX.search("zgc") == INDEX.search("ZGC") == INDEX.search("ＺＧＣ") == INDEX.search(" Z G C ")


def test_initials_substring_ranks_after_prefix() -> None:
    hits = INDEX.search_hits("DZB")
    assert {h.name for h in hits} == {
        "中关村科技园区党支部",
        "中关村第二小学党支部",
        "中国工商银行北京分行第3党支部（机关）",
    }
    assert all(h.kind is MatchKind.INITIALS_SUBSTRING for h in hits)
    # earlier match position first: 中关村科技园区党支部 has DZB at 7, 中关村第二小学党支部 at 7, ICBC at 11
    assert hits[-1].name == "中国工商银行北京分行第3党支部（机关）"


def test_full_pinyin_prefix_and_substring() -> None:
    assert INDEX.search("zhongguancun")[0] == "中关村"
    assert INDEX.search_hits("yinhang")[0].kind is MatchKind.PINYIN_SUBSTRING
    assert INDEX.search("yinhang") == ["中国工商银行北京分行第3党支部（机关）"]


def test_chinese_substring_and_prefix() -> None:
    assert INDEX.search("关村") == ["中关村", "中关村科技园区党支部", "中关村第二小学党支部"]
    assert INDEX.search_hits("中关村科")[0].kind is MatchKind.NAME_PREFIX
    assert INDEX.search_hits("中关村")[0].kind is MatchKind.EXACT


def test_polyphonic_characters_use_the_phrase_reading() -> None:
    assert INDEX.search("chongqing") == ["重庆市IBM合作办"]  # 重 as chong, not zhong
    assert INDEX.search("changan") == ["长安街道办事处"]  # 长 as chang, not zhang
    assert INDEX.search("CQS") == ["重庆市IBM合作办"]
    assert INDEX.search("ZQS") == ["重庆市IBM合作办"]  # other reading's initial still finds it
    assert INDEX.search("lvse") == ["绿色长城志愿者协会"]


def test_latin_letters_and_digits_inside_names() -> None:
    assert INDEX.search("ibm") == ["重庆市IBM合作办"]
    assert INDEX.search("CQSIBM") == ["重庆市IBM合作办"]
    assert INDEX.search("3") == ["中国工商银行北京分行第3党支部（机关）"]


@pytest.mark.parametrize("query", ["", "   ", "XYZQW", "上海", "!!!", "'"])
def test_no_match_or_empty_query_gives_nothing(query: str) -> None:
    assert INDEX.search(query) == []


def test_limit_and_duplicates() -> None:
    index = PinyinIndex(["中关村党支部"] * 3 + [f"中关村{i}号党支部" for i in range(30)] + ["", "  "])
    assert len(index) == 31
    assert len(index.search("zgc")) == 20
    assert len(index.search("zgc", limit=None)) == 31
    assert index.search("zgc", limit=1) == ["中关村党支部"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_query_is_safe(query: str) -> None:
    results = INDEX.search(query)
    assert set(results) <= set(NAMES)
