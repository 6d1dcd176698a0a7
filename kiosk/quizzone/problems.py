"""Import problems as the ``file:row: message`` lines staff see (the issue's format)."""

from __future__ import annotations

from quiz.problems import Problem


def problem_line(problem: Problem) -> str:
    """``题库.xlsx:12: 答案 "E" 超出了选项范围`` — row (spreadsheets) or line (text formats).

    A sheet name, when the workbook has one sheet per 题型, leads the message; a problem about the
    whole file has no number: ``题库.csv: 题库中没有题目``.
    """
    number = problem.row if problem.row is not None else problem.line
    message = f"工作表“{problem.sheet}”：{problem.message}" if problem.sheet else problem.message
    if number is None:
        return f"{problem.file}: {message}"
    return f"{problem.file}:{number}: {message}"
