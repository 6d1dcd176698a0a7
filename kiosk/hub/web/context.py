"""What the booking and staff pages need from the hub: the database, the clock, the halls' keys, settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request

from kiosk.booking.ratelimit import RateLimiter
from kiosk.booking.schedule import HallSchedules
from kiosk.booking.service import HallKeys, OnlineBookings
from kiosk.booking.staff import StaffAccounts
from kiosk.clock import Clock
from kiosk.hub.web.security import Network, client_key, proxy_networks
from kiosk.store.db import Database


@dataclass
class WebContext:
    """One per app; every request uses the services built here (they hold no per-request state)."""

    db: Database
    clock: Clock
    keys: HallKeys
    cookie_secure: bool = True
    trusted_proxies: tuple[str, ...] = ()  # the hub setting: whose X-Forwarded-For is believed
    book_limit: tuple[int, int] = (10, 600)  # bookings per client address and window (seconds)
    login_limit: tuple[int, int] = (20, 300)
    bookings: OnlineBookings = field(init=False)
    schedules: HallSchedules = field(init=False)
    staff: StaffAccounts = field(init=False)
    limiter: RateLimiter = field(init=False)
    proxies: tuple[Network, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.bookings = OnlineBookings(self.db, self.clock, self.keys)
        self.schedules = self.bookings.schedules
        self.staff = StaffAccounts(self.db, self.clock)
        self.limiter = RateLimiter(self.db, self.clock)
        self.proxies = proxy_networks(self.trusted_proxies)

    def client(self, request: Request) -> str:
        """The address rate limits count against (X-Forwarded-For only from a trusted proxy)."""
        return client_key(request, self.proxies)
