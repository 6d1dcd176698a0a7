"""``kiosk demo seed``: fill a database with synthetic history (for demos, scale tests, benchmarks)."""

from __future__ import annotations

import json
from datetime import timedelta

import click

from kiosk.clock import SystemClock, hall_date


@click.group("demo")
def demo_group() -> None:
    """演示数据。"""


@demo_group.command("seed")
@click.option("--years", type=click.IntRange(1, 20), help="生成多少年的历史（到昨天为止）")
@click.option("--days", type=click.IntRange(1, 7300), help="生成多少天的历史（到昨天为止）")
@click.option("--halls", type=click.IntRange(0, 200), default=0, help="写入多少个虚拟展馆（总部数据库用）；0 = 本馆本机")
@click.option("--seed", type=int, default=1, show_default=True, help="随机种子：同一种子生成同样的数据")
@click.option("--db", "db_url", help="数据库地址（默认本机数据库）")
@click.option("--no-fold", "no_fold", is_flag=True,
              help="不在生成时累计题目统计（生成更快；第一次查看题目统计时再累计，十年数据要很久）")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出写入的条数")
@click.pass_context
def demo_seed(ctx: click.Context, years: int | None, days: int | None, halls: int, seed: int, db_url: str | None,
              no_fold: bool, as_json: bool) -> None:
    """生成逼真的演示历史：签到、展板浏览、答题、评价（同一种子结果相同）。"""
    from sqlalchemy.exc import IntegrityError, SQLAlchemyError
    from tqdm import tqdm

    from kiosk.config import ConfigError, load_config
    from kiosk.demo.seed import seed_history
    from kiosk.reports.content_names import zone_names
    from kiosk.store.db import DatabaseError, open_database

    if (years is None) == (days is None):
        raise click.UsageError("请给出 --years 或 --days 之一。")
    try:
        config = load_config((ctx.obj or {}).get("config_path")).with_overrides(db_url=db_url)
        db = open_database(config.database_url)
    except (ConfigError, DatabaseError) as exc:
        raise click.ClickException(str(exc)) from exc
    end = hall_date(SystemClock().now()) - timedelta(days=1)
    start = end - timedelta(days=(days or 0) - 1) if days else end.replace(year=end.year - (years or 1)) + timedelta(days=1)
    if halls:
        hall_devices = {f"demo-hall-{i:02d}": [f"demo-hall-{i:02d}-kiosk-1", f"demo-hall-{i:02d}-kiosk-2"]
                        for i in range(1, halls + 1)}
    else:
        hall_devices = {config.hall_id: [config.device, f"{config.device}-second"]}
    zones = list(zone_names(config.content_path)) or None
    bar = tqdm(total=(end - start).days + 1, unit="天", delay=1.0, leave=False)

    def progress(done: int, _total: int) -> None:
        bar.update(done - bar.n)

    try:
        counts = seed_history(db, start=start, end=end, hall_devices=hall_devices, seed=seed, zones=zones,
                              progress=progress, fold=not no_fold)
    except IntegrityError as exc:
        raise click.ClickException("数据库里已有同名的演示单位（以前生成过演示数据？）：请用 --db 指定一个空数据库，"
                                   "原有数据未改动。") from exc
    except (RuntimeError, SQLAlchemyError) as exc:  # DatabaseError is a RuntimeError
        raise click.ClickException(f"未能生成演示数据：{exc}") from exc
    finally:
        bar.close()
        db.close()
    if as_json:
        click.echo(json.dumps(counts.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(f"已生成 {start.isoformat()} 至 {end.isoformat()} 的演示数据：签到 {counts.checkins} 条，"
                   f"展板浏览 {counts.board_views} 次，答题 {counts.quiz_attempts} 次（{counts.quiz_answers} 题），"
                   f"评价 {counts.feedback} 条；展馆 {'、'.join(counts.halls)}。")
