"""The statistics page's SVG charts: labels are escaped, bars are ranked as given and scaled to the
largest, month labels shorten, and an empty chart is no chart (the page says so in words)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kiosk.hub.web.charts import Series, columns, hbars, short_months

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(markup.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def test_bars_escape_their_labels_and_scale_to_the_largest() -> None:
    svg = str(hbars([("<script>alert(1)</script>", 40), ("社区", 10)], title="a&b", unit=" 名"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = _parse(svg)  # well-formed XML
    widths = [float(r.get("width", 0)) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == 4 * widths[1]


def test_month_columns_shorten_labels_and_vanish_when_empty() -> None:
    assert short_months(["2026-01", "2026-12"]) == ["1月", "12月"]
    assert short_months(["2025-12", "2026-01"]) == ["25-12", "26-01"]
    assert short_months(["第一周"]) == ["第一周"]
    root = _parse(str(columns(["2026-01", "2026-02"], [Series("党员", [3, 0]), Series("群众", [1, 2])], title="t")))
    assert sum(1 for _ in root.iter(f"{SVG}rect")) == 2 + 4  # legend squares and four columns
    assert str(columns(["2026-01"], [Series("党员", [0])], title="t")) == ""
    assert str(hbars([], title="t")) == ""
