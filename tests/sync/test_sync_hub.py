"""Sync against a real hub process on loopback over the real PostgreSQL: nothing lost, nothing doubled."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter

import httpx
import pytest

from kiosk.sync.client import SyncFailure
from tests.sync.conftest import ROOT, HubProcess, enrolled_kiosk, free_port, make_kiosk, enrolment_code
from tests.sync.helpers import hub_fact_ids, kiosk_fact_ids, waiting, write_board_views_bulk, write_facts

pytestmark = pytest.mark.postgres


def assert_hub_equals_union(hub_db, *kiosks) -> None:
    expected = set().union(*(kiosk_fact_ids(k) for k in kiosks))
    on_hub = hub_fact_ids(hub_db, {k.config.device for k in kiosks})
    assert not [item for item, n in Counter(on_hub).items() if n > 1], "a fact is doubled on the hub"
    assert set(on_hub) == expected
    for kiosk in kiosks:
        assert waiting(kiosk) == 0


def test_two_kiosks_push_overlapping_and_repeated_batches(tmp_path, content_dir, hub, hub_db) -> None:
    a = enrolled_kiosk(tmp_path, "a", content_dir, hub, hub_db, sync_batch_rows=7)
    b = enrolled_kiosk(tmp_path, "b", content_dir, hub, hub_db, sync_batch_rows=5)
    write_facts(a, 30)
    write_facts(b, 25)
    assert waiting(a) == 30 and waiting(b) == 25
    # A batch of a's sent by hand first (as if its reply had been lost), then again inside the push.
    from kiosk.sync.outbox import next_batch

    with a.db.transaction() as session:
        early = next_batch(session, max_rows=12, max_bytes=10**6)
    client = a.sync._client()
    assert client.push(early.body())["inserted"] == 12
    # Committed before the reply was sent: an acknowledged fact is already on the hub.
    assert len(hub_fact_ids(hub_db, {a.config.device})) == 12
    assert client.push(early.body())["inserted"] == 0
    client.close()
    a.sync.push(max_batches=2)
    threads = [threading.Thread(target=k.sync.push) for k in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    a.sync.push()
    b.sync.push()
    assert_hub_equals_union(hub_db, a, b)
    write_facts(a, 3)
    assert waiting(a) == 3
    a.sync.push()
    assert_hub_equals_union(hub_db, a, b)


def test_hub_killed_mid_push_and_restarted(tmp_path, content_dir, hub_db, hub_db_url) -> None:
    own = HubProcess(hub_db_url, free_port()).start()
    try:
        kiosk = enrolled_kiosk(tmp_path, "k", content_dir, own, hub_db, sync_batch_rows=20)
        write_board_views_bulk(kiosk, 1500)
        failures: list[BaseException] = []

        def push() -> None:
            try:
                kiosk.sync.push()
            except SyncFailure as exc:
                failures.append(exc)

        thread = threading.Thread(target=push)
        thread.start()
        deadline = time.monotonic() + 30
        while waiting(kiosk) == 1500 and time.monotonic() < deadline:
            time.sleep(0.01)
        own.kill()
        thread.join(30)
        assert failures and failures[0].kind == "network", failures
        assert 0 < waiting(kiosk) < 1500
        assert "网络不通" in kiosk.sync.status()["last_error"]
        own.start()
        kiosk.sync.push()
        assert kiosk.sync.status()["last_error"] is None
        assert_hub_equals_union(hub_db, kiosk)
    finally:
        own.stop()


KILL_BETWEEN_SEND_AND_ACK = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from kiosk.config import load_config
    from kiosk.services import build_services
    from kiosk.sync.outbox import next_batch
    config = load_config(Path(sys.argv[1])).with_overrides(data_dir=sys.argv[2], content_dir=sys.argv[3], hall_id="test-hall")
    services = build_services(config)
    with services.db.transaction() as session:
        batch = next_batch(session, max_rows=40, max_bytes=10**6)
    services.sync._client().push(batch.body())
    os.kill(os.getpid(), signal.SIGKILL)  # the reply is in, the acknowledgement never written
""")


def test_kiosk_killed_between_send_and_ack_resends(tmp_path, content_dir, hub, hub_db) -> None:
    kiosk = enrolled_kiosk(tmp_path, "k", content_dir, hub, hub_db)
    write_facts(kiosk, 60)
    kiosk.close()
    child = subprocess.run([sys.executable, "-c", KILL_BETWEEN_SEND_AND_ACK, str(tmp_path / "k.toml"),
                            str(tmp_path / "k"), str(content_dir)], cwd=ROOT, capture_output=True, timeout=60)
    assert child.returncode == -9, child.stderr.decode()
    kiosk = make_kiosk(tmp_path, "k", content_dir)
    assert waiting(kiosk) == 60  # sent, but not acknowledged: still waiting
    assert len(hub_fact_ids(hub_db, {kiosk.config.device})) == 40
    result = kiosk.sync.push()
    assert result.sent == 60 and result.inserted == 20
    assert_hub_equals_union(hub_db, kiosk)


def test_refusals_write_nothing(tmp_path, content_dir, hub, hub_db) -> None:
    kiosk = enrolled_kiosk(tmp_path, "k", content_dir, hub, hub_db)
    other = make_kiosk(tmp_path, "other", content_dir, hall="hall-b")
    other.sync.enrol(hub.url, enrolment_code(hub_db, "hall-b"))
    write_facts(kiosk, 10)
    from kiosk.sync.outbox import next_batch

    with kiosk.db.transaction() as session:
        body = next_batch(session, max_rows=100, max_bytes=10**6).body()
    token = kiosk.sync.token_path.read_text()
    url = f"{hub.url}/api/sync/push"
    headers = {"content-type": "application/json"}

    def count() -> int:
        return len(hub_fact_ids(hub_db, {kiosk.config.device, other.config.device}))

    assert httpx.post(url, content=body, headers=headers).status_code == 401
    assert httpx.post(url, content=body, headers={**headers, "Authorization": "Bearer nope"}).status_code == 401
    other_token = other.sync.token_path.read_text()
    assert httpx.post(url, content=body, headers={**headers, "Authorization": f"Bearer {other_token}"}).status_code == 403
    facts = json.loads(body)["facts"]
    name = next(iter(facts))
    forged = {name: [dict(facts[name][0], device_id="someone-else")]}
    auth = {**headers, "Authorization": f"Bearer {token}"}
    assert httpx.post(url, content=json.dumps({"facts": forged}), headers=auth).status_code == 403
    mixed = {name: [*facts[name], dict(facts[name][0], recorded_at="not a time")]}
    assert httpx.post(url, content=json.dumps({"facts": mixed}), headers=auth).status_code == 422
    assert httpx.post(url, content=b"{not json", headers=auth).status_code == 422
    assert httpx.post(url, content=json.dumps({"facts": {"no_such_table": []}}), headers=auth).status_code == 422
    big = b'{"facts": {"board_views": [' + b"0," * (25 * 1024 * 1024) + b"0]}}"
    assert httpx.post(url, content=big, headers=auth, timeout=60).status_code == 413
    assert count() == 0
    # A revoked device is refused too.
    with hub_db.transaction() as session:
        from kiosk.hub.district import revoke_device

        revoke_device(session, kiosk.config.device, kiosk.clock.now())
    assert httpx.post(url, content=body, headers=auth).status_code == 401
    with pytest.raises(SyncFailure) as refused:
        kiosk.sync.push()
    assert refused.value.kind == "token" and "令牌无效" in kiosk.sync.status()["last_error"]
    assert count() == 0 and waiting(kiosk) == 10
