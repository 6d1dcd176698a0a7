"""The hall's Ed25519 keys: one private signing key in the office, public keyrings on every kiosk.

Why a keyring and not one public key: keys must be rolled over (a laptop is
lost, staff change) while passes already printed with the old key stay valid
until their date passes. So a kiosk trusts every key in its keyring, and a pass
names the key that signed it by a short key id. Dropping a key from the keyring
turns every pass it signed into a forgery, which is exactly what retiring a
compromised key should do.

The keyring is plain text so staff can carry it on a USB stick, read it and
diff it. Each line repeats the key id, and loading recomputes it, so a
truncated or mistyped copy fails loudly instead of silently trusting nothing.

On-disk layout of a key directory::

    signing_key.pem   the current private key (PKCS#8 PEM, mode 0600); office only
    keyring.txt       every public key still trusted; copy this to the kiosks
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # cryptography is imported when a key is first used (see _ed25519)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SIGNING_KEY_FILE = "signing_key.pem"
KEYRING_FILE = "keyring.txt"
KEYRING_HEADER = "hall-kiosk-keyring 1"
KEY_ID_BYTES = 4
KEY_ID_CHARS = 2 * KEY_ID_BYTES
"""A key id is 8 uppercase hex digits: short enough for the QR code, and with
only a handful of keys ever in use a 32-bit id never collides in practice (and a
collision would only cost a failed signature check, never a false accept)."""

_ALGORITHM = "ed25519"
_RAW_PUBLIC_BYTES = 32
_SIGNATURE_BYTES = 64
_HEX_UPPER = frozenset("0123456789ABCDEF")


def _ed25519() -> Any:
    """cryptography's Ed25519 module, imported on first use: its OpenSSL binding is 9 MB resident,
    and an exhibition touchscreen never signs or checks anything (issue 13)."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    return ed25519


def _serialization() -> Any:
    from cryptography.hazmat.primitives import serialization

    return serialization


class KeyringError(ValueError):
    """A keyring text that is not exactly in the expected format."""


class KeyFileError(RuntimeError):
    """A key directory that is missing, incomplete, or has an unsafe private key file."""


def key_id_for(public_raw: bytes) -> str:
    """The key id of a raw 32-byte Ed25519 public key: first 4 bytes of SHA-256, uppercase hex."""
    if len(public_raw) != _RAW_PUBLIC_BYTES:
        raise ValueError(f"an Ed25519 public key is {_RAW_PUBLIC_BYTES} bytes, not {len(public_raw)}")
    return hashlib.sha256(public_raw).digest()[:KEY_ID_BYTES].hex().upper()


def is_key_id(text: str) -> bool:
    """Whether text has the shape of a key id (8 uppercase hex digits)."""
    return len(text) == KEY_ID_CHARS and all(c in _HEX_UPPER for c in text)


def _raw_public(public_key: Ed25519PublicKey) -> bytes:
    serialization = _serialization()
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class SigningKey:
    """The hall's private key, with its key id; signs the encoded claims of a pass."""

    private_key: Ed25519PrivateKey = field(repr=False)

    @classmethod
    def generate(cls) -> SigningKey:
        """A fresh random key."""
        return cls(_ed25519().Ed25519PrivateKey.generate())

    @property
    def public_raw(self) -> bytes:
        """The raw 32-byte public key."""
        return _raw_public(self.private_key.public_key())

    @property
    def key_id(self) -> str:
        """The id that passes signed by this key carry."""
        return key_id_for(self.public_raw)

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of data."""
        return self.private_key.sign(data)

    def keyring(self) -> Keyring:
        """A keyring holding just this key's public half."""
        return Keyring.of([self.private_key.public_key()])

    def to_pem(self) -> bytes:
        """Unencrypted PKCS#8 PEM; protect it by file permissions."""
        serialization = _serialization()
        return self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @classmethod
    def from_pem(cls, pem: bytes) -> SigningKey:
        """Load a PKCS#8 PEM written by ``to_pem``; anything but an Ed25519 key is refused."""
        try:
            key = _serialization().load_pem_private_key(pem, password=None)
        except (ValueError, TypeError) as exc:
            raise KeyFileError(f"not an unencrypted PEM private key: {exc}") from exc
        if not isinstance(key, _ed25519().Ed25519PrivateKey):
            raise KeyFileError(f"expected an Ed25519 private key, found {type(key).__name__}")
        return cls(key)


class Keyring(Mapping[str, "Ed25519PublicKey"]):
    """An immutable set of trusted public keys, looked up by key id."""

    __slots__ = ("_keys",)

    def __init__(self, keys: Mapping[str, Ed25519PublicKey] | None = None) -> None:
        checked: dict[str, Ed25519PublicKey] = {}
        for key_id, public_key in (keys or {}).items():
            if key_id_for(_raw_public(public_key)) != key_id:
                raise KeyringError(f"key id {key_id} does not belong to its key")
            checked[key_id] = public_key
        self._keys = checked

    @classmethod
    def of(cls, public_keys: Iterable[Ed25519PublicKey]) -> Keyring:
        """A keyring of these keys, each under its computed key id."""
        return cls({key_id_for(_raw_public(k)): k for k in public_keys})

    @classmethod
    def from_text(cls, text: str) -> Keyring:
        """Parse a keyring file's text strictly; see ``to_text`` for the format.

        Tolerates what a USB stick and Notepad do to a file (a UTF-8 BOM, CRLF
        line ends, trailing blanks, comments) and nothing else: a key line whose
        id does not match its key, a wrong algorithm, bad base64 or a missing
        header all raise ``KeyringError``, as does a keyring with no keys, since
        a kiosk with no keys would call every pass forged.
        """
        if text.startswith("\ufeff"):
            text = text[1:]
        keys: dict[str, Ed25519PublicKey] = {}
        seen_header = False
        for number, raw_line in enumerate(text.splitlines(), start=1):
            line = raw_line.split("#", 1)[0].strip()
            if not line:
                continue
            if not seen_header:
                if line != KEYRING_HEADER:
                    raise KeyringError(f"line {number}: expected header {KEYRING_HEADER!r}, found {line!r}")
                seen_header = True
                continue
            key_id, public_key = _parse_key_line(line, number)
            keys[key_id] = public_key
        if not seen_header:
            raise KeyringError("not a keyring: no header line")
        if not keys:
            raise KeyringError("the keyring holds no keys")
        return cls(keys)

    def to_text(self) -> str:
        """The keyring as plain text, one key per line, oldest first."""
        lines = [
            "# Hall Kiosk public keyring: public keys only, safe to copy onto a USB stick.",
            "# Copy this whole file to every kiosk. Passes signed by a key missing from",
            "# this file are refused as forged. Line format: key <key id> ed25519 <base64>",
            KEYRING_HEADER,
        ]
        for key_id, public_key in self._keys.items():
            encoded = base64.b64encode(_raw_public(public_key)).decode("ascii")
            lines.append(f"key {key_id} {_ALGORITHM} {encoded}")
        return "\n".join(lines) + "\n"

    def __getitem__(self, key_id: str) -> Ed25519PublicKey:
        return self._keys[key_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"Keyring({sorted(self._keys)})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Keyring):
            return NotImplemented
        return {k: _raw_public(v) for k, v in self._keys.items()} == {k: _raw_public(v) for k, v in other._keys.items()}

    __hash__ = None  # type: ignore[assignment]

    @property
    def key_ids(self) -> tuple[str, ...]:
        """The trusted key ids, oldest first."""
        return tuple(self._keys)

    def merged(self, other: Keyring) -> Keyring:
        """This keyring plus the keys of other (rolling a new key in)."""
        return Keyring({**self._keys, **other._keys})

    def without(self, key_id: str) -> Keyring:
        """This keyring minus one key (retiring it): its passes become forgeries."""
        if key_id not in self._keys:
            raise KeyError(key_id)
        return Keyring({k: v for k, v in self._keys.items() if k != key_id})

    def verify(self, key_id: str, signature: bytes, data: bytes) -> bool:
        """Whether signature is a valid signature of data by the trusted key key_id.

        False, never an exception, for an unknown key id or a bad signature.
        """
        public_key = self._keys.get(key_id)
        if public_key is None or len(signature) != _SIGNATURE_BYTES:
            return False
        from cryptography.exceptions import InvalidSignature

        try:
            public_key.verify(signature, data)
        except InvalidSignature:
            return False
        return True


def _parse_key_line(line: str, number: int) -> tuple[str, Ed25519PublicKey]:
    parts = line.split()
    if len(parts) != 4 or parts[0] != "key":
        raise KeyringError(f"line {number}: expected 'key <key id> {_ALGORITHM} <base64>', found {line!r}")
    _, key_id, algorithm, encoded = parts
    if algorithm != _ALGORITHM:
        raise KeyringError(f"line {number}: unsupported algorithm {algorithm!r}")
    if not is_key_id(key_id):
        raise KeyringError(f"line {number}: {key_id!r} is not a key id (8 uppercase hex digits)")
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyringError(f"line {number}: the public key is not valid base64") from exc
    if len(raw) != _RAW_PUBLIC_BYTES or base64.b64encode(raw).decode("ascii") != encoded:
        raise KeyringError(f"line {number}: the public key is not {_RAW_PUBLIC_BYTES} bytes of canonical base64")
    if key_id_for(raw) != key_id:
        raise KeyringError(f"line {number}: key id {key_id} does not match its key (damaged copy?)")
    return key_id, _ed25519().Ed25519PublicKey.from_public_bytes(raw)


def load_keyring(text: str) -> Keyring:
    """Parse a keyring text (the function form of ``Keyring.from_text``)."""
    return Keyring.from_text(text)


def load_keyring_file(path: str | os.PathLike[str]) -> Keyring:
    """Read and parse a keyring file, e.g. the one staff copied off a USB stick."""
    return Keyring.from_text(Path(path).read_text(encoding="utf-8"))


def init_keys(directory: str | os.PathLike[str]) -> SigningKey:
    """Create the hall's first signing key and its keyring in directory.

    Refuses (``FileExistsError``) if a signing key is already there: silently
    replacing it would orphan every pass already handed out. An existing
    keyring is kept and the new key added to it.
    """
    folder = Path(directory)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    key_path = folder / SIGNING_KEY_FILE
    if key_path.exists():
        raise FileExistsError(f"{key_path} already exists; use rotate_key to roll a new key in")
    key = SigningKey.generate()
    _write_keyring(folder, _existing_keyring(folder).merged(key.keyring()))
    _write_private(key_path, key, exclusive=True)
    return key


def rotate_key(directory: str | os.PathLike[str]) -> SigningKey:
    """Roll a new signing key in: new passes use it, the old key stays in the keyring.

    The keyring is written first, so there is never a moment when passes are
    signed by a key the keyring does not hold. The old private key is
    destroyed: it is only ever needed to sign, and old passes verify with its
    public half.
    """
    folder = Path(directory)
    old = load_signing_key(folder)
    key = SigningKey.generate()
    _write_keyring(folder, _existing_keyring(folder).merged(old.keyring()).merged(key.keyring()))
    _write_private(folder / SIGNING_KEY_FILE, key, exclusive=False)
    return key


def retire_key(directory: str | os.PathLike[str], key_id: str) -> Keyring:
    """Remove a key from the keyring, so every pass it signed is refused as forged.

    The current signing key cannot be retired (rotate first).
    """
    folder = Path(directory)
    if load_signing_key(folder).key_id == key_id:
        raise KeyFileError(f"{key_id} is the current signing key; rotate_key first")
    keyring = _existing_keyring(folder).without(key_id)
    _write_keyring(folder, keyring)
    return keyring


def load_signing_key(directory: str | os.PathLike[str]) -> SigningKey:
    """Load the current signing key, refusing a file others can read (like ssh does)."""
    key_path = Path(directory) / SIGNING_KEY_FILE
    try:
        pem = key_path.read_bytes()
    except FileNotFoundError as exc:
        raise KeyFileError(f"no signing key at {key_path}; run init_keys first") from exc
    if sys.platform != "win32":
        mode = stat.S_IMODE(key_path.stat().st_mode)
        if mode & 0o077:
            raise KeyFileError(f"{key_path} is readable by others (mode {mode:o}); chmod 600 it")
    return SigningKey.from_pem(pem)


def load_keyring_dir(directory: str | os.PathLike[str]) -> Keyring:
    """The keyring stored in a key directory."""
    return load_keyring_file(Path(directory) / KEYRING_FILE)


def export_public(directory: str | os.PathLike[str]) -> str:
    """The keyring of a key directory as text to hand to the kiosks (re-checked on the way out)."""
    return load_keyring_dir(directory).to_text()


def _existing_keyring(folder: Path) -> Keyring:
    path = folder / KEYRING_FILE
    if not path.exists():
        return Keyring()
    return load_keyring_file(path)


def _write_keyring(folder: Path, keyring: Keyring) -> None:
    path = folder / KEYRING_FILE
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(keyring.to_text(), encoding="utf-8")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _write_private(path: Path, key: SigningKey, *, exclusive: bool) -> None:
    """Write the PEM with mode 0600 from the first byte (never briefly world-readable)."""
    target = path if exclusive else path.with_name(path.name + ".tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | (os.O_EXCL if exclusive else 0)
    if not exclusive and target.exists():
        target.unlink()
    fd = os.open(target, flags, 0o600)
    try:
        os.write(fd, key.to_pem())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(target, 0o600)
    if not exclusive:
        os.replace(target, path)
