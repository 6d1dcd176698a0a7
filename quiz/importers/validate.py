"""Turning drafts into questions, or into problems worded for the staff who wrote the file.

All formats share these checks, so a rule (say, "判断题不应有选项") reads the same whether the
bank came from Excel, CSV, GIFT or Aiken. ``build_bank`` is all or nothing: any problem means
no bank.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace

from quiz.answers import (
    FILL_SEPARATOR_CHARS,
    NUMERIC_HELP,
    numeric_answer,
    TRUEFALSE_HELP,
    parse_letters,
    parse_truefalse,
    split_fill,
)
from quiz.ids import normalise_text, question_id
from quiz.importers.draft import Draft
from quiz.model import LETTERS, Bank, Question, QuestionType
from quiz.problems import Problem
from quiz.typenames import TYPE_HELP, parse_type

DEFAULT_MAX_CELL_CHARS = 2000
REPLACEMENT_CHAR = "\ufffd"

_TAG_SEPARATORS = re.compile(r"[\s,，、;；|｜]+")
_POINTS = re.compile(r"^\s*(\d+(?:\.0+)?)\s*分?\s*$")


def _show(value: str, limit: int = 20) -> str:
    """A value quoted for a message, shortened so a message stays one line."""
    flat = " ".join(value.split())
    return f'"{flat[:limit]}…"' if len(flat) > limit else f'"{flat}"'


def _letter_range(count: int) -> str:
    return f"A–{LETTERS[count - 1]}" if count > 1 else "A"


class _Checker:
    """Collects the problems of one draft, each at the best location known for its field."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.problems: list[Problem] = []

    def add(self, message: str, field_key: str | None = None) -> None:
        d = self.draft
        line = d.field_lines.get(field_key, d.line) if field_key else d.line
        self.problems.append(Problem(d.file, message, row=d.row, line=line, sheet=d.sheet))


def _text_fields(d: Draft) -> Iterable[tuple[str, str]]:
    yield "type", d.type_text
    yield "stem", d.stem
    for i, option in enumerate(d.options):
        yield f"option:{LETTERS[i] if i < len(LETTERS) else i + 1}", option
    yield "answer", d.answer_text
    for variant in d.answer or ():
        yield "answer", variant
    yield "explanation", d.explanation
    yield "source", d.source
    yield "difficulty", d.difficulty
    yield "category", d.category
    yield "points", d.points_text
    yield "image", d.image
    yield "tags", d.tags_text
    yield "tolerance", d.tolerance_text
    yield "answer_feedback", d.feedback_text
    for extra in d.distractors:
        yield "answer", extra
    for text in d.feedback.values():
        yield "explanation", text


def _check_text(c: _Checker, max_chars: int) -> None:
    reported: set[str] = set()
    for key, value in _text_fields(c.draft):
        if key in reported:
            continue
        if len(value) > max_chars:
            c.add(f"“{c.draft.label(key)}”的内容太长（{len(value)} 字，最多 {max_chars} 字）", key)
            reported.add(key)
        elif REPLACEMENT_CHAR in value:
            c.add(
                f"“{c.draft.label(key)}”中有乱码字符“{REPLACEMENT_CHAR}”：文件可能曾用错误的编码打开后又保存过，"
                "请从原始文件重新导出",
                key,
            )
            reported.add(key)


def _decide_type(c: _Checker, options: list[str]) -> QuestionType | None:
    d = c.draft
    if d.type_text.strip():
        qtype = parse_type(d.type_text)
        if qtype is None:
            c.add(f"未知的题型 {_show(d.type_text)}（可用：{TYPE_HELP}）", "type")
        return qtype
    if d.default_type is not None:
        return d.default_type
    # No 题型 given: infer from the shape of the row.
    if options:
        letters = parse_letters(d.answer_text) or ()
        return QuestionType.MULTIPLE if len(letters) > 1 else QuestionType.SINGLE
    if d.answer is None and parse_truefalse(d.answer_text) is not None:
        return QuestionType.TRUEFALSE
    return QuestionType.FILL


def _trim_options(c: _Checker) -> list[str] | None:
    """Options without trailing blanks; None (with a problem) when there is a gap."""
    options = [o.strip() for o in c.draft.options]
    while options and not options[-1]:
        options.pop()
    for i, option in enumerate(options):
        if not option:
            later = next(j for j in range(i + 1, len(options)) if options[j])
            c.add(f"选项{LETTERS[i]}为空，但后面的选项{LETTERS[later]}有内容", f"option:{LETTERS[i]}")
            return None
    if len(options) > len(LETTERS):
        c.add(f"选项太多（{len(options)} 个，最多 {len(LETTERS)} 个）")
        return None
    return options


def _check_duplicates(c: _Checker, options: list[str]) -> None:
    """Options that read the same are one option twice (full-width ＡＢ is AB); case counts:
    ``GB`` and ``Gb`` are different options."""
    seen: dict[str, int] = {}
    for i, option in enumerate(options):
        key = normalise_text(option)
        if key in seen:
            c.add(f"选项{LETTERS[seen[key]]}和选项{LETTERS[i]}重复（{_show(option)}）", f"option:{LETTERS[i]}")
        else:
            seen[key] = i


def _choice_answer(c: _Checker, qtype: QuestionType, options: list[str]) -> tuple[str, ...] | None:
    d = c.draft
    if d.answer is not None:
        letters: tuple[str, ...] | None = d.answer
        raw = "".join(d.answer)
    else:
        raw = d.answer_text.strip()
        if not raw:
            c.add("没有正确答案（“答案”为空）", "answer")
            return None
        letters = parse_letters(raw)
        if letters is None:
            c.add(f"答案 {_show(raw)} 无法识别：请写选项字母，如 \"A\" 或 \"ABD\"", "answer")
            return None
    if not letters:
        c.add("没有正确答案", "answer")
        return None
    beyond = [x for x in letters if LETTERS.index(x) >= len(options)]
    if beyond:
        c.add(f"答案 \"{''.join(beyond)}\" 超出了选项范围（只有 {_letter_range(len(options))}）", "answer")
        return None
    if qtype is QuestionType.SINGLE and len(letters) > 1 and not d.any_of:
        c.add(f"单选题只能有一个正确答案，这里有 {len(letters)} 个（{_show(raw)}）", "answer")
        return None
    return letters


def _truefalse_answer(c: _Checker) -> tuple[str, ...] | None:
    d = c.draft
    if d.answer is not None:
        return d.answer or None
    raw = d.answer_text.strip()
    if not raw:
        c.add("没有正确答案（“答案”为空）", "answer")
        return None
    value = parse_truefalse(raw)
    if value is None:
        c.add(f"判断题答案 {_show(raw)} 无法识别（可写：{TRUEFALSE_HELP}）", "answer")
        return None
    return (value,)


def _fill_answer(c: _Checker) -> tuple[str, ...] | None:
    d = c.draft
    if d.answer is not None:
        variants = tuple(v.strip() for v in d.answer if v.strip())
        bad = [v for v in variants if any(ch in v for ch in FILL_SEPARATOR_CHARS)]
        if bad:
            c.add(f"填空答案 {_show(bad[0])} 中不能有 | 或 ；（它们用来分隔多个可接受的答案）", "answer")
            return None
    else:
        variants = split_fill(d.answer_text)
    if not variants:
        c.add("没有正确答案（“答案”为空）", "answer")
        return None
    return variants


MAX_PAIRS = 5
MAX_TARGETS = 6
_PAIR_SEPARATOR = re.compile(r"\s*(?:→|->|⟶|➝)\s*")


def _numerical_answer(c: _Checker) -> tuple[str, ...] | None:
    d = c.draft
    if d.answer is not None:
        variants = tuple(d.answer)
    else:
        raw = d.answer_text.strip()
        if not raw:
            c.add("没有正确答案（“答案”为空）", "answer")
            return None
        parsed = []
        for part in split_fill(raw):
            variant = numeric_answer(part, d.tolerance_text)
            if variant is None:
                alone = numeric_answer(part)
                if alone is not None and "±" in alone:
                    c.add(f"数值答案 {_show(part)} 已写明误差，“{d.label('tolerance')}”列就不要再填", "tolerance")
                elif alone is not None:
                    c.add(f"误差 {_show(d.tolerance_text)} 不是非负的数", "tolerance")
                else:
                    c.add(f"数值答案 {_show(part)} 无法识别（{NUMERIC_HELP}）", "answer")
                return None
            parsed.append(variant)
        variants = tuple(dict.fromkeys(parsed))
    if not variants:
        c.add("没有正确答案（“答案”为空）", "answer")
        return None
    return variants


def _matching(c: _Checker, options: list[str]) -> tuple[list[str], tuple[str, ...], tuple[str, ...]] | None:
    """Left items, their partners and the distractors of a 连线 question, or None (problems added).

    Spreadsheets write each pair in one option cell, ``党的一大 → 1921年``; the 答案 cell may list
    extra right-hand items (distractors) separated by ``|``. GIFT drafts arrive already split."""
    d = c.draft
    if d.answer is not None:
        lefts, partners, extras = list(options), tuple(a.strip() for a in d.answer), tuple(d.distractors)
    else:
        lefts, right = [], []
        for i, cell in enumerate(options):
            parts = _PAIR_SEPARATOR.split(cell, maxsplit=1)
            if len(parts) != 2:
                c.add(f"连线题的{d.label(f'option:{LETTERS[i]}')}要写成“左项 → 右项”（如：党的一大 → 1921年），"
                      f"这里是 {_show(cell)}", f"option:{LETTERS[i]}")
                return None
            lefts.append(parts[0].strip())
            right.append(parts[1].strip())
        partners = tuple(right)
        extras = split_fill(d.answer_text)
    for i, (left, partner) in enumerate(zip(lefts, partners)):
        if not left or not partner:
            c.add(f"连线题第 {i + 1} 对缺少{'左项' if not left else '右项'}", f"option:{LETTERS[i]}")
            return None
    if len(lefts) < 2:
        c.add(f"连线题至少要有两对（这里有 {len(lefts)} 对）")
        return None
    if len(lefts) > MAX_PAIRS:
        c.add(f"连线题最多 {MAX_PAIRS} 对（这里有 {len(lefts)} 对）：触摸屏放不下")
        return None
    _check_duplicates(c, lefts)
    extras = tuple(e.strip() for e in extras if e.strip() and e.strip() not in partners)
    targets = dict.fromkeys([*partners, *extras])
    if len(targets) > MAX_TARGETS:
        c.add(f"连线题右侧最多 {MAX_TARGETS} 项（这里有 {len(targets)} 项）：触摸屏放不下")
        return None
    if c.problems:
        return None
    return lefts, partners, tuple(dict.fromkeys(extras))


OTHER_ANSWER_WORD = "其他"
_FEEDBACK_LINE = re.compile(r"^\s*(.+?)\s*[：:]\s*(.*)$")


def _answer_feedback(c: _Checker, qtype: QuestionType, options: list[str], answer: tuple[str, ...]) -> dict[str, str]:
    """The 答案反馈 cell (``A：text`` / ``正确：text`` / ``1921：text`` / ``其他：text``, one per line)."""
    d = c.draft
    found = dict(d.feedback)
    for line in d.feedback_text.splitlines():
        if not line.strip():
            continue
        match = _FEEDBACK_LINE.match(line)
        key = match.group(1) if match else ""
        if qtype is QuestionType.TRUEFALSE:
            key = parse_truefalse(key) or ""
        elif qtype.is_choice:
            letters = parse_letters(key) or ()
            key = letters[0] if len(letters) == 1 and LETTERS.index(letters[0]) < len(options) else ""
        elif key == OTHER_ANSWER_WORD:
            key = "*"
        elif key not in answer:
            key = ""
        if not match or not key or qtype is QuestionType.MATCHING:
            c.add(f"“{d.label('answer_feedback')}”的这一行无法识别：{_show(line)}（每行写“选项字母：反馈”，"
                  f"判断题写“正确：…”，填空和数值题写“答案：…”或“{OTHER_ANSWER_WORD}：…”）", "answer_feedback")
            return found
        found[key] = match.group(2)
    return found


def _points(c: _Checker) -> int:
    raw = unicodedata.normalize("NFKC", c.draft.points_text).strip()
    if not raw:
        return 1
    match = _POINTS.match(raw)
    value = int(float(match.group(1))) if match else 0
    if value <= 0:
        c.add(f"分值 {_show(c.draft.points_text)} 不是正整数", "points")
        return 1
    return value


def build_question(draft: Draft, max_chars: int = DEFAULT_MAX_CELL_CHARS) -> tuple[Question | None, list[Problem]]:
    """Validate one draft. Returns the question, or None and at least one problem."""
    c = _Checker(draft)
    _check_text(c, max_chars)
    stem = draft.stem.strip()
    if not stem:
        c.add("题干为空", "stem")
    options = _trim_options(c)
    qtype = _decide_type(c, options or [])
    if options is None or qtype is None:
        return None, c.problems

    answer: tuple[str, ...] | None
    distractors: tuple[str, ...] = ()
    if draft.tolerance_text.strip() and qtype is not QuestionType.NUMERICAL:
        c.add(f"只有数值题可以填写“{draft.label('tolerance')}”（这是{qtype.label}题）", "tolerance")
        return None, c.problems
    if qtype is QuestionType.MATCHING:
        matched = _matching(c, options)
        if matched is None:
            return None, c.problems
        options, answer, distractors = matched
    elif qtype is QuestionType.NUMERICAL:
        if options:
            c.add(f"数值题不应有选项（这里有 {len(options)} 个）；请把选项列留空")
            return None, c.problems
        answer = _numerical_answer(c)
    elif qtype.is_choice:
        if len(options) < 2:
            c.add(f"{qtype.label}题至少要有两个选项（这里有 {len(options)} 个）")
            return None, c.problems
        _check_duplicates(c, options)
        answer = _choice_answer(c, qtype, options)
    else:
        if options:
            c.add(f"{qtype.label}题不应有选项（这里有 {len(options)} 个）；请把选项列留空")
            return None, c.problems
        answer = _truefalse_answer(c) if qtype is QuestionType.TRUEFALSE else _fill_answer(c)
    points = _points(c)
    feedback = _answer_feedback(c, qtype, options, answer) if answer is not None else {}
    if answer is None or c.problems:
        return None, c.problems
    tags = tuple(t for t in _TAG_SEPARATORS.split(draft.tags_text) if t)
    question = Question.create(
        qtype,
        stem,
        options,
        answer,
        explanation=draft.explanation.strip(),
        source=draft.source.strip(),
        difficulty=draft.difficulty.strip(),
        category=draft.category.strip(),
        points=points,
        image=draft.image.strip(),
        tags=tags,
        distractors=distractors,
        feedback={k: v.strip() for k, v in feedback.items() if v.strip()},
    )
    return question, []


def _same_question(a: Question, b: Question) -> bool:
    """Same type, stem, options and answers (a 连线 question's partners in their order)."""
    def key(q: Question) -> tuple[object, ...]:
        answers = q.answer if q.type is QuestionType.MATCHING else frozenset(q.answer)
        return q.type, q.stem, q.options, answers, q.distractors

    return key(a) == key(b)


def build_bank(
    drafts: Iterable[Draft],
    bank_id: str,
    file: str,
    max_chars: int = DEFAULT_MAX_CELL_CHARS,
    *,
    warnings: list[Problem] | None = None,
) -> tuple[Bank | None, list[Problem]]:
    """Validate every draft; a bank only if there is at least one question and no problem.

    Two rows with the same type, stem and options are a problem (a spreadsheet's copy-paste slip),
    unless ``warnings`` is given (Moodle's formats, as Moodle reads them): then an exact duplicate
    (same answers too) is imported once with a warning, and a question that differs only in its
    answers is a question of its own (its id then also covers the answers)."""
    problems: list[Problem] = []
    questions: list[Question] = []
    first_seen: dict[str, tuple[Draft, Question]] = {}
    for draft in drafts:
        question, found = build_question(draft, max_chars)
        problems.extend(found)
        if question is None:
            continue
        seen = first_seen.get(question.id)
        earlier = seen[0] if seen is not None else None
        if seen is not None and warnings is not None:
            where = Problem(seen[0].file, "", row=seen[0].row, line=seen[0].line, sheet=seen[0].sheet).where
            if _same_question(seen[1], question):
                warnings.append(Problem(draft.file, f"与{where}的题目完全相同，只导入一次",
                                        row=draft.row, line=draft.line, sheet=draft.sheet))
                continue
            question = replace(question, id=question_id(question.type.value, question.stem,
                                                         [*question.options, "\x00", *question.answer]))
            if question.id in first_seen:
                warnings.append(Problem(draft.file, f"与{where}的题目完全相同，只导入一次",
                                        row=draft.row, line=draft.line, sheet=draft.sheet))
                continue
            earlier = None
        if earlier is not None:
            where = Problem(earlier.file, "", row=earlier.row, line=earlier.line, sheet=earlier.sheet).where
            problems.append(
                Problem(draft.file, f"与{where}的题目重复（题型、题干和选项都相同）",
                        row=draft.row, line=draft.line, sheet=draft.sheet)
            )
            continue
        first_seen[question.id] = (draft, question)
        questions.append(question)
    if not problems and not questions:
        problems.append(Problem(file, "题库中没有题目"))
    if problems:
        return None, problems
    return Bank(bank_id, tuple(questions)), []
