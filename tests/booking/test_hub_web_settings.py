"""The hub's web settings on a real `kiosk hub serve` (PostgreSQL, loopback): cookies are Secure by
default and plain with ``--insecure-cookies`` (a LAN without TLS, where browsers drop Secure cookies
and the CSRF check would refuse every form); ``X-Forwarded-For`` counts for rate limits only from a
``--trusted-proxy``. And ``kiosk hub add-hall`` creates the hall and its booking rules in one step."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from sqlalchemy import delete

from kiosk.booking.models import RateLimitHit
from kiosk.booking.schedule import HallSchedules
from kiosk.cli import main
from kiosk.clock import SystemClock
from kiosk.hub.settings import HubConfigError, HubSettings, load_hub_settings
from kiosk.store.hub_models import Hall
from tests.sync.conftest import ROOT, HubProcess, free_port, hub_db, hub_db_url  # noqa: F401

pytestmark = pytest.mark.postgres


@dataclass
class HubWithOptions(HubProcess):
    """``kiosk hub serve`` with extra options (the shared fixture starts it with none)."""

    options: tuple[str, ...] = field(default=())

    def start(self) -> HubWithOptions:
        env = {**os.environ, "KIOSK_HUB_CONFIG": "/nonexistent/hub.toml"}
        self.proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "hub", "serve", "--db", self.db_url,
                                      "--port", str(self.port), *self.options], cwd=ROOT, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub exited: {self.proc.stderr.read().decode()}")  # type: ignore[union-attr]
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("hub did not start")


@pytest.fixture
def serve(hub_db_url):  # type: ignore[no-untyped-def]  # noqa: F811
    started: list[HubProcess] = []

    def start(*options: str) -> HubProcess:
        started.append(HubWithOptions(hub_db_url, free_port(), options=options).start())
        return started[-1]

    yield start
    for process in started:
        process.stop()


def _login_attempt(client: httpx.Client, base: str, forwarded: str | None) -> int:
    form = client.get(f"{base}/staff/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post(f"{base}/staff/login", data={"csrf": token, "username": "nobody", "password": "wrong-pass-1"},
                       headers=headers).status_code


def test_cookies_are_secure_unless_the_operator_says_plain_http(serve, hub_db) -> None:  # noqa: F811
    default, plain = serve(), serve("--insecure-cookies")
    assert "secure" in httpx.get(f"{default.url}/staff/login").headers["set-cookie"].lower()
    cookie = httpx.get(f"{plain.url}/staff/login").headers["set-cookie"].lower()
    assert "kiosk_csrf=" in cookie and "secure" not in cookie and "httponly" in cookie and "samesite=strict" in cookie
    with httpx.Client() as client:  # a plain-HTTP client keeps the cookie, so the form's CSRF check passes
        assert _login_attempt(client, plain.url, None) == 401


def test_forwarded_for_counts_only_from_a_trusted_proxy(serve, hub_db) -> None:  # noqa: F811
    trusting, direct = serve("--trusted-proxy", "127.0.0.1", "--insecure-cookies"), serve("--insecure-cookies")
    with httpx.Client() as client:
        codes = [_login_attempt(client, trusting.url, "198.51.100.7") for _ in range(21)]
        assert codes[:20] == [401] * 20 and codes[20] == 429  # one client behind the proxy: limited
        assert _login_attempt(client, trusting.url, "198.51.100.8") == 401  # another client behind it: not
        assert _login_attempt(client, trusting.url, "198.51.100.9, 198.51.100.7") == 429  # the proxy's own hop counts
    with httpx.Client() as client:
        codes = [_login_attempt(client, direct.url, f"203.0.113.{i}") for i in range(21)]
        assert codes[20] == 429  # an untrusted peer cannot pick a fresh address per request
    with hub_db.transaction() as session:  # loopback's own count: other tests on this hub log in from it
        session.execute(delete(RateLimitHit).where(RateLimitHit.key == "login:127.0.0.1"))


def test_trusted_proxies_in_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "hub.toml"
    path.write_text('db_url = "x"\ntrusted_proxies = ["10.0.0.5", "10.0.1.0/24"]\nweb_cookie_secure = false\n')
    settings = load_hub_settings(path)
    assert settings.trusted_proxies == ("10.0.0.5", "10.0.1.0/24") and settings.web_cookie_secure is False
    path.write_text('trusted_proxies = ["proxy.lan"]\n')
    with pytest.raises(HubConfigError, match="proxy.lan"):
        load_hub_settings(path)
    with pytest.raises(HubConfigError, match="地址列表"):
        HubSettings(trusted_proxies="10.0.0.5")  # type: ignore[arg-type]


def test_add_hall_registers_the_hall_and_its_booking_rules_in_one_step(hub_db_url, hub_db) -> None:  # noqa: F811
    env = {"KIOSK_HUB_CONFIG": "/nonexistent/hub.toml"}
    result = CliRunner().invoke(main, ["hub", "add-hall", "west-hall", "--name", "西城体验馆", "--db", hub_db_url,
                                       "--weekdays", "1,2,3", "--approval", "--slot", "09:00-10:30",
                                       "--slot", "14:00-15:30", "--slot-people", "40"], env=env)
    assert result.exit_code == 0, result.output
    assert "已登记展馆 west-hall" in result.output and "时段 14:00-15:30" in result.output
    schedules = HallSchedules(hub_db, SystemClock())
    info = schedules.hall("west-hall")
    assert info.name == "西城体验馆" and info.requires_approval and info.open_weekdays == frozenset({1, 2, 3})
    assert [(s.label, s.capacity_people) for s in schedules.slots("west-hall")] == [("09:00-10:30", 40),
                                                                                  ("14:00-15:30", 40)]
    with hub_db.transaction() as session:
        assert session.get(Hall, "west-hall") is not None
    again = CliRunner().invoke(main, ["hub", "add-hall", "west-hall", "--name", "x", "--db", hub_db_url], env=env)
    assert again.exit_code == 1 and "已存在" in again.output
    bad = CliRunner().invoke(main, ["hub", "add-hall", "north-hall", "--name", "北馆", "--db", hub_db_url,
                                    "--slot", "09:00-10:30", "--slot", "10:00-11:00"], env=env)
    assert bad.exit_code == 1 and "重叠" in bad.output and "Traceback" not in bad.output
    assert not [h for h in schedules.halls() if h.hall_id == "north-hall"]  # nothing half-written
    with hub_db.transaction() as session:
        assert session.get(Hall, "north-hall") is None
    plain = CliRunner().invoke(main, ["hub", "add-hall", "South-Hall", "--name", "南馆", "--no-web", "--db", hub_db_url],
                               env=env)
    assert plain.exit_code == 0 and "线上预约" not in plain.output
