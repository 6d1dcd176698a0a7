"""XLSX: a 汇总 sheet with the headline figures and native Excel charts, then one sheet per table.

XlsxWriter in ``constant_memory`` mode writes each row to a temporary file as soon as the next one
starts, so memory stays flat however many rows there are (openpyxl's write-only mode has no charts
worth the name; XlsxWriter's are Excel's own chart XML). Dates and times are real date cells, counts
real numbers; headers are frozen; column widths count a Chinese character as two.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.reports.exporters.base import BaseExporter, register
from kiosk.reports.rows import EXCEL, TABLES, ExportTable
from kiosk.reports.scope import range_text
from kiosk.reports.summary import Summary

EVERY = 20_000
ROWS_PER_SHEET = 1_048_575
"""Excel's 1,048,576 rows less the header: a longer table goes on in a 续 sheet (XlsxWriter would
silently drop the rows past the limit). Ten years of one hall's board views are about 1.25 M."""
SUMMARY_SHEET = "汇总"


def text_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


@register
class XlsxExporter(BaseExporter):
    identifier = "xlsx"
    verbose_name = "Excel 工作簿"
    extension = "xlsx"

    def _write(self, path: Path, table: str | None) -> None:
        import xlsxwriter

        names = [table] if table else list(TABLES)
        counts = {name: self.source.count(name) for name in names}
        total = sum(counts.values())
        self.progress(0, total)
        book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                              "strings_to_formulas": False, "strings_to_urls": False})
        self.formats = {
            "title": book.add_format({"bold": True, "font_size": 16}),
            "head": book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1}),
            "date": book.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
            "percent": book.add_format({"num_format": "0.0%"}),
            "float": book.add_format({"num_format": "0.0"}),
            "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        }
        self._summary_sheet(book, self.source.summary())
        done = 0
        for name in names:
            done = self._table_sheet(book, TABLES[name], done, total)
        book.close()
        self.progress(total, total)

    # -------------------------------------------------------------------------------- 汇总
    def _summary_sheet(self, book: Any, s: Summary) -> None:
        sheet = book.add_worksheet(SUMMARY_SHEET)
        f = self.formats
        sheet.set_column(0, 0, 22)
        sheet.set_column(1, 4, 12)
        sheet.write_string(0, 0, f"统计汇总：{range_text(s.scope.start, s.scope.end)}", f["title"])
        sheet.write_string(1, 0, s.sentence)
        t, fb = s.totals, s.feedback
        headline: list[tuple[str, Any]] = [
            ("接待基层党组织（个）", t.organisations), ("团体（批次）", t.groups), ("党员（名）", t.party_members),
            ("其中团体党员", t.group_members), ("散客党员", t.walk_in_members), ("群众（名）", t.public),
            ("散客（人）", t.walk_ins), ("预约（个）", s.bookings), ("预约未到（个）", s.no_shows),
            ("重复签到（已只计一次）", len(s.duplicates)), ("展板浏览（次）", s.board_views),
            ("答题（人次）", s.quiz_attempts), ("知识竞赛（场）", s.contests), ("评价（条）", fb.count),
            ("群众满意率", fb.satisfaction_rate), ("合理化建议（条）", fb.suggestions),
        ]
        row = 3
        sheet.write_row(row, 0, ["指标", "数值"], f["head"])
        for label, value in headline:
            row += 1
            sheet.write_string(row, 0, label)
            if value is None:
                sheet.write_string(row, 1, "—")
            elif label == "群众满意率":
                sheet.write_number(row, 1, value, f["percent"])
            else:
                sheet.write_number(row, 1, value)

        def block(title: str, headers: list[str], rows: list[list[Any]]) -> tuple[int, int]:
            nonlocal row
            row += 2
            sheet.write_string(row, 0, title, f["title"])
            row += 1
            sheet.write_row(row, 0, headers, f["head"])
            first = row + 1
            for values in rows:
                row += 1
                for col, value in enumerate(values):
                    if isinstance(value, str):
                        sheet.write_string(row, col, value)
                    else:
                        sheet.write_number(row, col, value)
            return first, row

        def chart(kind: str, title: str, span: tuple[int, int], value_cols: list[int], names: list[str],
                  anchor: int, subtype: str | None = None) -> None:
            first, last = span
            if last < first:
                return
            options = {"type": kind} | ({"subtype": subtype} if subtype else {})
            c = book.add_chart(options)
            for col, name in zip(value_cols, names):
                c.add_series({"name": name, "categories": [SUMMARY_SHEET, first, 0, last, 0],
                              "values": [SUMMARY_SHEET, first, col, last, col],
                              **({"data_labels": {"percentage": True}} if kind == "pie" else {})})
            c.set_title({"name": title})
            c.set_size({"width": 640, "height": 300})
            if kind != "pie":
                c.set_legend({"position": "bottom"})
            sheet.insert_chart(anchor, 6, c)

        months = block("按月", ["月份", "团体批次", "党员", "群众"],
                       [[m.label, m.groups, m.party_members, m.public] for m in s.by_month])
        kinds = block("按组织类别", ["类别", "组织", "批次", "党员"],
                      [[k.kind, k.organisations, k.groups, k.party_members] for k in s.by_kind])
        zones = block("展区热度", ["展区", "浏览", "阅读", "停留中位数（秒）", "朗读"],
                      [[z.name, z.views, z.readers, None if z.median_seconds is None else round(z.median_seconds, 1), z.read_aloud] for z in s.zones])
        ratings = block("满意度", ["等级", "条数"],
                        [[f"{r} 分", n] for r, n in sorted(fb.distribution.items(), reverse=True)])
        block("活动", ["活动", "批次", "人次", "来源"], [[a.activity, a.batches, a.people, a.source] for a in s.activities])
        block("参观目的", ["目的", "批次", "人数"], [[p.purpose, p.groups, p.people] for p in s.by_purpose])
        block("答题", ["模式", "人次", "平均得分", "平均得分率（%）"],
              [[m.label, m.attempts, m.average_score, m.average_percent] for m in s.quiz_modes])
        block("最难的题", ["题目", "作答", "答对率"], [[q.stem, q.answers, q.facility] for q in s.hardest])
        block("合理化建议（最新）", ["日期", "满意度", "建议"],
              [[d.day.isoformat(), d.rating, d.text] for d in fb.latest_suggestions])
        chart("column", "各月接待（批次、党员）", months, [1, 2], ["团体批次", "党员"], 3)
        chart("bar", "按组织类别：党员", kinds, [3], ["党员"], 19)
        chart("column", "展区热度：浏览次数", zones, [1], ["浏览"], 35)
        chart("pie", "满意度", ratings, [1], ["条数"], 51)

    # ------------------------------------------------------------------------------ tables
    def _table_sheet(self, book: Any, spec: ExportTable, done: int, total: int) -> int:
        """The table's rows, on as many sheets as Excel's row limit needs (签到, 签到（续2）, …)."""
        f = self.formats
        kinds = [column.kind for column in spec.columns]
        writers: list[tuple[str, Any]] = []
        for kind in kinds:
            if kind in ("date", "datetime"):
                writers.append(("when", f[kind]))
            elif kind == "float":
                writers.append(("number", f["float"]))
            elif kind == "int":
                writers.append(("number", None))
            else:
                writers.append(("string", None))
        part, r, sheet = 1, 0, self._new_table_sheet(book, spec, spec.title)
        for values in self.source.rows(spec.name, form=EXCEL):
            if r == ROWS_PER_SHEET:
                sheet.autofilter(0, 0, r, len(spec.columns) - 1)
                part += 1
                done += r
                r, sheet = 0, self._new_table_sheet(book, spec, f"{spec.title}（续{part}）")
            r += 1
            write_number, write_string, write_datetime = sheet.write_number, sheet.write_string, sheet.write_datetime
            for col, value in enumerate(values):
                if value is None or value == "":
                    continue
                how, fmt = writers[col]
                if how == "string":
                    write_string(r, col, value)
                elif how == "number":
                    write_number(r, col, value, fmt)
                elif type(value) in (int, float):  # an Excel serial date from the row source
                    write_number(r, col, value, fmt)
                else:
                    write_datetime(r, col, value, fmt)
            if r % EVERY == 0:
                self.progress(done + r, total)
        sheet.autofilter(0, 0, max(r, 1), len(spec.columns) - 1)
        return done + r

    def _new_table_sheet(self, book: Any, spec: ExportTable, title: str) -> Any:
        sheet = book.add_worksheet(title)
        for col, column in enumerate(spec.columns):
            sheet.set_column(col, col, max(column.width, text_width(column.header) + 2))
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, [c.header for c in spec.columns], self.formats["head"])
        return sheet
