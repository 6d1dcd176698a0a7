"""Signing result cards on a kiosk and verifying them at the staff desk.

Which key signs: a kiosk holds only the hall's *public* keyring (it verifies passes), so it cannot
sign with the hall key — and it must not get the hall's private key, since whoever can read a
kiosk's disk could then forge group passes. Instead each kiosk makes its own Ed25519 **card key**
on first use (``<keys dir>/card_key.pem``, mode 0600) and signs every card with it. Staff trust a
kiosk's cards by copying its public key (``kiosk quiz card-key``, a keyring text) into
``<keys dir>/card-keys/`` of the machine that verifies (``kiosk quiz trust-card-key FILE``). A
stolen kiosk can then only forge quiz cards, and deleting its file retires exactly its key.
Where the hall's private signing key is present (the office machine running the quiz zone on a
laptop, say), cards are signed with the hall key instead, which every keyring already trusts.

The engine's card format (``quiz.card``) has no key-id field, so the key id travels inside the
signature bytes: ``4-byte key id ‖ 64-byte Ed25519 signature`` (base64url, 91 characters).
Verifying looks the key id up in the trusted keyring; an unknown key is "not valid".
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.passes.keys import (
    KEY_ID_BYTES,
    SIGNING_KEY_FILE,
    KeyFileError,
    Keyring,
    KeyringError,
    SigningKey,
    load_keyring_dir,
    load_keyring_file,
    load_signing_key,
)

CARD_KEY_FILE = "card_key.pem"
TRUSTED_CARD_KEYS_DIR = "card-keys"


@dataclass(frozen=True)
class CardSigner:
    """Signs card payloads with one key; the signature bytes lead with its key id."""

    key: SigningKey
    hall_key: bool
    """True when this is the hall's own signing key (not a kiosk's card key)."""

    def sign(self, payload: bytes) -> bytes:
        return bytes.fromhex(self.key.key_id) + self.key.sign(payload)


def card_signer(keys_dir: Path) -> CardSigner:
    """The hall key if this machine has it, else this kiosk's card key (made on first use)."""
    if (keys_dir / SIGNING_KEY_FILE).exists():
        try:
            return CardSigner(load_signing_key(keys_dir), hall_key=True)
        except KeyFileError:
            pass  # an unreadable hall key must not stop the quiz: fall back to the card key
    return CardSigner(device_card_key(keys_dir), hall_key=False)


def device_card_key(keys_dir: Path) -> SigningKey:
    """This kiosk's card key, created with mode 0600 the first time it is needed."""
    path = keys_dir / CARD_KEY_FILE
    if path.exists():
        return SigningKey.from_pem(path.read_bytes())
    keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = SigningKey.generate()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process (the CLI beside the app) made it first
        return SigningKey.from_pem(path.read_bytes())
    try:
        os.write(fd, key.to_pem())
        os.fsync(fd)
    finally:
        os.close(fd)
    return key


def trusted_card_keys(keys_dir: Path) -> Keyring:
    """Every key whose cards this machine accepts: the hall keyring, this kiosk's own card key,
    and each keyring file staff put in ``card-keys/``. Damaged files are skipped, not trusted."""
    keyring = Keyring()
    try:
        keyring = keyring.merged(load_keyring_dir(keys_dir))
    except (OSError, KeyringError):
        pass
    if (keys_dir / CARD_KEY_FILE).exists():
        try:
            keyring = keyring.merged(device_card_key(keys_dir).keyring())
        except (KeyFileError, ValueError):
            pass
    folder = keys_dir / TRUSTED_CARD_KEYS_DIR
    if folder.is_dir():
        for path in sorted(folder.glob("*.txt")):
            try:
                keyring = keyring.merged(load_keyring_file(path))
            except (OSError, KeyringError, UnicodeDecodeError):
                continue
    return keyring


@dataclass(frozen=True)
class CardVerifier:
    """``verify(payload, signature)`` for ``quiz.card.decode_card``: the key id picks the trusted key."""

    keyring: Keyring

    def __call__(self, payload: bytes, signature: bytes) -> bool:
        if len(signature) <= KEY_ID_BYTES:
            return False
        key_id = signature[:KEY_ID_BYTES].hex().upper()
        return self.keyring.verify(key_id, signature[KEY_ID_BYTES:], payload)


def signature_key_id(card_text: str) -> str | None:
    """The key id inside a card's signature (for the staff's "signed by" line), or None."""
    signature_text = card_text.strip().rpartition(":")[2]
    try:
        raw = base64.urlsafe_b64decode(signature_text + "=" * (-len(signature_text) % 4))
    except (binascii.Error, ValueError):
        return None
    return raw[:KEY_ID_BYTES].hex().upper() if len(raw) > KEY_ID_BYTES else None


def trust_card_key(keys_dir: Path, keyring_text: str, name: str) -> Keyring:
    """Store a kiosk's card public key (keyring text) under ``card-keys/<name>.txt``.

    Raises:
        KeyringError: the text is not a keyring (nothing is written).
    """
    keyring = Keyring.from_text(keyring_text)
    folder = keys_dir / TRUSTED_CARD_KEYS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "kiosk"
    (folder / f"{safe}.txt").write_text(keyring.to_text(), encoding="utf-8")
    return keyring
