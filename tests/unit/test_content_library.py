"""A kiosk keeps the last good content when the folder is broken, also across restarts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.exhibits.library import ContentLibrary, NoGoodContentError


def _break(content: Path) -> None:
    (content / "zones/01-zone1/zone.yaml").write_text("id: BAD ID\n", encoding="utf-8")


def test_broken_edit_keeps_current_content(content_dir: Path, tmp_path: Path) -> None:
    library = ContentLibrary(content_dir, tmp_path / "data")
    first = library.load()
    assert first.used_new and first.hall.zones[0].title == "第1展区"
    _break(content_dir)
    second = library.load()
    assert not second.used_new
    assert second.hall is first.hall
    assert second.report.problems


def test_restart_with_broken_content_uses_the_kept_copy(content_dir: Path, tmp_path: Path) -> None:
    ContentLibrary(content_dir, tmp_path / "data").load()
    _break(content_dir)
    restarted = ContentLibrary(content_dir, tmp_path / "data").load()
    assert not restarted.used_new
    assert restarted.hall.zones[0].title == "第1展区"
    assert restarted.hall.zones[0].cover.exists()


def test_first_start_with_broken_content_refuses(content_dir: Path, tmp_path: Path) -> None:
    _break(content_dir)
    with pytest.raises(NoGoodContentError, match="内容检查未通过"):
        ContentLibrary(content_dir, tmp_path / "data").load()


def test_good_edit_replaces_the_kept_copy(content_dir: Path, tmp_path: Path) -> None:
    library = ContentLibrary(content_dir, tmp_path / "data")
    library.load()
    zone = content_dir / "zones/01-zone1/zone.yaml"
    zone.write_text(zone.read_text(encoding="utf-8").replace("第1展区\n", "改过的展区\n"), encoding="utf-8")
    assert library.load().hall.zones[0].title == "改过的展区"
    _break(content_dir)
    assert ContentLibrary(content_dir, tmp_path / "data").load().hall.zones[0].title == "改过的展区"
