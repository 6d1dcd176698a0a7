"""A Hypothesis state machine that drops, duplicates, reorders and delays push batches on their way
to a real hub (through an httpx transport), checking after every step that the hub holds only the
kiosk's facts, every acknowledged fact, and nothing twice; at the end a clean push makes them equal."""

from __future__ import annotations

import random
from collections import Counter

import httpx
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import select

from kiosk.store.sync_models import SyncOutbox
from kiosk.sync.client import SyncFailure
from kiosk.sync.wire import fact_tables
from tests.sync.conftest import enrolled_kiosk
from tests.sync.helpers import hub_fact_ids, kiosk_fact_ids, waiting, write_facts

pytestmark = pytest.mark.postgres

MODES = ("deliver", "drop_request", "drop_reply", "duplicate", "delay")


class FaultyTransport(httpx.BaseTransport):
    """Delivers push requests to the real hub according to ``mode``; holds delayed ones for later."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.mode = "deliver"
        self.held: list[httpx.Request] = []

    def _send(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        return response

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != "/api/sync/push" or self.mode == "deliver":
            return self._send(request)
        if self.mode == "drop_request":
            raise httpx.ConnectError("dropped before the hub", request=request)
        if self.mode == "drop_reply":
            self._send(request)
            raise httpx.ReadError("reply lost", request=request)
        if self.mode == "duplicate":
            self._send(request)
            return self._send(request)
        self.held.append(request)  # delay: the hub gets it later, the kiosk sees a time-out now
        raise httpx.ReadTimeout("delayed", request=request)

    def release(self, index: int) -> None:
        if self.held:
            self._send(self.held.pop(index % len(self.held)))


def test_push_survives_dropped_duplicated_reordered_and_delayed_batches(tmp_path, content_dir, hub, hub_db) -> None:
    counter = iter(range(10_000))

    class PushThroughFaults(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.transport = FaultyTransport()
            self.kiosk = enrolled_kiosk(tmp_path, f"k{next(counter)}", content_dir, hub, hub_db, sync_batch_rows=4)
            self.kiosk.sync.transport = self.transport
            self.rng = random.Random(0)

        @rule(n=st.integers(1, 6))
        def write(self, n: int) -> None:
            write_facts(self.kiosk, n, self.rng)

        @rule(mode=st.sampled_from(MODES))
        def push_one_batch(self, mode: str) -> None:
            self.transport.mode = mode
            try:
                self.kiosk.sync.push(max_batches=1)
            except SyncFailure:
                assert mode != "deliver" and mode != "duplicate"
            finally:
                self.transport.mode = "deliver"

        @rule(index=st.integers(0, 10))
        def deliver_a_delayed_batch(self, index: int) -> None:
            self.transport.release(index)

        @invariant()
        def hub_holds_only_kiosk_facts_and_every_acknowledged_one_once(self) -> None:
            on_hub = hub_fact_ids(hub_db, {self.kiosk.config.device})
            assert all(n == 1 for n in Counter(on_hub).values())
            mine = kiosk_fact_ids(self.kiosk)
            assert set(on_hub) <= mine
            with self.kiosk.db.transaction() as session:
                still = {(t, str(f)) for t, f in session.execute(select(SyncOutbox.table_name, SyncOutbox.fact_id))}
            assert mine - still <= set(on_hub), "an acknowledged fact is missing on the hub"

        def teardown(self) -> None:
            while self.transport.held:
                self.transport.release(0)
            self.kiosk.sync.push()
            assert set(hub_fact_ids(hub_db, {self.kiosk.config.device})) == kiosk_fact_ids(self.kiosk)
            assert waiting(self.kiosk) == 0
            self.kiosk.close()

    run_state_machine_as_test(PushThroughFaults, settings=settings(
        max_examples=6, stateful_step_count=10, deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]))
    assert fact_tables()  # the machine ran over the generic fact tables
