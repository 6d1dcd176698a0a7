"""Opening the database: SQLite in WAL mode by default, PostgreSQL by URL, migrated by Alembic."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import logging

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "0016"
"""The newest revision in migrations/versions (a test keeps them equal): a database already there
opens without loading Alembic at all, which is most of a warm start's database time."""


log = logging.getLogger(__name__)


class DatabaseError(RuntimeError):
    """The database cannot be opened or migrated (message in Chinese)."""


class DatabaseUrlError(DatabaseError):
    """The configured ``db_url`` is not a database address at all."""


def display_url(url: str) -> str:
    """``url`` as it may be shown: password hidden; text that is not a URL is shown as typed."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError, TypeError):
        return repr(url)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the UI read while the writer thread commits; FULL sync makes an acknowledged commit
    # survive a power cut; the busy timeout rides out a second process (the CLI) writing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


IMMEDIATE = "kiosk_begin_immediate"
"""Execution option: begin this SQLite transaction with ``BEGIN IMMEDIATE`` (see :meth:`Database.transaction`)."""


def _sqlite_begin(connection: Connection) -> None:
    # pysqlite sends no BEGIN before a SELECT, only before the first INSERT/UPDATE/DELETE, so a
    # "read, then write if absent" is not atomic across connections (the kiosk and `kiosk checkin`
    # in another process). SQLAlchemy's pysqlite recipe emits BEGIN from the "begin" event; here only
    # for transactions that ask for it, so every other transaction keeps pysqlite's default.
    if connection.get_execution_options().get(IMMEDIATE):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_db_engine(url: str) -> Engine:
    """An engine for ``url`` with the settings each backend needs.

    The SQLite file's folder must exist: only :func:`kiosk.config` creates the default data dir; a
    configured folder that is missing (an unmounted disk) is an error, never a fresh empty hall.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError, TypeError) as exc:
        raise DatabaseUrlError(
            f"数据库地址 {display_url(url)} 不是有效的地址：应形如 sqlite:////路径/kiosk.sqlite3 "
            "或 postgresql+psycopg://用户@主机/库名（kiosk config set db_url ...）"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            if not folder.is_dir():
                what = "不是文件夹" if folder.exists() else "不存在"
                raise DatabaseError(
                    f"数据库所在的文件夹 {folder} {what}：如果它在移动硬盘或网络盘上，请先接好；"
                    "或用 kiosk config set db_url / data_dir 改到正确的位置"
                )
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def schema_is_current(engine: Engine) -> bool:
    """True when the database says it is at HEAD_REVISION."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
    except SQLAlchemyError:
        return False  # no version table yet: a new database


def _alembic_config() -> Any:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    cfg = _alembic_config()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, revision)


def _stamped_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _tables_at(revision: str | None) -> set[str]:
    """The tables a database has at ``revision``: the migrations replayed on a scratch in-memory SQLite."""
    if revision is None:
        return set()
    from alembic.util import CommandError

    scratch = create_engine("sqlite://")
    try:
        with scratch.begin() as connection:
            _upgrade(connection, revision)
        return set(inspect(scratch).get_table_names())
    except CommandError as exc:
        raise DatabaseError(
            f"数据库的版本是 {revision}，本程序只认识到 {HEAD_REVISION}：它由更新版本的程序建立，"
            "请把本机程序升级到同一版本后再打开（数据库未做任何改动）"
        ) from exc
    finally:
        scratch.dispose()


def _repair_half_made(connection: Connection, where: str) -> None:
    """Drop the empty tables an interrupted older migration left behind; refuse if any holds rows.

    Before this module ran migrations in a real SQLite transaction, pysqlite ran each CREATE TABLE
    outside any transaction, so a kill mid-migration left tables that the stamped revision does not
    have ("table board_views already exists" at every later start). Such tables were never written
    to (the first INSERT would have opened the transaction that the kill rolled back), so an empty
    one is safely dropped. One that holds rows is not ours to guess about: refuse, with the way out.
    """
    from kiosk.store.models import Base

    revision = _stamped_revision(connection)
    existing = set(inspect(connection).get_table_names()) - {"alembic_version"}
    leftovers = (existing & set(Base.metadata.tables)) - _tables_at(revision)
    if not leftovers:
        return
    holding = sorted(t for t in leftovers if connection.execute(text(f'SELECT 1 FROM "{t}" LIMIT 1')).first())
    if holding:
        raise DatabaseError(
            f"数据库 {where} 不完整（上次建立或升级时被中断，版本记录为 {revision or '无'}），"
            f"而数据表 {'、'.join(holding)} 中已有数据，程序不会自动删除。请先退出所有 kiosk 程序，"
            "把这个数据库文件改名保存（例如加上 .bak），再重新启动：程序会新建一个数据库；"
            "改名保存的文件可交技术人员恢复数据"
        )
    log.warning("repairing half-made database %s at revision %s: dropping empty %s", where, revision, sorted(leftovers))
    for table in sorted(leftovers):
        connection.exec_driver_sql(f'DROP TABLE "{table}"')


def migrate(engine: Engine, *, force: bool = False) -> None:
    """Bring the schema to the newest Alembic revision (idempotent, all or nothing).

    A database already at HEAD_REVISION skips Alembic (start-up time) unless ``force``.

    Every pending migration and its version stamp run in ONE transaction. On SQLite that needs
    care: Python's sqlite3 module opens a transaction only before INSERT/UPDATE/DELETE, so DDL ran
    in autocommit mode and a kill during the first start left tables without a version (a bricked
    database). Here the migration connection begins with ``BEGIN IMMEDIATE`` (the "begin" event
    below), which makes SQLite's DDL transactional and keeps a second process out until the commit.
    Alembic's own ``transaction_per_migration`` does not apply: we hand it a connection already in
    a transaction (``_in_external_transaction``), so it emits no BEGIN/COMMIT of its own.
    """
    if not force and schema_is_current(engine):
        return
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.execution_options(**{IMMEDIATE: True})
        with connection.begin():
            if sqlite:
                _repair_half_made(connection, display_url(str(engine.url)))
            _upgrade(connection, "head")


@dataclass
class Database:
    """An engine plus its session factory; the one handle services receive."""

    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def transaction(self, *, immediate: bool = False) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error.

        ``immediate=True`` takes SQLite's write lock when the transaction begins (``BEGIN
        IMMEDIATE``; waits up to the busy timeout), so a read that decides a write cannot interleave
        with another connection doing the same. No effect on PostgreSQL (lock rows or keys there).
        """
        with self.sessions.begin() as session:
            if immediate:
                session.connection(execution_options={IMMEDIATE: True})
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _restore_bulk_indexes(engine: Engine) -> None:
    """Put back the indexes a bulk load (the demo seed) dropped and did not live to re-create."""
    from kiosk.store.bulk_indexes import restore_indexes

    proxy = engine.raw_connection()
    try:
        raw: Any = proxy.driver_connection
        if raw.in_transaction:
            raw.commit()
        made = restore_indexes(raw)
        if made:
            log.warning("re-created %d indexes an interrupted bulk load had dropped: %s", len(made), made)
    finally:
        proxy.close()


def open_database(url: str, *, run_migrations: bool = True) -> Database:
    """Open (and by default migrate) the database at ``url``.

    Raises:
        DatabaseError: the database cannot be reached or migrated (a Chinese sentence; the
            original exception is chained as ``__cause__`` for the log).
    """
    try:
        engine = create_db_engine(url)
        if run_migrations:
            migrate(engine)
        if engine.dialect.name == "sqlite":
            _restore_bulk_indexes(engine)
    except DatabaseError:
        raise
    except Exception as exc:  # noqa: BLE001 - every backend failure becomes one clear message
        from kiosk.store.failures import describe_database_failure

        raise DatabaseError(f"无法打开数据库 {display_url(url)}：{describe_database_failure(exc)}") from exc
    return Database(engine, sessionmaker(engine, expire_on_commit=False))
