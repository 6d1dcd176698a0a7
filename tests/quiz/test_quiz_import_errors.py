"""Bad input: nothing is imported, and each problem says where and what, in Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from quiz.importers import import_bank, import_bank_bytes
from quiz.problems import ImportResult, Problem

from quiz_helpers import HEADER, CsvMaker, XlsxMaker

GOOD = ["单选", "好题", "甲", "乙", "丙", "丁", "A"]


def only_problem(result: ImportResult) -> Problem:
    assert not result.ok
    assert result.bank is None and result.questions == ()
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


def bad_row_at_12(make_xlsx: XlsxMaker, bad: Sequence[object]) -> ImportResult:
    """A title row, the header on row 2, good rows 3–11 and the bad row on row 12."""
    rows: list[list[object]] = [["题库"], HEADER]
    rows += [[*GOOD[:1], f"好题 {i}", *GOOD[2:]] for i in range(9)]
    rows.append(bad)
    return import_bank(make_xlsx(rows))


def test_answer_beyond_options_exact_message(make_xlsx: XlsxMaker) -> None:
    problem = only_problem(bad_row_at_12(make_xlsx, ["单选", "坏题", "甲", "乙", "丙", "丁", "E"]))
    assert problem.row == 12 and problem.file == "题库.xlsx" and problem.sheet == "题库"
    assert problem.text == '工作表“题库” 第 12 行：答案 "E" 超出了选项范围（只有 A–D）'
    assert problem.message == '答案 "E" 超出了选项范围（只有 A–D）'
    assert str(problem) == '题库.xlsx 工作表“题库” 第 12 行：答案 "E" 超出了选项范围（只有 A–D）'


@pytest.mark.parametrize("bad, message", [
    (["单选", "无答案", "甲", "乙", None, None, None], "没有正确答案（“答案”为空）"),
    (["判断", "无答案", None, None, None, None, ""], "没有正确答案（“答案”为空）"),
    (["填空", "无答案 ____", None, None, None, None, " | ; "], "没有正确答案（“答案”为空）"),
    (["判断", "带选项的判断", "正确", "错误", None, None, "A"], "判断题不应有选项（这里有 2 个）；请把选项列留空"),
    (["填空", "带选项的填空", "甲", None, None, None, "甲"], "填空题不应有选项（这里有 1 个）；请把选项列留空"),
    (["多选", "超出范围", "甲", "乙", "丙", None, "ABEF"], '答案 "EF" 超出了选项范围（只有 A–C）'),
    (["单选", "两个答案", "甲", "乙", "丙", "丁", "A,C"], '单选题只能有一个正确答案，这里有 2 个（"A,C"）'),
    (["问答", "未知题型", None, None, None, None, "随便"], '未知的题型 "问答"（可用：单选、多选、判断、填空、数值、连线）'),
    (["单选", None, "甲", "乙", None, None, "A"], "题干为空"),
    (["单选", "   ", "甲", "乙", None, None, "A"], "题干为空"),
    (["单选", "重复选项", "甲", "乙", " 甲 ", None, "A"], '选项A和选项C重复（"甲"）'),
    (["单选", "全角重复", "ＡＢ", "AB", None, None, "A"], '选项A和选项B重复（"AB"）'),
    (["单选", "选项有空缺", "甲", None, "丙", None, "A"], "选项B为空，但后面的选项C有内容"),
    (["单选", "只有一个选项", "甲", None, None, None, "A"], "单选题至少要有两个选项（这里有 1 个）"),
    (["多选", "答案乱写", "甲", "乙", None, None, "甲乙"], '答案 "甲乙" 无法识别：请写选项字母，如 "A" 或 "ABD"'),
    (["判断", "答案乱写", None, None, None, None, "可能吧"],
     '判断题答案 "可能吧" 无法识别（可写：正确/错误、对/错、√/×、✓/✗、T/F、true/false、是/否、A/B）'),
])
def test_bad_rows(make_xlsx: XlsxMaker, bad: list[object], message: str) -> None:
    problem = only_problem(bad_row_at_12(make_xlsx, bad))
    assert (problem.row, problem.message) == (12, message)


def test_cell_too_long(make_xlsx: XlsxMaker) -> None:
    problem = only_problem(bad_row_at_12(make_xlsx, ["单选", "长", "甲", "乙", None, None, "A", "解" * 5000]))
    assert problem.row == 12
    assert problem.message == "“解析”的内容太长（5000 字，最多 2000 字）"


def test_cell_too_long_uses_the_files_own_header(make_csv: CsvMaker) -> None:
    path = make_csv([["类型", "试题", "参考答案"], ["判断", "题" * 5000, "对"]])
    problem = only_problem(import_bank(path))
    assert (problem.row, problem.message) == (2, "“试题”的内容太长（5000 字，最多 2000 字）")


def test_cell_length_limit_is_configurable(make_csv: CsvMaker) -> None:
    path = make_csv([["题型", "题干", "答案"], ["判断", "题" * 30, "对"]])
    assert import_bank(path).ok
    assert not import_bank(path, max_cell_chars=20).ok


def test_bad_points(make_xlsx: XlsxMaker) -> None:
    row = ["单选", "分值", "甲", "乙", None, None, "A", None, None, None, None, "0.5"]
    problem = only_problem(bad_row_at_12(make_xlsx, row))
    assert problem.message == '分值 "0.5" 不是正整数'


def test_every_problem_is_listed_and_nothing_imported(make_xlsx: XlsxMaker) -> None:
    rows = [HEADER, GOOD, ["单选", "坏1", "甲", "乙", None, None, "C"], GOOD[:1] + ["好2"] + GOOD[2:],
            ["判断", "坏2", "对", None, None, None, "对"], ["单选", None, "甲", "乙", None, None, "Z"]]
    result = import_bank(make_xlsx(rows))
    assert result.bank is None and result.questions == ()
    assert [(p.row, p.message) for p in result.problems] == [
        (3, '答案 "C" 超出了选项范围（只有 A–B）'),
        (5, "判断题不应有选项（这里有 1 个）；请把选项列留空"),
        (6, "题干为空"),
        (6, '答案 "Z" 超出了选项范围（只有 A–B）'),
    ]


def test_duplicate_question_rows(make_xlsx: XlsxMaker) -> None:
    rows = [HEADER, GOOD, ["单选", "另一题", "甲", "乙", None, None, "B"], ["单选", "好题", "甲", "乙", "丙", "丁", "B"]]
    problem = only_problem(import_bank(make_xlsx(rows)))
    assert (problem.row, problem.message) == (4, "与工作表“题库” 第 2 行的题目重复（题型、题干和选项都相同）")


@pytest.mark.parametrize("content, name", [
    ([HEADER], "表头.xlsx"),
    ([HEADER, [], [None, None]], "空行.xlsx"),
])
def test_empty_bank_xlsx(make_xlsx: XlsxMaker, content: list[list[object]], name: str) -> None:
    problem = only_problem(import_bank(make_xlsx(content, name=name)))
    assert problem.message == "题库中没有题目" and problem.row is None and problem.where == ""


def test_empty_bank_text_formats(tmp_path: Path, make_csv: CsvMaker) -> None:
    assert only_problem(import_bank(make_csv([["题干", "答案"]]))).message == "题库中没有题目"
    assert only_problem(import_bank_bytes(b"", "empty.csv")).message == "题库中没有题目（文件是空的）"
    gift_only_comments = "// 只有注释\n$CATEGORY: 党史\n".encode()
    assert only_problem(import_bank_bytes(gift_only_comments, "c.gift")).message == "题库中没有题目"


def test_no_header_found(make_xlsx: XlsxMaker, make_csv: CsvMaker) -> None:
    problem = only_problem(import_bank(make_xlsx([["甲", "乙"], ["丙", "丁"]])))
    assert "找不到表头" in problem.message
    problem = only_problem(import_bank(make_csv([["甲", "乙"], ["丙", "丁"]])))
    assert "找不到表头" in problem.message


def test_type_sheet_without_header_is_a_problem(make_xlsx: XlsxMaker) -> None:
    result = import_bank(make_xlsx({"单选题": [["甲", "乙"]], "判断题": [["题干", "答案"], ["对吗", "对"]]}))
    problem = only_problem(result)
    assert problem.sheet == "单选题" and "找不到表头" in problem.message


def test_legacy_xls_and_unknown_format(tmp_path: Path) -> None:
    xls = only_problem(import_bank_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "老.xls"))
    assert "不支持旧版 .xls" in xls.message
    unknown = only_problem(import_bank_bytes("随便写的一段话。\n没有格式。\n".encode(), "说明.txt"))
    assert unknown.message.startswith("无法识别文件格式")
    broken_zip = only_problem(import_bank_bytes(b"PK\x03\x04garbage", "坏.xlsx"))
    assert broken_zip.message.startswith("无法打开 Excel 文件")


def test_missing_file(tmp_path: Path) -> None:
    problem = only_problem(import_bank(tmp_path / "没有.xlsx"))
    assert problem.message.startswith("无法读取文件")


# --- encodings: a GBK file is never silently misread -----------------------------------------

CSV_TEXT = "题型,题干,答案\n判断,遵义会议是党的历史上生死攸关的转折点。,正确\n判断,南昌起义发生在一九三七年。,错误\n"


@pytest.mark.parametrize("errors", ["replace", "ignore"])
def test_utf8_read_as_gbk_then_saved_is_refused(errors: str) -> None:
    # What Notepad/Excel produce when a UTF-8 CSV is opened as GBK and saved again (棰樺瀷...).
    garbled = CSV_TEXT.encode("utf-8").decode("gb18030", errors=errors)
    problem = only_problem(import_bank_bytes(garbled.encode("utf-8"), "乱码.csv"))
    assert problem.message.startswith("文件内容是乱码（UTF-8 文件曾被当作 GBK 打开后又保存")
    assert "题型,题干,答案" in problem.message
    also_as_gbk = only_problem(import_bank_bytes(garbled.encode("gb18030"), "乱码.csv"))
    assert also_as_gbk.message.startswith("文件内容是乱码")


def test_utf8_read_as_latin1_then_saved_is_refused() -> None:
    garbled = CSV_TEXT.encode("utf-8").decode("cp1252", errors="replace")
    problem = only_problem(import_bank_bytes(garbled.encode("utf-8"), "乱码.csv"))
    assert "乱码" in problem.message and "西文编码" in problem.message


def test_gbk_read_as_latin1_then_saved_is_refused() -> None:
    garbled = CSV_TEXT.encode("gbk").decode("latin-1")
    problem = only_problem(import_bank_bytes(garbled.encode("utf-8"), "乱码.csv"))
    assert "GBK 文件曾被当作西文编码打开后又保存" in problem.message


def test_undecodable_bytes_are_refused_with_line() -> None:
    data = CSV_TEXT.encode("gbk") + b"\xff\xfe\xfd broken\n"
    problem = only_problem(import_bank_bytes(data, "坏.csv"))
    assert problem.message.startswith("无法识别文件编码") and problem.line == 4


def test_bom_says_utf8_but_content_is_gbk() -> None:
    data = b"\xef\xbb\xbf" + CSV_TEXT.encode("gbk")
    problem = only_problem(import_bank_bytes(data, "坏.csv"))
    assert "UTF-8" in problem.message and problem.line == 1


def test_replacement_characters_from_an_earlier_misread(make_csv: CsvMaker) -> None:
    path = make_csv([["题型", "题干", "答案"], ["判断", "遵义会议是\ufffd\ufffd的转折点。", "对"]])
    problem = only_problem(import_bank(path))
    assert problem.row == 2 and "乱码字符" in problem.message and "“题干”" in problem.message


def test_mojibake_header_in_xlsx(make_xlsx: XlsxMaker) -> None:
    garbled = [c.encode("utf-8").decode("gb18030", errors="replace") for c in ("题型", "题干", "答案")]
    problem = only_problem(import_bank(make_xlsx([["标题"], garbled, ["判断", "对吗", "对"]])))
    assert problem.sheet == "题库"
    assert problem.message.startswith("文件内容是乱码（UTF-8 文件曾被当作 GBK 打开后又保存，原文应是“题型，题干，答案”")


def test_mojibake_header_only_in_csv_with_genuine_rows() -> None:
    header = ",".join(c.encode("utf-8").decode("gb18030", errors="replace") for c in ("题型", "题干", "答案"))
    text = header + "\n判断,这一行是正常的中文，很长很长很长很长很长很长很长很长很长很长很长很长很长,对\n"
    problem = only_problem(import_bank_bytes(text.encode("utf-8"), "半乱码.csv"))
    assert problem.message.startswith("文件内容是乱码")


def test_genuine_text_is_never_called_mojibake() -> None:
    from quiz.importers.encoding import repair_mojibake

    for sample in (CSV_TEXT, "Café, naïve résumé, déjà vu — à la carte.", "题" * 3, "遵义会议 ÀÉ ok"):
        assert repair_mojibake(sample) is None, sample


def test_csv_module_errors_are_reported_not_truncated() -> None:
    huge = "题" * 200_000  # beyond the csv module's field size limit
    text = f"题型,题干,答案\n判断,对吗,对\n判断,{huge},对\n判断,后面的题,对\n"
    problem = only_problem(import_bank_bytes(text.encode("utf-8"), "大.csv"))
    assert problem.row == 3 and problem.message.startswith("CSV 格式错误，无法读取")


def test_corrupt_sheet_inside_a_valid_workbook(make_xlsx: XlsxMaker, tmp_path: Path) -> None:
    import zipfile

    good = make_xlsx([HEADER, GOOD])
    broken = tmp_path / "坏表.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]  # truncated XML
            dst.writestr(item, data)
    problem = only_problem(import_bank(broken))
    assert problem.message.startswith("Excel 文件已损坏，无法读取")
