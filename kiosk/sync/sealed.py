"""A secret sealed to one device's Ed25519 key, so it can travel on a USB stick.

The offline enrolment file carries the device token; whoever finds a lost stick must not be able
to push as that kiosk. libsodium's sealed box (PyNaCl ``SealedBox``: ephemeral X25519 + XSalsa20-
Poly1305, made for "encrypt to a public key, anonymously") does the job with no construction of
ours; the device's Ed25519 key is converted to its Curve25519 twin by libsodium's own function,
so the kiosk needs no second key pair.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from nacl.exceptions import CryptoError
from nacl.public import SealedBox
from nacl.signing import SigningKey, VerifyKey


class SealError(ValueError):
    """The sealed text is not for this key, or was changed (nothing could be opened)."""


def seal(public_raw: bytes, secret: bytes) -> bytes:
    """``secret`` encrypted to the device whose raw 32-byte Ed25519 public key is ``public_raw``."""
    try:
        recipient = VerifyKey(public_raw).to_curve25519_public_key()
    except (ValueError, TypeError, CryptoError) as exc:  # not a valid Ed25519 point
        raise SealError("not an Ed25519 public key") from exc
    return SealedBox(recipient).encrypt(secret)


def unseal(private_key: Ed25519PrivateKey, sealed: bytes) -> bytes:
    """Open what :func:`seal` made for ``private_key``'s public half (SealError otherwise)."""
    seed = private_key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                     serialization.NoEncryption())
    try:
        return SealedBox(SigningKey(seed).to_curve25519_private_key()).decrypt(sealed)
    except (CryptoError, ValueError, TypeError) as exc:
        raise SealError("sealed for another key, or changed") from exc
