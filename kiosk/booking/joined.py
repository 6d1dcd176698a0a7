"""Running an existing service's write inside the caller's transaction.

``BookingBook``, ``OrganisationBook`` and ``PassIssuer`` (kiosk.visits) each open their own
transaction through ``Database.transaction()``. A web booking must make the organisation, the
booking, its place in the slot and its manage token in ONE transaction (nothing half-written), so
these services are handed this stand-in for the database: its ``transaction()`` yields the caller's
open session and leaves commit or rollback to the caller. The services' code is reused, not copied.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session


class JoinedDatabase:
    """A ``Database`` look-alike whose transactions are the one already open in ``session``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @contextmanager
    def transaction(self, *, immediate: bool = False) -> Iterator[Session]:  # noqa: ARG002 - the caller took the lock
        yield self._session
        self._session.flush()
