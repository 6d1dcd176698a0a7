"""No index on the busiest fact table is a prefix of another (issue 9: each push's COPY maintains
every index; one whose columns begin another index serves no query the longer one does not)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from kiosk.store.db import open_database

TABLES = ("board_views",)


def _redundant(db_url: str) -> list[tuple[str, str, str]]:
    db = open_database(db_url)
    try:
        found = []
        inspector = inspect(db.engine)
        for table in TABLES:
            indexes = {ix["name"]: tuple(ix["column_names"]) for ix in inspector.get_indexes(table)}
            for name, columns in indexes.items():
                for other, longer in indexes.items():
                    if other != name and len(longer) > len(columns) and longer[:len(columns)] == columns:
                        found.append((table, name, other))
        return found
    finally:
        db.close()


def test_sqlite_fact_tables_carry_no_prefix_index(tmp_path: Path) -> None:
    assert _redundant(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}") == []


@pytest.mark.postgres
def test_hub_fact_tables_carry_no_prefix_index(pg_url: str) -> None:
    assert _redundant(pg_url) == []
