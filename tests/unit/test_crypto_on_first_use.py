"""An exhibition touchscreen never signs or checks a key, so it never loads cryptography's OpenSSL
binding (9 MB resident, issue 13): not at start, and not for a pull whose keyring is unchanged.
A pull that brings a new keyring still checks it before it is written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiosk.config import load_config
from kiosk.passes.keys import KEYRING_FILE, init_keys

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from pathlib import Path
from kiosk.config import load_config
from kiosk.services import build_services
config = load_config(Path(sys.argv[1])).with_overrides(data_dir=sys.argv[2], content_dir=sys.argv[3],
                                                      hall_id="test-hall", role="exhibition")
services = build_services(config)
services.content.load()
services.sync.write_keyring(Path(sys.argv[4]).read_text(encoding="utf-8"))
print("cryptography" in sys.modules, (config.keys_path / "keyring.txt").read_text(encoding="utf-8")
      == Path(sys.argv[4]).read_text(encoding="utf-8"))
"""


def _run(tmp_path: Path, content_dir: Path, keyring: Path) -> str:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    return subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "none.toml"), str(data), str(content_dir),
                           str(keyring)], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()


def test_a_start_and_an_unchanged_keyring_load_no_cryptography(content_dir: Path, tmp_path: Path) -> None:
    init_keys(tmp_path / "office")
    keyring = tmp_path / "office" / KEYRING_FILE
    keys_dir = load_config(tmp_path / "none.toml").with_overrides(data_dir=str(tmp_path / "data")).keys_path
    keys_dir.mkdir(parents=True, exist_ok=True)
    (keys_dir / KEYRING_FILE).write_text(keyring.read_text(encoding="utf-8"), encoding="utf-8")
    assert _run(tmp_path, content_dir, keyring) == "False True"
    init_keys(tmp_path / "other")  # a new keyring from the hub: checked (cryptography loaded), then written
    assert _run(tmp_path, content_dir, tmp_path / "other" / KEYRING_FILE) == "True True"
