"""The models' indexes are the migrations' indexes, table by table, on SQLite and PostgreSQL: a
revision that drops an index (0015, 0016) drops it from the model too, so ``Base.metadata`` (what
the code and its readers' comments describe) never names an index the database lacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from kiosk.store.db import open_database
from kiosk.store.models import Base
from kiosk.sync.wire import fact_tables


def _differences(db_url: str) -> dict[str, tuple[set[tuple[str, tuple[str, ...]]], set[tuple[str, tuple[str, ...]]]]]:
    """Per table whose indexes differ: (the model's only, the database's only) as (name, columns)."""
    fact_tables()  # imports every area's models, so Base.metadata holds every table
    db = open_database(db_url)
    try:
        inspector = inspect(db.engine)
        present = set(inspector.get_table_names())
        found = {}
        for table in Base.metadata.tables.values():
            if table.name not in present:
                continue  # a hub-only or kiosk-only table: its own tests
            model = {(str(ix.name), tuple(c.name for c in ix.columns)) for ix in table.indexes}
            real = {(str(ix["name"]), tuple(str(c) for c in ix["column_names"])) for ix in inspector.get_indexes(table.name)
                    if "duplicates_constraint" not in ix}  # PostgreSQL lists a unique constraint's index too
            if model != real:
                found[table.name] = (model - real, real - model)
        return found
    finally:
        db.close()


def test_sqlite_indexes_match_the_models(tmp_path: Path) -> None:
    assert _differences(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}") == {}


@pytest.mark.postgres
def test_postgres_indexes_match_the_models(pg_url: str) -> None:
    assert _differences(pg_url) == {}
