"""The kiosk's HTTP client of the hub (httpx), with every failure as a sentence staff understand.

The transport is injectable (``httpx.MockTransport`` or a fault-injecting one in tests); the
integration tests talk to a real hub process on loopback.
"""

from __future__ import annotations

import functools
import ssl
from typing import Any

import httpx

from kiosk.sync.failures import MESSAGES, SyncFailure, failure

TIMEOUT = httpx.Timeout(20.0, connect=5.0)

__all__ = ["MESSAGES", "TIMEOUT", "HubClient", "SyncFailure", "failure"]


def _from_status(response: httpx.Response) -> SyncFailure:
    try:
        detail = str(response.json().get("detail", ""))
    except ValueError:
        detail = response.text[:200]
    status = response.status_code
    if status == 401:
        return failure("token", detail, status)
    if status == 403:
        return failure("forbidden", detail, status)
    if status == 413:
        return failure("too_large", detail, status)
    if status >= 500:
        return failure("server", detail, status)
    return failure("refused", detail, status)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The CAs httpx trusts by default (certifi's), loaded once per process: httpx loads them for
    every new Client (24-52 ms measured), and the kiosk makes one for every push and pull."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


class HubClient:
    """Talks to one hub with one device token."""

    def __init__(self, base_url: str, token: str | None = None, *, transport: httpx.BaseTransport | None = None,
                 timeout: httpx.Timeout = TIMEOUT) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.http = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, transport=transport, timeout=timeout,
                                 verify=_tls_context())

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self.http.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise failure("timeout") from exc
        except httpx.HTTPError as exc:  # connection refused, reset, DNS, a cut-off reply
            raise failure("network", str(exc)) from exc
        if response.status_code >= 400:
            raise _from_status(response)
        try:
            data = response.json()
        except ValueError as exc:
            raise failure("server", "回复不是 JSON") from exc
        if not isinstance(data, dict):
            raise failure("server", "回复不是 JSON 对象")
        return data

    def enrol(self, *, code: str, device_id: str, label: str, aliases: list[str], public_key: str) -> dict[str, Any]:
        return self._call("POST", "/api/sync/enrol", json={"code": code, "device_id": device_id, "label": label,
                                                           "aliases": aliases, "public_key": public_key})

    def push(self, body: bytes) -> dict[str, Any]:
        return self._call("POST", "/api/sync/push", content=body, headers={"content-type": "application/json"})

    def pull(self, since: int) -> dict[str, Any]:
        return self._call("GET", "/api/sync/pull", params={"since": since})
