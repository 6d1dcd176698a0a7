"""The background sync: backoff doubles with jitter, a check-in nudges a round at once, the last
error is a sentence, and a round never raises."""

from __future__ import annotations

import random
import time

from kiosk.sync.background import BackgroundSync, backoff_delay
from tests.sync.conftest import make_kiosk
from tests.sync.helpers import write_facts

SEED_NOT_A_CHECKIN = next(s for s in range(100) if random.Random(s).randrange(3) != 2)


def test_backoff_doubles_is_capped_and_jittered() -> None:
    rng = random.Random(1)
    delays = [backoff_delay(n, rng, base=5, cap=300) for n in range(1, 9)]
    for n, delay in enumerate(delays, start=1):
        full = min(300, 5 * 2 ** (n - 1))
        assert full / 2 <= delay <= full
    assert len({round(backoff_delay(3, random.Random(s)), 6) for s in range(10)}) > 1  # jitter


def test_not_enrolled_round_is_quiet_and_unreachable_hub_is_a_sentence(tmp_path, content_dir) -> None:
    kiosk = make_kiosk(tmp_path, "k", content_dir)
    background = BackgroundSync(kiosk.sync, interval=0, rng=random.Random(0))
    assert background.run_once() is False and background.failures == 0
    # Enrolled with a hub that is not there: the round fails, backs off, and says why in Chinese.
    with kiosk.db.transaction() as session:
        from kiosk.sync.identity import sync_state

        sync_state(session).hub_url = "http://127.0.0.1:9"  # discard port: nothing listens
    kiosk.sync.token_path.parent.mkdir(parents=True, exist_ok=True)
    kiosk.sync.token_path.write_text("t")
    write_facts(kiosk, 2)
    assert background.run_once() is False
    assert background.failures == 1 and background.status()["last_error"].startswith("网络不通")
    assert background._delay() is not None and background._delay() <= 5
    kiosk.close()


def test_a_checkin_nudges_the_thread(tmp_path, content_dir) -> None:
    kiosk = make_kiosk(tmp_path, "k", content_dir)
    background = BackgroundSync(kiosk.sync, interval=0, rng=random.Random(0))  # 0: only when nudged
    background.watch_checkins(kiosk.db.engine)
    background.start()
    try:
        write_facts(kiosk, 1, random.Random(SEED_NOT_A_CHECKIN))  # a board view or staff event: no round
        time.sleep(0.2)
        rounds = background.rounds
        assert rounds == 0
        kiosk.visits.walk_in(kind="public", count=2)
        deadline = time.monotonic() + 10
        while background.rounds == rounds and time.monotonic() < deadline:
            time.sleep(0.02)
        assert background.rounds == rounds + 1
    finally:
        background.stop()
        kiosk.close()
