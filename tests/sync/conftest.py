"""Sync test fixtures: a hub database of its own (fresh schema), real hub processes, kiosks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from kiosk.clock import FakeClock, SystemClock
from kiosk.config import load_config
from kiosk.hub import sequence
from kiosk.hub.district import add_admin, add_hall, new_enrolment
from kiosk.services import KioskServices, build_services
from kiosk.store.db import Database, open_database
from tests.conftest import PG_URL

HALL = "test-hall"  # the id in tests.content_factory's hall.yaml
OTHER_HALL = "hall-b"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def hub_db_url() -> str:
    """A fresh schema for the hub of the sync tests (shared by them: each test uses its own devices)."""
    schema = f"hub_test_{uuid.uuid4().hex[:8]}"
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    yield url
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(scope="session")
def hub_db(hub_db_url: str) -> Database:
    db = open_database(hub_db_url)
    sequence.install(db.sessions)
    clock = FakeClock()
    with db.transaction() as session:
        add_hall(session, HALL, "甲馆", clock.now())
        add_hall(session, OTHER_HALL, "乙馆", clock.now())
        db.admin_token = add_admin(session, "admin", clock.now())  # type: ignore[attr-defined]
    yield db
    db.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class HubProcess:
    """``kiosk hub serve`` in a subprocess on a free loopback port."""

    db_url: str
    port: int
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> HubProcess:
        env = {**os.environ, "KIOSK_HUB_CONFIG": "/nonexistent/hub.toml"}
        self.proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "hub", "serve", "--db", self.db_url,
                                      "--port", str(self.port)], cwd=ROOT, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub exited: {self.proc.stderr.read().decode()}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("hub did not start")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="session")
def hub(hub_db: Database, hub_db_url: str) -> HubProcess:
    process = HubProcess(hub_db_url, free_port()).start()
    yield process
    process.stop()


def enrolment_code(hub_db: Database, hall: str = HALL) -> str:
    with hub_db.transaction() as session:
        return new_enrolment(session, hall, "test", SystemClock().now(), 30)  # the hub process runs on the system clock


def make_kiosk(tmp_path: Path, name: str, content_dir: Path, *, hall: str = HALL, clock: object = None,
               transport: object = None, **overrides: object) -> KioskServices:
    (tmp_path / name).mkdir(parents=True, exist_ok=True)  # a configured data dir must exist
    config = load_config(tmp_path / f"{name}.toml").with_overrides(
        data_dir=str(tmp_path / name), content_dir=str(content_dir), hall_id=hall, **overrides)
    services = build_services(config, clock=clock or FakeClock())
    services.sync.transport = transport
    return services


def enrolled_kiosk(tmp_path: Path, name: str, content_dir: Path, hub: HubProcess, hub_db: Database,
                   **overrides: object) -> KioskServices:
    kiosk = make_kiosk(tmp_path, name, content_dir, **overrides)
    kiosk.sync.enrol(hub.url, enrolment_code(hub_db))
    return kiosk


def admin_headers(hub_db: Database) -> dict[str, str]:
    return {"Authorization": f"Bearer {hub_db.admin_token}"}  # type: ignore[attr-defined]
