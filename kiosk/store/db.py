"""Opening the database: SQLite in WAL mode by default, PostgreSQL by URL, migrated by Alembic."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "0008"
"""The newest revision in migrations/versions (a test keeps them equal): a database already there
opens without loading Alembic at all, which is most of a warm start's database time."""


class DatabaseError(RuntimeError):
    """The database cannot be opened or migrated (message in Chinese)."""


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
    """An engine for ``url`` with the settings each backend needs; makes the SQLite folder."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
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


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (idempotent)."""
    if schema_is_current(engine):
        return
    from alembic import command
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


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


def open_database(url: str, *, run_migrations: bool = True) -> Database:
    """Open (and by default migrate) the database at ``url``.

    Raises:
        DatabaseError: the database cannot be reached or migrated.
    """
    try:
        engine = create_db_engine(url)
        if run_migrations:
            migrate(engine)
    except Exception as exc:  # noqa: BLE001 - every backend failure becomes one clear message
        raise DatabaseError(f"无法打开数据库 {make_url(url).render_as_string(hide_password=True)}：{exc}") from exc
    return Database(engine, sessionmaker(engine, expire_on_commit=False))
