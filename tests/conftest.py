"""Test set-up shared by every test: Kivy's environment, temp data dirs, the PostgreSQL URL.

UI tests need a display (the test command runs them under Xvfb: ``xvfb-run``); PostgreSQL tests
need the server named by ``KIOSK_TEST_PG_URL``. Neither is skipped when missing: the run fails and
says what to install or start.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Before anything imports Kivy (pytest imports test modules after conftest).
_KIVY_HOME = tempfile.mkdtemp(prefix="kivy-home-")
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_NO_FILELOG", "1")
os.environ["KIVY_HOME"] = _KIVY_HOME
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("KIVY_VIDEO", "ffpyplayer")
os.environ.setdefault("KIOSK_CACHE_DIR", str(Path(tempfile.gettempdir()) / "hall-kiosk-test-cache"))
os.environ["KIOSK_CONFIG"] = str(Path(_KIVY_HOME) / "no-such-kiosk.toml")

import pytest  # noqa: E402

from kiosk.clock import FakeClock  # noqa: E402
from kiosk.config import load_config  # noqa: E402
from kiosk.store.db import Database, open_database  # noqa: E402
from tests.content_factory import make_content  # noqa: E402

PG_URL = os.environ.get("KIOSK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    needs_display = any(item.get_closest_marker("ui") for item in items)
    if needs_display and not os.environ.get("DISPLAY") and os.environ.get("SDL_VIDEODRIVER") != "offscreen":
        raise pytest.UsageError(
            "UI tests need a display: run them with the README's test command (it starts Xvfb), "
            "or `xvfb-run -a pytest`; install Xvfb with `apt-get install xvfb`."
        )


@pytest.fixture(autouse=True)
def _data_dir_exists(tmp_path: Path) -> None:
    """Tests configure ``tmp_path / "data"`` as the data dir, and a configured data dir must exist
    (issue 16: a missing one is an unmounted disk, never a fresh empty hall), as on a real kiosk."""
    (tmp_path / "data").mkdir(exist_ok=True)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    return make_content(tmp_path / "content")


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Database:
    db = open_database(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}")
    yield db
    db.close()


@pytest.fixture
def kiosk_config(tmp_path: Path, content_dir: Path):
    """Settings for a kiosk on a temp data dir and the small test content."""
    return load_config(tmp_path / "kiosk.toml").with_overrides(
        data_dir=str(tmp_path / "data"), content_dir=str(content_dir), device_id="test-kiosk", hall_id="test-hall"
    )


@pytest.fixture(scope="session")
def pg_url() -> str:
    """A fresh schema on the test PostgreSQL server, dropped at the end of the session."""
    import uuid

    from sqlalchemy import create_engine, text

    schema = f"kiosk_test_{uuid.uuid4().hex[:8]}"
    engine = create_engine(PG_URL)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001
        pytest.fail(
            f"PostgreSQL tests need a server at {PG_URL} (set KIOSK_TEST_PG_URL, or start PostgreSQL: "
            f"`apt-get install postgresql && pg_ctlcluster 15 main start`): {exc}",
            pytrace=False,
        )
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()
