"""Template, export → re-import identity, and the bank's JSON form."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from quiz.importers import import_bank
from quiz.model import Bank, Question, QuestionType
from quiz.xlsx_template import EXAMPLES, export_bank, header, write_template

from quiz_helpers import DATA, sample_questions


def test_template_has_every_type_and_imports_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "模板.xlsx"
    write_template(path)
    result = import_bank(path)
    assert result.ok and result.warnings == ()
    assert {q.type for q in result.questions} == set(QuestionType)
    assert result.questions == EXAMPLES
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames == ["题库", "填写说明"]
    rows = list(workbook["题库"].iter_rows(values_only=True))
    assert list(rows[1][: len(header())]) == header()
    workbook.close()


def test_export_then_import_gives_identical_questions(tmp_path: Path) -> None:
    tricky = (
        Question.create(QuestionType.SINGLE, "=SUM(A1) 以等号开头的题干", ("=1", "+2", "-3", "@4"), ("A",)),
        Question.create(QuestionType.MULTIPLE, "七个选项\n第二行", tuple("甲乙丙丁戊己庚"), ("A", "G"),
                        explanation="多行\n解析", source="出处", difficulty="难", category="类/子类", points=5,
                        image="images/a.png", tags=("甲", "乙")),
        Question.create(QuestionType.FILL, "数字 ____", (), ("1921", "3.14±0.01")),
        Question.create(QuestionType.TRUEFALSE, "假的", (), ("false",)),
    )
    bank = Bank("往返", sample_questions(20) + tricky)
    path = tmp_path / "导出.xlsx"
    export_bank(bank, path)
    result = import_bank(path, bank_id="往返")
    assert result.ok, result.problems
    assert result.bank == bank


def test_gift_and_aiken_banks_survive_an_excel_round_trip(tmp_path: Path) -> None:
    for sample in ("sample.gift", "sample_aiken.txt"):
        original = import_bank(DATA / sample)
        assert original.bank is not None
        path = tmp_path / f"{sample}.xlsx"
        export_bank(original.bank, path)
        again = import_bank(path)
        assert again.questions == original.questions


def test_to_json_shape() -> None:
    bank = Bank("demo", sample_questions(4))
    data = json.loads(bank.to_json())
    assert set(data) == {"bank", "questions"} and data["bank"] == "demo"
    single, multiple, tf, fill = data["questions"]
    required = {"id", "type", "stem", "options", "answer", "explanation", "source", "difficulty", "category"}
    assert required <= set(single)
    assert (single["type"], single["options"], single["answer"]) == ("single", ["甲", "乙", "丙", "丁"], ["B"])
    assert (multiple["type"], multiple["answer"]) == ("multiple", ["A", "C"])
    assert (tf["type"], tf["options"], tf["answer"]) == ("truefalse", [], ["true"])
    assert (fill["type"], fill["answer"]) == ("fill", ["实事求是", "求是"])
    assert "单选题" in bank.to_json()  # Chinese kept readable, not \\u-escaped


def test_from_json_round_trip_and_stored_id_kept() -> None:
    bank = Bank("demo", sample_questions(8))
    assert Bank.from_json(bank.to_json()) == bank
    data = json.loads(bank.to_json())
    data["questions"][0]["id"] = "stored-id"
    assert Bank.from_json(data).questions[0].id == "stored-id"


def test_bank_helpers() -> None:
    bank = Bank("demo", sample_questions(6))
    assert bank.categories() == ("党史", "理论", "党章")
    assert len(bank.in_category("党史")) == 2 and bank.in_category(None) == bank.questions
    assert bank.by_id()[bank.questions[0].id] is bank.questions[0]
    assert bank.questions[1].answer_text() == "A、C"
    assert bank.questions[2].answer_text() == "正确"
    assert bank.questions[3].answer_text() == "实事求是 或 求是"
