"""Aiken question files (Moodle's simplest text format).

A question is one or more stem lines, then options ``A. text`` or ``A) text`` (also the Chinese
``A、`` ``A．`` ``A）``), then ``ANSWER: B``. Several letters (``ANSWER: A,C``) make a 多选 — an
extension of Aiken, which only knows single answers; ``答案：B`` is accepted for ``ANSWER: B``.
Blank lines are optional between questions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from quiz.importers.draft import Draft
from quiz.model import LETTERS
from quiz.problems import Problem

_OPTION = re.compile(r"^\s*([A-Z])\s*[.)、）]\s*(.*)$")
_ANSWER = re.compile(r"^\s*(?:ANSWER|答案)\s*[:]\s*(.*)$", re.I)


@dataclass(slots=True)
class AikenRead:
    drafts: list[Draft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class _Open:
    line: int
    stem: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    broken: bool = False  # already reported; do not validate it again


def read_aiken(text: str, file: str) -> AikenRead:
    out = AikenRead()
    current: _Open | None = None

    def unfinished(q: _Open) -> None:
        out.problems.append(Problem(file, "这道题缺少 ANSWER: 行（答案）", line=q.line))

    for number, raw in enumerate(text.splitlines(), start=1):
        line = unicodedata.normalize("NFKC", raw)
        if not line.strip():
            continue
        answer = _ANSWER.match(line)
        if answer:
            if current is None or not current.options:
                out.problems.append(Problem(file, "ANSWER: 行前面没有题干和选项", line=number))
            elif not current.broken:
                out.drafts.append(Draft(
                    file=file, line=current.line, stem="\n".join(current.stem),
                    options=current.options, answer_text=answer.group(1),
                    field_lines={"answer": number},
                ))
            current = None
            continue
        option = _OPTION.match(line)
        if option and current is not None and current.stem:
            expected = LETTERS[len(current.options)] if len(current.options) < len(LETTERS) else "?"
            if option.group(1) == expected:
                current.options.append(option.group(2).strip())
                continue
            if current.options:
                out.problems.append(Problem(
                    file, f"选项字母应为 {expected}，这里是 {option.group(1)}", line=number))
                current.broken = True
                continue
        if current is not None and current.options:
            unfinished(current)
            current = None
        if current is None:
            current = _Open(number)
        current.stem.append(raw.strip())
    if current is not None:
        unfinished(current)
    return out


def looks_like_aiken(text: str) -> bool:
    """Content sniffing: at least one ``ANSWER:`` line right after an option line."""
    previous_was_option = False
    for raw in text.splitlines():
        line = unicodedata.normalize("NFKC", raw)
        if not line.strip():
            continue
        if _ANSWER.match(line) and previous_was_option:
            return True
        previous_was_option = _OPTION.match(line) is not None
    return False
