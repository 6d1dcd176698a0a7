"""Telling systemd the kiosk is up and alive, over the documented notify-socket protocol.

systemd passes ``NOTIFY_SOCKET`` (a path, or ``@name`` for the abstract namespace) to a
``Type=notify`` service; the service sends datagrams of ``KEY=VALUE`` lines to it: ``READY=1``
once serving, ``WATCHDOG=1`` at least every ``WatchdogSec`` (systemd passes ``WATCHDOG_USEC``),
``STOPPING=1`` on a clean stop, ``STATUS=…`` for ``systemctl status``. See sd_notify(3). It is
a dozen lines, so no dependency: without the variable (a terminal, tests) every call does nothing.

The app pings from its main loop's clock, so a frozen UI stops the pings and systemd restarts it.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Mapping

log = logging.getLogger(__name__)


class Notifier:
    """Sends sd_notify messages; a no-op where systemd did not ask for them."""

    def __init__(self, environ: Mapping[str, str] | None = None, monotonic: Callable[[], float] | None = None) -> None:
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET", "")
        self._address = "\0" + address[1:] if address.startswith("@") else address
        usec = env.get("WATCHDOG_USEC", "")
        pid = env.get("WATCHDOG_PID", "")
        watchdog_for_us = not pid or pid == str(os.getpid())
        self.watchdog_s = int(usec) / 1e6 if usec.isdigit() and watchdog_for_us else 0.0
        """systemd's watchdog interval in seconds (0: no watchdog asked for)."""
        self._monotonic = monotonic
        self._last_ping = float("-inf")
        self._socket: socket.socket | None = None

    @property
    def enabled(self) -> bool:
        return bool(self._address)

    def send(self, message: str) -> bool:
        """Send one message; False when there is no socket or it is gone (never raises)."""
        if not self._address:
            return False
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._socket.sendto(message.encode("utf-8"), self._address)
        except OSError as exc:
            log.warning("cannot notify systemd at %s: %s", self._address, exc)
            return False
        return True

    def ready(self, status: str = "") -> bool:
        return self.send("READY=1" + (f"\nSTATUS={status}" if status else ""))

    def stopping(self, status: str = "") -> bool:
        return self.send("STOPPING=1" + (f"\nSTATUS={status}" if status else ""))

    def watchdog(self) -> bool:
        """Ping the watchdog, at most about four times per interval (call it from every tick)."""
        if not self.watchdog_s or self._monotonic is None:
            return self.send("WATCHDOG=1") if self.watchdog_s else False
        now = self._monotonic()
        if now - self._last_ping < self.watchdog_s / 4:
            return False
        self._last_ping = now
        return self.send("WATCHDOG=1")

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
