"""Fixtures for the arrivals tests: the hall's keys and a VisitsService on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.clock import FakeClock
from kiosk.passes.keys import init_keys
from kiosk.store.db import Database
from kiosk.visits.service import VisitsService
from tests.visits.helpers import make_service


@pytest.fixture
def keys_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "keys"
    init_keys(folder)
    return folder


@pytest.fixture
def visits(sqlite_db: Database, clock: FakeClock, keys_dir: Path) -> VisitsService:
    return make_service(sqlite_db, clock, keys_dir)
