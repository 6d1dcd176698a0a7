"""The kiosk's trust in the hall's keys: the public keyring file, read lazily and re-read when it changes.

A kiosk must start without keys (staff copy ``keyring.txt`` from the USB stick later), so a
missing or damaged keyring is a state the check-in service reports, never an exception. The file
is re-read when its size or modification time changes, so a new key rolled in works without a
restart.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.passes.keys import KEYRING_FILE, Keyring, KeyringError, load_keyring_file

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Loaded:
    stamp: tuple[int, int]
    keyring: Keyring | None


class KeyringSource:
    """Hands out the current keyring of a key directory, or None when there is no usable one."""

    def __init__(self, keys_dir: Path) -> None:
        self.path = Path(keys_dir) / KEYRING_FILE
        self._loaded: _Loaded | None = None

    def keyring(self) -> Keyring | None:
        """The keyring, or None when the file is missing, unreadable or damaged (logged once per change)."""
        try:
            info = self.path.stat()
        except OSError:
            self._loaded = None
            return None
        stamp = (info.st_mtime_ns, info.st_size)
        if self._loaded is None or self._loaded.stamp != stamp:
            try:
                keyring: Keyring | None = load_keyring_file(self.path)
            except (OSError, UnicodeDecodeError, KeyringError) as exc:
                log.error("the keyring %s cannot be used: %s", self.path, exc)
                keyring = None
            self._loaded = _Loaded(stamp, keyring)
        return self._loaded.keyring
