"""Two push batches on the wire at once (kiosk.sync.service.ON_THE_WIRE): each is acknowledged on
its own reply only. A batch whose request or reply is lost stays waiting while the other one, taken
by the hub, stops waiting; a clean push afterwards makes the hub's facts equal to the kiosk's."""

from __future__ import annotations

import threading

import httpx
import pytest
from sqlalchemy import select

from kiosk.store.sync_models import SyncOutbox
from kiosk.sync.client import SyncFailure
from tests.sync.conftest import enrolled_kiosk
from tests.sync.helpers import hub_fact_ids, kiosk_fact_ids, waiting, write_facts

pytestmark = pytest.mark.postgres


class LoseOne(httpx.BaseTransport):
    """Delivers every push but the ``lose``-th (1-based): its request (``where="request"``) or its
    reply (``where="reply"``) is lost. The second batch is held until the first one's fate is known,
    so both are on the wire together."""

    def __init__(self, lose: int, where: str) -> None:
        self.inner = httpx.HTTPTransport()
        self.lose, self.where = lose, where
        self.count = 0
        self.lock = threading.Lock()
        self.first_done = threading.Event()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != "/api/sync/push":
            return self.inner.handle_request(request)
        with self.lock:
            self.count += 1
            number = self.count
        if number == 2:
            assert self.first_done.wait(10), "the second batch was not sent while the first was out"
        try:
            if number == self.lose and self.where == "request":
                raise httpx.ConnectError("dropped before the hub", request=request)
            response = self.inner.handle_request(request)
            response.read()
            if number == self.lose:
                raise httpx.ReadError("reply lost", request=request)
            return response
        finally:
            if number == 1:
                self.first_done.set()


def _acknowledged(kiosk) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with kiosk.db.transaction() as session:
        still = {(t, str(f)) for t, f in session.execute(select(SyncOutbox.table_name, SyncOutbox.fact_id))}
    return kiosk_fact_ids(kiosk) - still


@pytest.mark.parametrize(("lose", "where"), [(1, "request"), (1, "reply"), (2, "request"), (2, "reply")])
def test_each_batch_is_acknowledged_on_its_own_reply(tmp_path, content_dir, hub, hub_db, lose, where) -> None:
    kiosk = enrolled_kiosk(tmp_path, "k", content_dir, hub, hub_db, sync_batch_rows=5)
    write_facts(kiosk, 10)  # two batches
    kiosk.sync.transport = LoseOne(lose, where)
    with pytest.raises(SyncFailure):
        kiosk.sync.push()
    on_hub = set(hub_fact_ids(hub_db, {kiosk.config.device}))
    assert waiting(kiosk) == 5  # the other batch went through and was acknowledged
    assert _acknowledged(kiosk) <= on_hub
    assert len(on_hub) == (5 if where == "request" else 10)
    kiosk.sync.transport = None
    kiosk.sync.push()
    assert set(hub_fact_ids(hub_db, {kiosk.config.device})) == kiosk_fact_ids(kiosk)
    assert waiting(kiosk) == 0
    kiosk.close()
