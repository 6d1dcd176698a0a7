"""The one error type of the arrivals services: its message is a Chinese sentence for staff."""

from __future__ import annotations


class VisitsError(ValueError):
    """A request the arrivals services refuse (unknown organisation, bad slot, no signing key...).

    Raised before anything is written; ``str(error)`` is a complete Chinese sentence that says
    what was wrong and, where possible, what to do.
    """
