"""The address of the hub's 留言建议 form for this hall, for the QR code on the 留言评价 screen.

Typing a long suggestion on a kiosk is hard; on a visitor's own phone it is easy. The hub serves an
anonymous form at ``/halls/{hall_id}/feedback`` (``kiosk.hub.web.feedback``) that records the same
feedback fact. The QR code is offered only when there is a hub: ``hub_public_url`` (the address a
phone reaches, when the kiosk talks to the hub over an inside address) or else the hub this kiosk
is enrolled with (``kiosk sync enrol``). Without either, no code: a standalone hall has no form.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote, urlsplit


def feedback_form_url(hall_id: str, public_url: str, enrolled_url: Callable[[], str | None]) -> str | None:
    """The form's full address, or None when no hub is configured (or the address is not http(s)).

    ``enrolled_url`` is read only when ``public_url`` is empty (it reads the database).
    """
    base = (public_url or "").strip() or (enrolled_url() or "").strip()
    if not base or not hall_id:
        return None
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{base.rstrip('/')}/halls/{quote(hall_id, safe='')}/feedback"
