"""PDF: a printable report in Chinese (reportlab): the report sentence, the headline figures, tables
by kind and by month, zone popularity, satisfaction and suggestions, with vector charts drawn by
reportlab's own graphics (no pictures).

reportlab embeds TrueType (glyf) fonts only; Noto Sans CJK ships CFF outlines, so the report uses
WenQuanYi Micro Hei (Debian ``fonts-wqy-microhei``), a TrueType face with Chinese, Latin and digits
(Droid Sans Fallback has no digits).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from kiosk.reports.exporters.base import BaseExporter, ExportError, register
from kiosk.reports.scope import range_text
from kiosk.reports.summary import Summary

FONT_NAME = "KioskCJK"
FONT_FILES = (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),)
RED = "#B22222"


@functools.cache
def register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    override = os.environ.get("KIOSK_PDF_FONT")
    for path in ((Path(override),) if override else ()) + FONT_FILES:
        if path.is_file():
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
            return FONT_NAME
    raise ExportError("找不到可嵌入 PDF 的中文字体：请安装 fonts-wqy-microhei（apt-get install fonts-wqy-microhei）。")


@register
class PdfExporter(BaseExporter):
    identifier = "pdf"
    verbose_name = "PDF 报告"
    extension = "pdf"

    def _write(self, path: Path, table: str | None) -> None:
        from reportlab.lib import colors
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm
        from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

        font = register_font()
        self.progress(0, 2)
        s = self.source.summary()
        self.progress(1, 2)
        title = ParagraphStyle("title", fontName=font, fontSize=18, leading=26, textColor=colors.HexColor(RED))
        heading = ParagraphStyle("heading", fontName=font, fontSize=13, leading=20, spaceBefore=8, spaceAfter=4)
        body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=17, wordWrap="CJK")
        style = TableStyle([
            ("FONT", (0, 0), (-1, -1), font, 9.5), ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F2DCDB")), ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ])

        def table_of(rows: list[list[Any]], widths: list[float] | None = None) -> Table:
            t = Table([[Paragraph(str(c), body) if isinstance(c, str) and len(c) > 24 else c for c in r] for r in rows],
                      colWidths=widths, repeatRows=1, hAlign="LEFT")
            t.setStyle(style)
            return t

        t, fb = s.totals, s.feedback
        rate = "—" if fb.satisfaction_rate is None else f"{fb.satisfaction_rate * 100:.1f}%"
        story: list[Any] = [
            Paragraph(f"统计报告：{range_text(s.scope.start, s.scope.end)}", title),
            Paragraph(s.sentence, body), Spacer(1, 4 * mm),
            Paragraph("主要数字", heading),
            table_of([["指标", "数值", "指标", "数值"],
                      ["接待基层党组织（个）", t.organisations, "团体（批次）", t.groups],
                      ["党员（名）", t.party_members, "群众（名）", t.public],
                      ["散客（人）", t.walk_ins, "预约未到（个）", s.no_shows],
                      ["展板浏览（次）", s.board_views, "答题（人次）", s.quiz_attempts],
                      ["知识竞赛（场）", s.contests, "评价（条）", fb.count],
                      ["群众满意率", rate, "合理化建议（条）", fb.suggestions]],
                     [45 * mm, 30 * mm, 45 * mm, 30 * mm]),
            Paragraph("各月接待", heading),
            self._bars([m.label[-2:] + "月" if len(s.by_month) <= 12 else m.label for m in s.by_month],
                       [[m.groups for m in s.by_month], [m.party_members for m in s.by_month]], ["团体批次", "党员"], font),
            table_of([["月份", "团体批次", "党员", "群众"]] + [[m.label, m.groups, m.party_members, m.public]
                                                          for m in s.by_month]),
            Paragraph("按组织类别", heading),
            self._bars([k.kind for k in s.by_kind], [[k.party_members for k in s.by_kind]], ["党员"], font),
            table_of([["类别", "组织（个）", "批次", "党员"]] + [[k.kind, k.organisations, k.groups, k.party_members]
                                                          for k in s.by_kind]),
            Paragraph("活动", heading),
            table_of([["活动", "批次", "人次"]] + [[a.activity, a.batches, a.people] for a in s.activities]),
            Paragraph("展区热度", heading),
            self._bars([z.name[:6] for z in s.zones[:10]], [[z.views for z in s.zones[:10]]], ["浏览次数"], font),
            table_of([["展区", "浏览", "阅读", "停留中位数（秒）", "朗读"]]
                     + [[z.name, z.views, z.readers, f"{z.median_seconds:.0f}", z.read_aloud] for z in s.zones]),
            Paragraph(f"满意度（群众满意率 {rate}）", heading),
            self._pie(fb.distribution, font),
            table_of([["等级", "条数"]] + [[f"{r} 分", n] for r, n in sorted(fb.distribution.items(), reverse=True)]),
            Paragraph(f"合理化建议（共 {fb.suggestions} 条，列出最新 {len(fb.latest_suggestions)} 条）", heading),
        ]
        for item in fb.latest_suggestions:
            story.append(Paragraph(f"{item.day.isoformat()}（{item.rating} 分）：{_escape(item.text)}", body))
        if s.duplicates:
            story.append(Paragraph(f"重复签到 {len(s.duplicates)} 个团体（已只计一次）", heading))
            story.append(table_of([["组织", "签到次数", "终端"]] + [[d.organisation or "（本库无此预约）", d.checkins,
                                                                   "、".join(d.devices)] for d in s.duplicates]))
        doc = SimpleDocTemplate(str(path), pagesize=A4, title=f"统计报告 {range_text(s.scope.start, s.scope.end)}",
                                leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm)
        doc.build(story)
        self.progress(2, 2)

    @staticmethod
    def _bars(labels: list[str], series: list[list[int]], names: list[str], font: str) -> Any:
        from reportlab.graphics.charts.barcharts import VerticalBarChart
        from reportlab.graphics.charts.legends import Legend
        from reportlab.graphics.shapes import Drawing
        from reportlab.lib import colors

        drawing = Drawing(480, 170)
        if not labels:
            return drawing
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 40, 30, 420, 120
        chart.data = [tuple(v) for v in series]
        chart.categoryAxis.categoryNames = labels
        chart.categoryAxis.labels.fontName = font
        chart.categoryAxis.labels.fontSize = 7
        chart.valueAxis.labels.fontName = font
        chart.valueAxis.valueMin = 0
        palette = [colors.HexColor(RED), colors.HexColor("#E8A33D"), colors.HexColor("#5B7DB1")]
        for i in range(len(series)):
            chart.bars[i].fillColor = palette[i % len(palette)]
        drawing.add(chart)
        legend = Legend()
        legend.fontName, legend.x, legend.y, legend.alignment = font, 300, 165, "right"
        legend.colorNamePairs = [(palette[i % len(palette)], n) for i, n in enumerate(names)]
        drawing.add(legend)
        return drawing

    @staticmethod
    def _pie(distribution: dict[int, int], font: str) -> Any:
        from reportlab.graphics.charts.piecharts import Pie
        from reportlab.graphics.shapes import Drawing
        from reportlab.lib import colors

        drawing = Drawing(480, 150)
        items = [(r, n) for r, n in sorted(distribution.items(), reverse=True) if n]
        if not items:
            return drawing
        pie = Pie()
        pie.x, pie.y, pie.width, pie.height = 170, 10, 130, 130
        pie.data = [n for _r, n in items]
        pie.labels = [f"{r} 分" for r, _n in items]
        pie.slices.fontName = font
        shades = {5: "#B22222", 4: "#E06666", 3: "#E8A33D", 2: "#9E9E9E", 1: "#616161"}
        for i, (r, _n) in enumerate(items):
            pie.slices[i].fillColor = colors.HexColor(shades[r])
        drawing.add(pie)
        return drawing


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
