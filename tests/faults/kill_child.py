"""A child process the kill tests SIGKILL at a chosen point: ``python -m tests.faults.kill_child MODE ...``.

``migrate URL N``: open the database as every start does and kill itself just before its N-th SQL
statement (N = 0: never; prints the number of statements it ran). Killing at a statement boundary
makes "every point of the first start" countable and each try repeatable.
"""

from __future__ import annotations

import os
import signal
import sys

from sqlalchemy import event

from kiosk.store import db as store_db


def _kill_at(engine, n: int) -> list[int]:
    count = [0]

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_args: object) -> None:
        count[0] += 1
        if count[0] == n:
            os.kill(os.getpid(), signal.SIGKILL)

    return count


def main() -> None:
    mode, url, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "migrate":
        engine = store_db.create_db_engine(url)
        count = _kill_at(engine, n)
        store_db.migrate(engine)
        print(count[0])
        return
    if mode == "import":  # import_bank URL N CSV: a staff import killed before its N-th statement
        from datetime import UTC, datetime
        from pathlib import Path

        from kiosk.quizzone import banks

        db = store_db.open_database(url)
        count = _kill_at(db.engine, n)
        banks.import_file(db, Path(sys.argv[4]), "题库", origin=banks.ORIGIN_STAFF, now=datetime.now(UTC))
        print(count[0])
        return
    if mode == "burst":  # burst CONFIG _ CODES: scan every code, print each acknowledged check-in id
        from pathlib import Path

        from kiosk.config import load_config
        from kiosk.services import build_services

        services = build_services(load_config(Path(url)))
        for code in Path(sys.argv[4]).read_text().split():
            result = services.visits.scan(code)
            if result.accepted:
                print(result.checkin_id, flush=True)
        return
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
