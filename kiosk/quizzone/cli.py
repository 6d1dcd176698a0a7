"""``kiosk quiz ...``: the staff face of the quiz zone (the same ``QuizZoneService`` the touchscreen uses).

Registered on ``kiosk.cli.main``. Every message is Chinese; a refusal exits non-zero and writes nothing.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from kiosk.config import ConfigError, KioskConfig, load_config
from kiosk.quizzone.errors import QuizZoneError
from kiosk.quizzone.service import QuizZoneService
from kiosk.quizzone.statistics import STATISTICS_MODES
from kiosk.store.db import DatabaseError
from quiz.model import Bank, Question

SHOW_KEYS = ("id", "type", "stem", "options", "answer", "explanation", "source", "difficulty", "category")
"""The fields of ``kiosk quiz show --json`` (the issue's shape; points, image and tags stay out).
A 连线 question adds ``distractors``; per-answer feedback, when written, adds ``feedback``."""
EXTRA_SHOW_KEYS = ("distractors", "feedback")


def _config(ctx: click.Context) -> KioskConfig:
    root = ctx.find_root().obj or {}
    try:
        config = load_config(root.get("config_path"))
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    return config.with_overrides(db_url=(ctx.obj or {}).get("db_url"))


@contextmanager
def _service(ctx: click.Context, *, sync_content: bool = False) -> Iterator[QuizZoneService]:
    """The quiz zone, closed afterwards. ``sync_content``: first bring in the content folder's banks
    (as ``kiosk run`` does at start) — only the commands that read banks ask for it, so
    leaderboards, cards and every other ``kiosk`` command leave the banks alone."""
    from kiosk.services import build_services

    try:
        services = build_services(_config(ctx))
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        if sync_content:
            services.quiz.sync_content_banks(services.config.content_path)
        yield services.quiz
    except QuizZoneError as exc:
        for line in exc.problems:
            click.echo(line, err=True)
        raise click.ClickException(exc.message) from exc
    finally:
        services.close()


def _dump(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group("quiz")
@click.option("--db", "db_url", help="数据库地址（SQLAlchemy URL；默认用配置中的数据库）")
@click.pass_context
def quiz(ctx: click.Context, db_url: str | None) -> None:
    """智慧测试区：题库、答题结果卡、排行榜和试题统计。"""
    ctx.obj = {"db_url": db_url}


@quiz.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--bank", "bank_name", required=True, help="题库名称（已有同名题库时更新它，不会重复）")
@click.pass_context
def quiz_import(ctx: click.Context, file: Path, bank_name: str) -> None:
    """导入题库文件（Excel .xlsx、CSV、GIFT、Aiken，按内容识别）：有一处错误就整个文件都不导入。"""
    if file.is_dir():
        raise click.ClickException(f"{file} 是一个文件夹，不是题库文件：请给出题库文件（.xlsx、.csv、.txt）的路径。")
    if not file.is_file():
        raise click.ClickException(f"找不到文件 {file}。")
    with _service(ctx) as service:
        stored = service.import_bank_file(file, bank_name)
    for line in stored.warnings:
        click.echo(f"提示：{line}", err=True)
    if stored.skipped_summary:
        click.echo(stored.skipped_summary)
    click.echo(f"已导入题库“{stored.name}”：共 {stored.questions} 道题"
               f"（新增 {stored.added}，更新 {stored.updated}，移出 {stored.retired}）。")


def question_json(question: Question) -> dict[str, Any]:
    data = question.to_dict()
    return {key: data[key] for key in (*SHOW_KEYS, *EXTRA_SHOW_KEYS) if key in data}


def bank_json(bank: Bank) -> dict[str, Any]:
    """``{"bank", "questions": [{"id","type","stem","options","answer","explanation","source",
    "difficulty","category"}]}``."""
    return {"bank": bank.id, "questions": [question_json(q) for q in bank.questions]}


@quiz.command("show")
@click.argument("bank_name", metavar="BANK")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.pass_context
def quiz_show(ctx: click.Context, bank_name: str, as_json: bool) -> None:
    """列出题库中的每道题。"""
    with _service(ctx, sync_content=True) as service:
        bank = service.bank(bank_name)
    if as_json:
        _dump(bank_json(bank))
        return
    click.echo(f"题库“{bank.id}”：{len(bank)} 道题")
    for number, q in enumerate(bank.questions, start=1):
        click.echo(f"{number}. [{q.type.label}] {q.stem}")
        for letter, option in zip(q.letters, q.options):
            click.echo(f"   {letter}. {option}")
        if q.distractors:
            click.echo(f"   干扰项：{'、'.join(q.distractors)}")
        click.echo(f"   答案：{q.answer_text()}" + (f"    分类：{q.category}" if q.category else ""))


@quiz.command("export")
@click.argument("bank_name", metavar="BANK")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="输出的 .xlsx 文件")
@click.pass_context
def quiz_export(ctx: click.Context, bank_name: str, out: Path) -> None:
    """把题库导出为 Excel 模板格式（修改后可再导入，不会产生重复题）。"""
    from quiz.xlsx_template import export_bank

    with _service(ctx, sync_content=True) as service:
        bank = service.bank(bank_name)
    try:
        export_bank(bank, out)
    except OSError as exc:
        raise click.ClickException(f"无法写入 {out}：{exc.strerror or exc}") from exc
    click.echo(f"已导出题库“{bank.id}”的 {len(bank)} 道题到 {out}。")


@quiz.command("template")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="输出的 .xlsx 文件")
def quiz_template(out: Path) -> None:
    """生成带示例和填写说明的 Excel 题库模板。"""
    from quiz.xlsx_template import write_template

    try:
        write_template(out)
    except OSError as exc:
        raise click.ClickException(f"无法写入 {out}：{exc.strerror or exc}") from exc
    click.echo(f"已生成题库模板 {out}：每种题型一道示例题，另有“填写说明”工作表。")


@quiz.command("list")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.pass_context
def quiz_list(ctx: click.Context, as_json: bool) -> None:
    """列出已导入的题库。"""
    with _service(ctx, sync_content=True) as service:
        rows = service.bank_rows()
        problems = service.content_problems
    for line in problems:
        click.echo(f"内容中的题库有问题：{line}", err=True)
    if as_json:
        _dump([{"bank": r.name, "questions": r.questions, "categories": list(r.categories), "file": r.source_file,
                 "origin": r.origin, "imported_at": r.imported_at.isoformat()} for r in rows])
        return
    if not rows:
        click.echo("还没有题库：用 kiosk quiz import 文件 --bank 名称 导入。")
    for r in rows:
        origin = "随内容发布" if r.origin == "content" else "工作人员导入"
        categories = "、".join(r.categories) or "无分类"
        click.echo(f"{r.name}：{r.questions} 道题（{categories}），来自 {r.source_file}，{origin}")


STATS_JSON = """\b
JSON（--json）：
{"bank": 题库, "attempts": 作答总次数,
 "modes": [{"mode": "practice"|"challenge"|"daily", "label": 模式名称,
   "attempts", "mean", "sd",              本模式的作答次数、平均分（答对题数）和标准差
   "discrimination": true|false,          是否计算区分度（挑战答题为 false）
   "alpha_sets": [{"label", "attempts", "question_ids", "alpha"}],
                                          每个题组的 α 系数（每日答题按天；挑战答题为空）
   "unmatched": 题组无人重复的作答次数, "note": 说明,
   "questions": [{"id", "stem", "type", "answer", "attempts", "correct", "facility",
                  "discrimination", "choices", "blank", "flags"}]}]}
数值保留三位小数，无法计算时为 null。"""


@quiz.command("stats", epilog=STATS_JSON)
@click.argument("bank_name", metavar="BANK")
@click.option("--mode", type=click.Choice(list(STATISTICS_MODES)), default=None,
              help="只统计一种答题模式（默认：每种模式分别统计）")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（格式见下）")
@click.pass_context
def quiz_stats(ctx: click.Context, bank_name: str, mode: str | None, as_json: bool) -> None:
    """试题统计（按答题模式分别计算）：每题的答对率、区分度、选项分布和提示；平均分、标准差、各题组的 α 系数。

    每道题按题库当前的答案重新判分：改正答案并重新导入后，统计随之更新。"""
    with _service(ctx, sync_content=True) as service:
        report = service.statistics(bank_name, mode)
    data = report.to_json()
    if as_json:
        _dump(data)
        return

    def num(value: float | None, digits: int = 2) -> str:
        return "—" if value is None else f"{value:.{digits}f}"

    click.echo(f"题库“{report.bank}”：共 {data['attempts']} 次作答")
    labels = {flag.value: flag.label for m in report.modes for item in m.statistics.items for flag in item.flags}
    for section in data["modes"]:
        click.echo(f"\n【{section['label']}】{section['attempts']} 次作答，平均分 {num(section['mean'])}，"
                   f"标准差 {num(section['sd'])}")
        if not section["questions"]:
            click.echo("还没有作答记录。")
            continue
        click.echo(section["note"])
        for found in section["alpha_sets"]:
            click.echo(f"  克隆巴赫 α（{found['label']}，{found['attempts']} 次作答，{len(found['question_ids'])} 题）："
                       f"{num(found['alpha'])}")
        for item in section["questions"]:
            choices = "，".join(f"{k}:{v}" for k, v in item["choices"].items()) or "—"
            click.echo(f"- {item['stem']}\n  作答 {item['attempts']} 次，答对率 {num(item['facility'], 0)}%，"
                       f"区分度 {num(item['discrimination'], 0)}，选项分布 {choices}，未作答 {item['blank']}")
            for flag in item["flags"]:
                click.echo(f"  ⚠ {labels[flag]}")


@quiz.command("verify-card")
@click.argument("text")
@click.pass_context
def quiz_verify_card(ctx: click.Context, text: str) -> None:
    """核验参观者出示的答题结果卡（二维码中的文字）：有效时退出码为 0，无效为 1。"""
    with _service(ctx) as service:
        check = service.verify_card(text)
    if check.card is not None:
        card = check.card
        click.echo(f"分数：{card.score} / {card.total}")
        click.echo(f"模式：{card.mode.label}")
        click.echo(f"日期：{card.day:%Y-%m-%d}")
        click.echo(f"展馆：{card.hall_id}")
    if check.key_id:
        click.echo(f"签名密钥：{check.key_id}")
    click.echo(f"{'有效' if check.valid else '无效'}：{check.message}")
    sys.exit(0 if check.valid else 1)


@quiz.command("leaderboard")
@click.option("--period", type=click.Choice(["today", "month"]), default="today", show_default=True,
              help="today 今天，month 本月（按本馆当地日期）")
@click.option("--mode", default="challenge", show_default=True, help="答题模式：challenge、daily 或 practice")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="显示前几名")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.pass_context
def quiz_leaderboard(ctx: click.Context, period: str, mode: str, limit: int, as_json: bool) -> None:
    """排行榜：有登记团体的按单位，否则按终端；取最高分。"""
    with _service(ctx) as service:
        rows = service.leaderboard(period=period, mode=mode, limit=limit)
    if as_json:
        _dump({"period": period, "mode": mode,
               "rows": [{"rank": r.rank, "name": r.name, "score": r.score, "attempts": r.attempts} for r in rows]})
        return
    title = "今天" if period == "today" else "本月"
    if not rows:
        click.echo(f"{title}还没有成绩。")
    for r in rows:
        click.echo(f"第 {r.rank} 名  {r.name}  {r.score} 分（{r.attempts} 次）")


@quiz.command("card-key")
@click.pass_context
def quiz_card_key(ctx: click.Context) -> None:
    """输出本机签发答题结果卡用的公钥（纯文本）：拷到核验用的电脑上，用 trust-card-key 导入。"""
    with _service(ctx) as service:
        click.echo(service.card_public_key(), nl=False)


@quiz.command("trust-card-key")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--name", help="保存的名称（默认取文件名）")
@click.pass_context
def quiz_trust_card_key(ctx: click.Context, file: Path, name: str | None) -> None:
    """信任某台终端的答题结果卡公钥（kiosk quiz card-key 的输出）。"""
    from kiosk.passes.keys import KeyringError
    from kiosk.quizzone.cards import trust_card_key

    try:
        text = file.read_text(encoding="utf-8")
        keyring = trust_card_key(_config(ctx).keys_path, text, name or file.stem)
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"无法读取 {file}：{exc}") from exc
    except KeyringError as exc:
        raise click.ClickException(f"{file} 不是公钥文件（{exc}），未做任何改动。") from exc
    click.echo(f"已信任公钥 {'、'.join(keyring.key_ids)}：这台终端签发的答题结果卡现在可以核验。")


@quiz.command("attempts")
@click.option("--date", "day_text", help="哪一天（本馆当地日期 YYYY-MM-DD，默认今天）")
@click.option("--limit", "limit_text", default="20", show_default=True, help="最多列出几条（1–1000）")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.pass_context
def quiz_attempts(ctx: click.Context, day_text: str | None, limit_text: str, as_json: bool) -> None:
    """列出某天的答题记录（最新在前）：编号、时间、模式、题库、得分、所属单位；改正单位用 attempt-group。"""
    from datetime import date

    from kiosk.reports.quiz import MODE_LABELS

    day = None
    if day_text is not None:
        try:
            day = date.fromisoformat(day_text.strip())
        except ValueError as exc:
            raise click.ClickException(f"“{day_text}”不是日期：日期应写成 2026-11-21 的样子。") from exc
    try:
        limit = int(limit_text)
    except ValueError:
        limit = 0
    if not 1 <= limit <= 1000:
        raise click.ClickException(f"“{limit_text}”不行：--limit 应是 1 到 1000 之间的整数。")
    with _service(ctx) as service:
        shown = day or service.today()
        lines = service.day_attempts(shown, limit)
    if as_json:
        _dump({"date": shown.isoformat(), "attempts": [line.to_json() for line in lines]})
        return
    if not lines:
        click.echo("今天还没有答题记录。" if day is None else f"{shown.isoformat()} 没有答题记录。")
    for line in lines:
        click.echo(f"{line.id}  {line.finished_at:%Y-%m-%d %H:%M:%S}  {MODE_LABELS.get(line.mode, line.mode)}  "
                   f"{line.bank}  {line.score}/{line.max_score} 分  {line.group or '（未关联团体）'}")


@quiz.command("attempt-group")
@click.argument("attempt_id")
@click.option("--org", "org_name", help="这次答题所属的单位名称（须已登记）")
@click.option("--none", "clear", is_flag=True, help="取消这次答题所属的单位（记为未关联团体）")
@click.pass_context
def quiz_attempt_group(ctx: click.Context, attempt_id: str, org_name: str | None, clear: bool) -> None:
    """改正一次答题所属的单位：记一条更正，最新的为准（原记录不改）。编号见 kiosk quiz attempts。"""
    import uuid

    from kiosk.services import build_services
    from kiosk.visits.errors import VisitsError

    if org_name is not None and clear:
        raise click.ClickException("--org 和 --none 只能给一个：要么记入某个单位，要么取消所属单位。")
    if org_name is None and not clear:
        raise click.ClickException("请给出 --org 单位名称，或用 --none 取消这次答题所属的单位。")
    try:
        attempt = uuid.UUID(attempt_id.strip())
    except ValueError as exc:
        raise click.ClickException(f"“{attempt_id}”不是答题记录编号（应形如 1b4e28ba-2fa1-11d2-883f-0016d3cca427）。") from exc
    try:
        services = build_services(_config(ctx))
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc
    name = None
    try:
        if org_name is not None:
            organisation = services.visits.organisations.get_by_name(org_name)
            name = organisation.name
            services.quiz.choose_organisation(attempt, organisation.id)  # the result screen's own path
        else:
            services.quiz.choose_organisation(attempt, None)
    except (VisitsError, QuizZoneError, DatabaseError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        services.close()
    click.echo(f"已将这次答题记入“{name}”。" if name is not None else "已取消这次答题所属的单位（现记为未关联团体）。")
