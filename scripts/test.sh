#!/usr/bin/env bash
# Set up and run every test: unit, UI (a real Kivy window on Xvfb) and PostgreSQL integration.
# Needs: root or sudo for apt packages, and a PostgreSQL server at $KIOSK_TEST_PG_URL
# (default postgresql+psycopg://postgres@127.0.0.1:5432/test, trust auth). Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev

export KIOSK_TEST_PG_URL=${KIOSK_TEST_PG_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}
.venv/bin/python - <<'PY' || exit 1
import os, sys
import sqlalchemy
url = os.environ["KIOSK_TEST_PG_URL"]
try:
    sqlalchemy.create_engine(url, connect_args={"connect_timeout": 5}).connect().close()
except Exception as exc:
    sys.exit(f"测试需要 PostgreSQL：无法连接 {url}。\n请启动 PostgreSQL（如 pg_ctlcluster 15 main start）或设置 KIOSK_TEST_PG_URL。\n{exc}")
PY

# Quiet, repeatable Kivy; audio to SDL's dummy device (a test machine has no sound card).
export KIVY_NO_ARGS=1 KIVY_NO_CONSOLELOG=1 SDL_AUDIODRIVER=dummy
# One pytest worker per core, at most 4 (pytest-xdist): each has its own Kivy window on the one Xvfb
# screen, its own PostgreSQL schemas and hub processes on free ports; a test file stays in one worker
# (its module fixtures, its window's state). KIOSK_TEST_WORKERS=0 runs everything in this process.
cores=$(nproc 2>/dev/null || echo 1)
workers=${KIOSK_TEST_WORKERS:-$(( cores > 4 ? 4 : cores ))}
exec xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python -m pytest -n "$workers" --dist loadfile --durations=15 "$@"
