"""Identifiers of facts: UUIDv7, so ids sort by creation time and never collide across devices."""

from __future__ import annotations

import uuid

import uuid6


def new_fact_id() -> uuid.UUID:
    """A fresh UUIDv7 (time-ordered: good B-tree locality on the hub, readable order in exports)."""
    return uuid.UUID(str(uuid6.uuid7()))
