"""The hub's own tables (issue 9): halls, devices, enrolment codes, admins, pass-signing keys.

They exist in every database (one migration chain), but only the hub writes them. Tokens and
enrolment codes are stored as SHA-256 digests: they are 256-bit random secrets, so a fast digest
is enough (a slow password hash protects guessable secrets, which these are not), and a copy of
the database does not let anyone push as a kiosk.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.models import Base
from kiosk.store.types import UTCDateTime


class Hall(Base):
    """One hall of the district."""

    __tablename__ = "halls"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HubAdmin(Base):
    """A district administrator: a name and the digest of their API token."""

    __tablename__ = "hub_admins"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HubDevice(Base):
    """An enrolled kiosk: its hall, its token's digest, the ids its older facts carry."""

    __tablename__ = "hub_devices"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    hall_id: Mapped[str] = mapped_column(String(64), index=True)
    label: Mapped[str] = mapped_column(String(128), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    aliases: Mapped[str] = mapped_column(Text, default="[]")  # JSON list: device ids of facts made before 0006
    public_key: Mapped[str] = mapped_column(Text, default="")  # base64 Ed25519 key that signs its USB bundles
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class EnrolmentCode(Base):
    """A one-time, short-lived code that a kiosk trades for its device token."""

    __tablename__ = "enrolment_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    hall_id: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    device_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class HallKey(Base):
    """A hall's pass-signing key, kept on the hub so bookings made there get signed passes."""

    __tablename__ = "hall_keys"

    hall_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    private_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (Index("ix_hall_keys_hall", "hall_id"),)


__all__ = ["EnrolmentCode", "Hall", "HallKey", "HubAdmin", "HubDevice"]
