"""Is this kiosk well? One report for ``kiosk health`` and the staff console.

Each check says ok / warn / fail with a value a person can read; ``fail`` means someone has to
come (content broken, database damaged, disk nearly full), ``warn`` is worth a look (the kiosk is
not running, it crashed lately). The facts waiting for sync are read through
:func:`sync_backlog`, which answers None where the sync tables (issue 9's outbox) do not exist.
"""

from __future__ import annotations

import enum
import shutil
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from kiosk import __version__, runstate
from kiosk.clock import Clock
from kiosk.config import KioskConfig

DISK_FAIL_BYTES = 1024**3
"""Less free space than this (or under DISK_FAIL_FRACTION) on the data dir's disk needs a person:
a season of facts is small, but logs, caches and an update need room, and SQLite needs free
pages to commit at all."""
DISK_FAIL_FRACTION = 0.05
RECENT_CRASH = timedelta(hours=24)
SYNC_STALE = timedelta(days=7)
NO_SYNC = "未配置同步"


class Level(enum.StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    level: Level
    value: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HealthReport:
    checks: list[Check]

    @property
    def needs_person(self) -> bool:
        return any(c.level is Level.FAIL for c in self.checks)

    def check(self, key: str) -> Check:
        return next(c for c in self.checks if c.key == key)

    def to_json(self) -> dict[str, Any]:
        return {"needs_person": self.needs_person,
                "checks": [{**asdict(c), "level": c.level.value} for c in self.checks]}


@dataclass(frozen=True)
class SyncBacklog:
    waiting: int
    last_sync: datetime | None


def sync_backlog(engine: Engine) -> SyncBacklog | None:
    """Facts waiting in the sync outbox and the last push/pull; None where sync is not set up
    (no ``sync_outbox`` table: a database from before the sync migration, or a standalone hall)."""
    try:
        tables = set(inspect(engine).get_table_names())
        if "sync_outbox" not in tables:
            return None
        with engine.connect() as connection:
            waiting = int(connection.execute(text("SELECT count(*) FROM sync_outbox")).scalar() or 0)
            last = None
            if "sync_state" in tables:
                row = connection.execute(text("SELECT last_push_at, last_pull_at FROM sync_state")).first()
                stamps = [_as_datetime(v) for v in (row or ()) if v is not None]
                last = max((s for s in stamps if s is not None), default=None)
    except SQLAlchemyError:
        return None
    return SyncBacklog(waiting, last)


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _megabytes(size: int) -> str:
    return f"{size / 1024**2:.1f} MB"


def _content_check(config: KioskConfig) -> Check:
    from kiosk.exhibits.loader import check_content

    report = check_content(config.content_path)
    stamp = config.data_path / "content-last-good" / ".fingerprint"
    version = stamp.read_text(encoding="utf-8")[:12] if stamp.exists() else ""
    data = {"dir": str(config.content_path), "version": version, "problems": len(report.problems)}
    if report.ok:
        return Check("content", "内容", Level.OK, f"检查通过（版本 {version or '尚未载入'}）", data)
    first = str(report.problems[0]) if report.problems else ""
    if version:
        return Check("content", "内容", Level.FAIL,
                     f"内容目录有 {len(report.problems)} 个问题，终端仍用上一版 {version}：{first}", data)
    return Check("content", "内容", Level.FAIL, f"内容目录有 {len(report.problems)} 个问题，且没有可用的上一版：{first}",
                 data)


def _database_check(config: KioskConfig) -> tuple[Check, Engine | None]:
    from kiosk.store.db import create_db_engine, schema_is_current

    url = make_url(config.database_url)
    size = None
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        path = Path(url.database)
        if not path.exists():
            return Check("database", "数据库", Level.WARN, f"尚未创建（{path}）：终端还没有启动过"), None
        size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    try:
        engine = create_db_engine(config.database_url)
        with engine.connect() as connection:
            if url.get_backend_name() == "sqlite":
                verdict = str(connection.execute(text("PRAGMA quick_check")).scalar())
            else:
                connection.execute(text("SELECT 1"))
                verdict = "ok"
        current = schema_is_current(engine)
    except SQLAlchemyError as exc:
        return Check("database", "数据库", Level.FAIL, f"无法打开：{exc}"), None
    data = {"url": url.render_as_string(hide_password=True), "size_bytes": size, "schema_current": current}
    size_text = f"，{_megabytes(size)}" if size is not None else ""
    if verdict != "ok":
        return Check("database", "数据库", Level.FAIL, f"完整性检查未通过：{verdict}{size_text}", data), engine
    note = "" if current else "（结构待升级：下次启动终端时自动升级）"
    return Check("database", "数据库", Level.OK, f"完好{size_text}{note}", data), engine


def _disk_check(config: KioskConfig) -> Check:
    folder = config.data_path
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    usage = shutil.disk_usage(folder)
    data = {"free_bytes": usage.free, "total_bytes": usage.total}
    value = f"剩余 {usage.free / 1024**3:.1f} GB（共 {usage.total / 1024**3:.0f} GB）"
    if usage.free < DISK_FAIL_BYTES or usage.free < usage.total * DISK_FAIL_FRACTION:
        return Check("disk", "磁盘", Level.FAIL, value + "：空间快满了，请清理或更换硬盘", data)
    return Check("disk", "磁盘", Level.OK, value, data)


def _sync_checks(engine: Engine | None, clock: Clock) -> list[Check]:
    backlog = sync_backlog(engine) if engine is not None else None
    if backlog is None:
        return [Check("sync_waiting", "待同步记录", Level.OK, NO_SYNC, {"waiting": None}),
                Check("last_sync", "上次同步", Level.OK, NO_SYNC, {"at": None})]
    stale = backlog.waiting > 0 and (backlog.last_sync is None or clock.now() - backlog.last_sync > SYNC_STALE)
    last = backlog.last_sync.isoformat(timespec="seconds") if backlog.last_sync else "从未同步"
    return [
        Check("sync_waiting", "待同步记录", Level.WARN if stale else Level.OK, f"{backlog.waiting} 条",
              {"waiting": backlog.waiting}),
        Check("last_sync", "上次同步", Level.WARN if stale else Level.OK, last,
              {"at": backlog.last_sync.isoformat() if backlog.last_sync else None}),
    ]


def _run_checks(config: KioskConfig, clock: Clock) -> list[Check]:
    run = runstate.read_run(config.data_path)
    if run is None:
        uptime = Check("uptime", "运行时间", Level.WARN, "终端未在运行", {"seconds": None})
    else:
        seconds = max(0, int((clock.now() - run.started_at).total_seconds()))
        uptime = Check("uptime", "运行时间", Level.OK, f"{seconds // 3600} 小时 {seconds % 3600 // 60} 分（进程 {run.pid}）",
                       {"seconds": seconds, "pid": run.pid})
    crash = runstate.read_last_crash(config.data_path)
    if crash is None:
        last = Check("last_crash", "上次故障", Level.OK, "无", {"at": None, "reason": None})
    else:
        recent = clock.now() - crash.at < RECENT_CRASH
        last = Check("last_crash", "上次故障", Level.WARN if recent else Level.OK,
                     f"{crash.at.isoformat(timespec='seconds')}：{crash.reason}",
                     {"at": crash.at.isoformat(), "reason": crash.reason})
    return [uptime, last]


def collect_health(config: KioskConfig, clock: Clock) -> HealthReport:
    """Every check, in the order a person reads them. Never raises for a sick kiosk: it says so."""
    content = _content_check(config)
    database, engine = _database_check(config)
    checks = [content, database, _disk_check(config), *_sync_checks(engine, clock), *_run_checks(config, clock),
              Check("version", "软件版本", Level.OK, __version__, {"version": __version__})]
    if engine is not None:
        engine.dispose()
    return HealthReport(checks)
