"""Each figures test runs on a real SQLite file and on the real PostgreSQL (a fresh schema per test,
so hand-built histories never see another test's rows)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from kiosk.store.db import Database, open_database
from tests.conftest import PG_URL


@pytest.fixture(scope="module")
def fresh_pg_url(pg_url: str) -> Iterator[str]:
    """A schema of this module's own on the server ``pg_url`` names (``pg_url`` fails clearly when it
    is down); ``report_db`` empties its tables before each test."""
    schema = f"kiosk_reports_{uuid.uuid4().hex[:8]}"
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def report_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'reports.sqlite3'}"
    else:
        url = request.getfixturevalue("fresh_pg_url")
    db = open_database(url)
    if request.param == "postgres":
        from kiosk.store.models import Base

        with db.transaction() as session:
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            session.execute(text(f"TRUNCATE {names} CASCADE"))
    yield db
    db.close()
