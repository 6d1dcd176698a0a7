"""Halls' signing keys as the hub keeps them (``hall_keys``, issue 9), handed to ``PassIssuer``.

``PassIssuer`` (kiosk.visits) loads its key from a key directory. On the hub the key lives in the
database, so this writes each hall's current key once per process into a private temporary
directory (0700, file 0600, as ``load_signing_key`` demands) and returns that directory.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kiosk.passes.keys import KEYRING_FILE, SIGNING_KEY_FILE
from kiosk.store.db import Database


class HubHallKeys:
    """``HallKeys`` over the hub's ``hall_keys`` table."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._root = Path(tempfile.mkdtemp(prefix="hub-hall-keys-"))
        os.chmod(self._root, 0o700)
        self._written: dict[str, str] = {}

    def keys_dir(self, hall_id: str) -> Path:
        from kiosk.hub.district import HubError, hall_signing_key

        folder = self._root / hall_id
        try:
            with self.db.transaction() as session:
                key = hall_signing_key(session, hall_id)
        except HubError:
            return folder  # empty: PassIssuer says the key is missing, in Chinese
        if self._written.get(hall_id) != key.key_id:
            folder.mkdir(mode=0o700, exist_ok=True)
            path = folder / SIGNING_KEY_FILE
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(key.to_pem())
            (folder / KEYRING_FILE).write_text(key.keyring().to_text(), encoding="utf-8")
            self._written[hall_id] = key.key_id
        return folder
