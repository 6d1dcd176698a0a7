"""The kiosk's sync: enrol with a one-time code, push waiting facts, pull reference data, report status.

Called by ``kiosk sync …`` and by the background service; never on the UI thread. A failure is
recorded as a sentence staff understand (``last_error``) and raised as :class:`SyncFailure`.
"""

from __future__ import annotations

import base64
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.clock import Clock
from kiosk.passes.keys import KEYRING_FILE, KeyringError, load_keyring
from kiosk.store.db import Database
from kiosk.sync.failures import SyncFailure, failure
from kiosk.sync.identity import SyncError, fact_device_aliases, sync_state
from kiosk.sync.outbox import Batch, acknowledge, next_batch, waiting_counts
from kiosk.sync.pull_apply import apply_pull

if TYPE_CHECKING:
    import httpx
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from kiosk.sync.client import HubClient

TOKEN_FILE = "device_token"
ON_THE_WIRE = 2
"""Push batches sent at once (each acknowledged on its own reply): the hub takes one while it writes
the other. Measured (bench/bench_sync.py, load 6-7): a kiosk's push 0.13x of a bare COPY with one,
0.20x with two, 0.25x with three (0.29x, 0.39x, 0.39x of the COPY into the hub's own table); two
keeps a district's 1,000 kiosks to two hub connections each."""
DEVICE_KEY_FILE = "device_key.pem"


@dataclass(frozen=True)
class PushResult:
    sent: int
    inserted: int
    batches: int


def write_secret(path: Path, data: bytes) -> None:
    """Write ``data`` readable by this user only (0600 from the first byte), replacing atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


class SyncService:
    """One kiosk's sync with its hub."""

    def __init__(self, db: Database, clock: Clock, *, data_dir: Path, keys_dir: Path, hall_id: str, device_id: str,
                 label: str = "", batch_rows: int = 1000, batch_bytes: int = 1_000_000,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.db = db
        self.clock = clock
        self.sync_dir = data_dir / "sync"
        self.keys_dir = keys_dir
        self.hall_id = hall_id
        self.device_id = device_id
        self.label = label
        self.batch_rows = batch_rows
        self.batch_bytes = batch_bytes
        self.transport = transport
        self.on_change: Callable[[], None] | None = None

    # ------------------------------------------------------------------ identity and enrolment
    @property
    def token_path(self) -> Path:
        return self.sync_dir / TOKEN_FILE

    def has_device_key(self) -> bool:
        return (self.sync_dir / DEVICE_KEY_FILE).exists()

    def device_key(self) -> Ed25519PrivateKey:
        """The key that signs this device's USB bundles (made on first use, 0600)."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        path = self.sync_dir / DEVICE_KEY_FILE
        if path.exists():
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            assert isinstance(key, Ed25519PrivateKey)
            return key
        key = Ed25519PrivateKey.generate()
        write_secret(path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()))
        return key

    def device_public_key(self) -> str:
        from cryptography.hazmat.primitives import serialization

        raw = self.device_key().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return base64.b64encode(raw).decode("ascii")

    def hub_url(self) -> str | None:
        with self.db.transaction() as session:
            return sync_state(session).hub_url

    def _client(self) -> HubClient:
        hub = self.hub_url()
        if not hub and self.token_path.exists():
            raise failure("no_address")
        if not hub or not self.token_path.exists():
            raise failure("not_enrolled")
        from kiosk.sync.client import HubClient  # httpx on first contact, not before the first frame

        return HubClient(hub, self.token_path.read_text(encoding="ascii").strip(), transport=self.transport)

    def enrol(self, hub_url: str, code: str) -> dict[str, Any]:
        """Trade a one-time code for this device's token (kept 0600 in the data dir)."""
        from kiosk.sync.client import HubClient

        client = HubClient(hub_url, transport=self.transport)
        try:
            reply = client.enrol(code=code, device_id=self.device_id, label=self.label,
                                 aliases=fact_device_aliases(self.db, self.device_id),
                                 public_key=self.device_public_key())
        except SyncFailure as exc:
            if exc.kind == "token":
                raise SyncError("登记码无效、已用过或已过期：请在中心重新生成（kiosk hub add-device）。") from exc
            raise SyncError(str(exc)) from exc
        finally:
            client.close()
        if reply.get("hall_id") != self.hall_id:
            raise SyncError(f"登记码属于展馆“{reply.get('hall_id')}”，本机设置的本馆编号是“{self.hall_id}”：未登记。"
                            "请用本馆的登记码，或先改正本馆编号。")
        self.store_enrolment(str(reply["token"]), hub_url)
        return reply

    def store_enrolment(self, token: str, hub_url: str | None) -> None:
        """Keep the token (0600 in the data dir) and the hub: what online and USB enrolment share.

        ``hub_url`` None or "" (a USB enrolment with no address) leaves any known address as it is.
        """
        write_secret(self.token_path, token.encode("ascii"))
        with self.db.transaction() as session:
            state = sync_state(session)
            if hub_url:
                state.hub_url = hub_url.rstrip("/")
            state.hall_id, state.enrolled_at = self.hall_id, self.clock.now()
            state.last_error = None

    # ------------------------------------------------------------------ push and pull
    def push(self, *, max_batches: int | None = None) -> PushResult:
        """Push waiting facts batch by batch until none wait (or ``max_batches``).

        Each batch is acknowledged (its outbox rows deleted) only after the hub's reply to it; a
        batch whose reply is lost is sent again next time, and the hub's insert by id makes that
        harmless. :data:`ON_THE_WIRE` batches are sent at once, each on its own connection, and the
        next one is read from SQLite meanwhile: one stream left the hub idle while the kiosk read
        and encoded, and the kiosk idle while the hub wrote (bench/bench_sync.py).
        """
        client = self._client()
        sent = inserted = batches = 0
        rows = self.batch_rows
        # One worker reads the next batch (it starts after the last batch read, so no acknowledgement
        # can touch it), the others send.
        workers = ThreadPoolExecutor(max_workers=ON_THE_WIRE + 1, thread_name_prefix="sync-push")
        on_wire: deque[tuple[Batch, Future[dict[str, Any]]]] = deque()

        def read(after: int, limit: int) -> Batch:
            with self.db.transaction() as session:
                return next_batch(session, max_rows=limit, max_bytes=self.batch_bytes, after_seq=after)

        def send(batch: Batch) -> dict[str, Any]:
            return client.push(batch.body()) if batch.facts else {}

        def acknowledged(batch: Batch, reply: dict[str, Any]) -> None:
            nonlocal sent, inserted, batches
            with self.db.transaction() as session:
                acknowledge(session, batch.seqs)
                sync_state(session).last_push_at = self.clock.now()
            inserted += int(reply.get("inserted", 0))
            sent += sum(len(r) for r in batch.facts.values())
            batches += 1

        def drain() -> None:
            """Wait for every batch on the wire; acknowledge those the hub took."""
            while on_wire:
                batch, reply = on_wire.popleft()
                try:
                    acknowledged(batch, reply.result())
                except SyncFailure:
                    pass  # still waiting: sent again next time

        upcoming: Future[Batch] | None = workers.submit(read, 0, rows)
        try:
            while True:
                while upcoming is not None and len(on_wire) < ON_THE_WIRE and (
                        max_batches is None or batches + len(on_wire) < max_batches):
                    batch = upcoming.result()
                    upcoming = workers.submit(read, batch.seqs[-1], rows) if batch.seqs else None
                    if batch.seqs:
                        on_wire.append((batch, workers.submit(send, batch)))
                if not on_wire:
                    break
                batch, reply = on_wire.popleft()
                try:
                    acknowledged(batch, reply.result())
                except SyncFailure as exc:
                    drain()
                    if exc.kind == "too_large" and rows > 1:
                        rows = max(1, rows // 2)
                        if upcoming is not None:
                            upcoming.result()
                        upcoming = workers.submit(read, 0, rows)
                        continue
                    raise
        except SyncFailure as exc:
            self._record_error(exc.message)
            raise
        finally:
            workers.shutdown(wait=True)
            client.close()
        self._record_success()
        return PushResult(sent, inserted, batches)

    def pull(self) -> int:
        """Pull the hall's changed reference data (each reply applied in one transaction)."""
        client = self._client()
        applied_rows = 0
        try:
            while True:
                with self.db.transaction() as session:
                    since = sync_state(session).last_pull_seq or 0
                reply = client.pull(since)
                try:
                    with self.db.transaction(immediate=True) as session:
                        applied = apply_pull(session, reply, hall_id=self.hall_id, now=self.clock.now())
                except SyncError as exc:
                    raise failure("refused", str(exc)) from exc
                applied_rows += applied.rows
                self.write_keyring(applied.keyring)
                if not applied.more:
                    break
        except SyncFailure as exc:
            self._record_error(exc.message)
            raise
        finally:
            client.close()
        self._record_success()
        return applied_rows

    def sync_once(self) -> None:
        """Push, then pull (the background service's one round)."""
        self.push()
        self.pull()

    def write_keyring(self, text: str) -> None:
        """Replace the hall keyring with ``text`` from the hub (ignored when empty or not a keyring)."""
        if not text:
            return
        path = self.keys_dir / KEYRING_FILE
        if path.exists() and path.read_text(encoding="utf-8") == text:
            return  # checked when it was written: a pull that changes nothing parses no key
        try:
            load_keyring(text)
        except KeyringError:
            return
        self.keys_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)

    def _record_error(self, message: str) -> None:
        with self.db.transaction() as session:
            state = sync_state(session)
            state.last_error, state.last_error_at = message, self.clock.now()
        if self.on_change:
            self.on_change()

    def _record_success(self) -> None:
        with self.db.transaction() as session:
            sync_state(session).last_error = None
        if self.on_change:
            self.on_change()

    # ------------------------------------------------------------------ status
    def status(self) -> dict[str, Any]:
        """``{"hub", "waiting": {table: n}, "last_push", "last_pull_seq", "last_error", …}``."""
        with self.db.transaction() as session:
            state = sync_state(session)
            waiting = waiting_counts(session)

            def iso(value: datetime | None) -> str | None:
                return value.isoformat() if value else None

            return {
                "hub": state.hub_url,
                "hall_id": self.hall_id,
                "device_id": self.device_id,
                "enrolled": bool(state.hub_url) and self.token_path.exists(),
                "enrolled_at": iso(state.enrolled_at),
                "waiting": waiting,
                "waiting_total": sum(waiting.values()),
                "last_push": iso(state.last_push_at),
                "last_pull": iso(state.last_pull_at),
                "last_pull_seq": state.last_pull_seq or 0,
                "last_error": state.last_error,
                "last_error_at": iso(state.last_error_at),
            }
