"""Property (issue 14): any valid UTF-8 text round-trips through the importer unchanged.

No character may appear that the file does not contain (the old GB18030 re-reading turned
"¿Qué?" into "驴Qu茅?"). A text may still be refused (say, one that *is* recognisable mojibake),
but whatever imports is exactly what was written.
"""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.importers import import_bank_bytes
from quiz.importers.encoding import decode_bytes

UTF8_TEXT = st.text(st.characters(codec="utf-8"), max_size=80)
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
ONE_LINE = st.text(st.characters(codec="utf-8", exclude_characters=LINE_BREAKS), min_size=1, max_size=60)


@given(UTF8_TEXT)
@settings(max_examples=200, deadline=None)
def test_decoding_valid_utf8_gives_back_the_text(text: str) -> None:
    data = text.encode("utf-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = b"\xef\xbb\xbf" + data  # a leading BOM character survives a BOM-marked file
    assert decode_bytes(data).text == text


@given(ONE_LINE)
@settings(max_examples=100, deadline=None)
def test_a_csv_stem_imports_exactly_as_written(stem: str) -> None:
    out = io.StringIO()
    csv.writer(out).writerows([["题型", "题干", "答案"], ["判断", stem, "对"]])
    result = import_bank_bytes(out.getvalue().encode("utf-8"), "题库.csv")
    if result.ok:
        assert result.encoding == "utf-8"
        assert result.questions[0].stem == stem.strip()


def _gift_escape(text: str) -> str:
    for char in "\\~=#{}:":
        text = text.replace(char, "\\" + char)
    return text


@given(ONE_LINE, ONE_LINE)
@settings(max_examples=100, deadline=None)
def test_a_gift_question_imports_exactly_as_written(stem: str, option: str) -> None:
    if stem.lstrip().startswith(("//", "[", "$CATEGORY:")) or option.lstrip().startswith("["):
        return  # comments and format tags mean something in GIFT
    text = f"{_gift_escape(stem)}{{={_gift_escape(option)} ~另一个}}"
    result = import_bank_bytes(text.encode("utf-8"), "题库.gift")
    if result.ok:
        q = result.questions[0]
        assert q.stem == stem.strip() and q.options[0] == option.strip()
        assert set(q.stem) <= set(stem) and set(q.options[0]) <= set(option)


def test_the_properties_are_not_vacuous() -> None:
    for stem in ("¿Qué año?", "Größe", "党的一大", "Ünïcödé ✓ 😀"):
        out = io.StringIO()
        csv.writer(out).writerows([["题型", "题干", "答案"], ["判断", stem, "对"]])
        assert import_bank_bytes(out.getvalue().encode("utf-8"), "题库.csv").questions[0].stem == stem
