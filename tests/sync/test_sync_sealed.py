"""The device token sealed to the device's Ed25519 key: only that key opens it, a changed byte fails."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.sync.sealed import SealError, seal, unseal


def _public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def test_only_the_device_key_opens_its_sealed_token() -> None:
    device, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    sealed = seal(_public(device), b"token-123")
    assert b"token-123" not in sealed and seal(_public(device), b"token-123") != sealed  # fresh ephemeral key
    assert unseal(device, sealed) == b"token-123"
    with pytest.raises(SealError):
        unseal(other, sealed)
    changed = bytearray(sealed)
    changed[-1] ^= 1
    with pytest.raises(SealError):
        unseal(device, bytes(changed))
    with pytest.raises(SealError):
        seal(b"\x00" * 31, b"token")
