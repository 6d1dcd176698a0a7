"""The demo hall's question bank imports whole through the quiz engine (the quiz zone works on day one)."""

from __future__ import annotations

from pathlib import Path

from quiz.importers import import_bank

BANK = Path(__file__).resolve().parents[2] / "content/quiz/banks/党的基本知识.csv"


def test_demo_bank_imports_with_explanations_and_sources() -> None:
    result = import_bank(BANK)
    assert result.ok, [str(p) for p in result.problems]
    questions = result.questions
    assert len(questions) >= 100
    assert {q.category for q in questions} == {"党章", "党史", "党的建设基本知识"}
    assert {q.type.value for q in questions} == {"single", "multiple", "truefalse", "fill"}
    assert all(q.explanation and q.source for q in questions)
