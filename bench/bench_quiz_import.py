"""Benchmark: import a generated 10,000-question .xlsx bank (goal: ≤ 1 s end to end).

Usage: .venv/bin/python bench/bench_quiz_import.py [COUNT]
The workbook is written with the template exporter (not timed), all six types. Timed, each the
best of three: the bare reference — python-calamine reading every sheet of the same file into
Python values (``to_python``), nothing else — then ``import_bank`` alone (the engine: read,
header detection, validation), then ``kiosk quiz import FILE --bank NAME`` end to end (CLI,
services, import and storing every question in a fresh SQLite database) and the same command
again (a re-import). Figures are printed as ratios to the bare read, measured in the same run,
so that they mean the same on a slow or busy machine; the seconds are printed too.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from quiz.importers import import_bank  # noqa: E402
from quiz.model import Bank, Question, QuestionType  # noqa: E402
from quiz.xlsx_template import export_bank  # noqa: E402

GOAL_SECONDS = 1.0


def _question(i: int, qtype: QuestionType, stem: str, options: tuple[str, ...], answer: tuple[str, ...]) -> Question:
    return Question.create(
        qtype, f"第 {i} 题：{stem}", options, answer,
        explanation=f"第 {i} 题的解析：中国共产党的历史是一部不断推进马克思主义中国化的历史。",
        source="《中国共产党简史》", difficulty="易中难"[i % 3], category=f"分类{i % 7}", points=1 + i % 3,
    )


def make_bank(count: int) -> Bank:
    """``count`` questions cycling through the six types, six option columns used."""
    questions = []
    for i in range(count):
        kind = i % 6
        if kind == 0:
            q = _question(i, QuestionType.SINGLE, "中国共产党第一次全国代表大会在哪一年召开？",
                          ("1919年", "1921年", "1927年", "1949年"), ("B",))
        elif kind == 1:
            q = _question(i, QuestionType.MULTIPLE, "“四个自信”包括哪些？",
                          ("道路自信", "理论自信", "制度自信", "文化自信", "历史自信", "民族自信"), ("A", "B", "C", "D"))
        elif kind == 2:
            q = _question(i, QuestionType.TRUEFALSE, "遵义会议是党的历史上生死攸关的转折点。", (), ("true",))
        elif kind == 3:
            q = _question(i, QuestionType.FILL, "党的思想路线的核心是____。", (), ("实事求是", "实事求是的思想路线"))
        elif kind == 4:
            q = _question(i, QuestionType.NUMERICAL, "党的一大于哪一年召开？", (), ("1921",))
        else:
            q = _question(i, QuestionType.MATCHING, "把会议和年份连起来。", ("中共一大", "遵义会议", "古田会议"),
                          ("1921年", "1935年", "1929年"))
        questions.append(q)
    return Bank("bench", tuple(questions))


def _best(times: int, work):  # type: ignore[no-untyped-def]
    best, value = float("inf"), None
    for _ in range(times):
        started = time.perf_counter()
        value = work()
        best = min(best, time.perf_counter() - started)
    return best, value


def raw_read(path: Path) -> int:
    """The bare reference: every sheet read into Python values by python-calamine, no more."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    cells = sum(len(row) for name in workbook.sheet_names
                for row in workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
    workbook.close()
    return cells


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.xlsx"
        started = time.perf_counter()
        export_bank(make_bank(count), path)
        written = time.perf_counter() - started
        size = path.stat().st_size
        raw, cells = _best(3, lambda: raw_read(path))
        engine, result = _best(3, lambda: import_bank(path))
        if not result.ok or len(result.questions) != count:
            print(f"import failed: {result.problems[:3]}")
            return 1
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"wrote {count} questions in {written:.2f} s ({size / 1e6:.1f} MB, {cells} cells)")
        print(f"bare calamine read (reference): {raw:.3f} s = 1.00")
        print(f"engine import_bank: {engine:.3f} s = {engine / raw:.2f} × the bare read")
        cli_times = []
        for label in ("kiosk quiz import (fresh database)", "kiosk quiz import (same file again)"):
            seconds, output = _cli_import(Path(tmp), path)
            cli_times.append(seconds)
            print(f"{label}: {seconds:.3f} s = {seconds / raw:.2f} × the bare read -> {output}")
    worst = max(cli_times)
    verdict = "OK" if worst <= GOAL_SECONDS else "over the goal"
    print(f"CLI import + store, slower run: {worst:.2f} s = {worst / raw:.2f} × the bare read "
          f"(goal {GOAL_SECONDS:.0f} s end to end): {verdict}")
    return 0


def _cli_import(tmp: Path, workbook: Path) -> tuple[float, str]:
    """``kiosk quiz import`` in-process (CliRunner), on a config with its own data dir, no content."""
    from click.testing import CliRunner

    from kiosk.cli import main as kiosk_main

    config = tmp / "kiosk.toml"
    (tmp / "data").mkdir(exist_ok=True)
    config.write_text(f'data_dir = "{tmp / "data"}"\ncontent_dir = "{tmp / "no-content"}"\n', encoding="utf-8")
    started = time.perf_counter()
    result = CliRunner().invoke(kiosk_main, ["--config", str(config), "quiz", "import", str(workbook), "--bank", "bench"])
    seconds = time.perf_counter() - started
    if result.exit_code != 0:
        raise SystemExit(f"kiosk quiz import failed: {result.output}")
    return seconds, result.output.strip()


if __name__ == "__main__":
    raise SystemExit(main())
