"""`kiosk run` on broken content with no last good copy refuses to start, in Chinese, exit 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_run_with_broken_content_exits_with_the_problems(content_dir: Path, tmp_path: Path) -> None:
    (content_dir / "zones/01-zone1/zone.yaml").write_text("id: zone1\n", encoding="utf-8")
    # The test content's hall is test-hall: the config must name it too, or the hall-id check
    # (issue 9) refuses the start before the content is looked at.
    (tmp_path / "kiosk.toml").write_text('hall_id = "test-hall"\n', encoding="utf-8")
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path / "data"), "KIOSK_CONFIG": str(tmp_path / "kiosk.toml"),
           "KIVY_HOME": str(tmp_path / "kivy")}
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "run", "--windowed", "--content", str(content_dir)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 1
    assert "内容检查未通过，且没有可用的上一版内容" in result.stdout
    assert "zones/01-zone1/zone.yaml:1: 缺少必填项：标题 title" in result.stdout
    assert "Traceback" not in result.stderr
