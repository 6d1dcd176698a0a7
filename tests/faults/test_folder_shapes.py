"""Hypothesis builds folder shapes on top of a good hall (files, folders, links, bytes in any place):
the check always answers with a report, and a kiosk showing good content keeps showing it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.exhibits.library import ContentLibrary
from tests.content_factory import make_content
from tests.faults.fault_helpers import SCALE, bounded

PLACES = ["hall.yaml", "zones", "zones/01-zone1", "zones/01-zone1/zone.yaml", "zones/01-zone1/boards",
          "zones/01-zone1/boards/01-board.md", "zones/01-zone1/boards/09-new.md", "zones/01-zone1/cover.png",
          "zones/01-zone1/images/pic.png", "zones/02-zone2/zone.yaml", "zones/03-extra"]
CONTENTS = st.sampled_from([b"", b"\xff\xfe\x00", b"---\n", b"---\nid: &a [*a]\n---\n", b"id: [\n", b"- - - -\n",
                            b"---\nid: x\ntitle: t\n---\n**\n", "---\nid: z\ntitle: 中文\n---\n正文\n".encode(),
                            b"\x89PNG\r\n\x1a\n", b"a: b: c", b"%YAML 9.9\n---\n"]) | st.binary(max_size=200)
ACTIONS = st.one_of(
    st.tuples(st.just("file"), st.sampled_from(PLACES), CONTENTS),
    st.tuples(st.just("dir"), st.sampled_from(PLACES), st.none()),
    st.tuples(st.just("link"), st.sampled_from(PLACES), st.sampled_from(["..", ".", "/", "/dev/zero", "gone",
                                                                          "hall.yaml", "../../..", "/etc/passwd"])),
    st.tuples(st.just("remove"), st.sampled_from(PLACES), st.none()),
)


def _apply(root: Path, actions: list) -> None:
    for kind, place, arg in actions:
        path = root / place
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if kind == "file":
                path.write_bytes(arg)
            elif kind == "dir":
                path.mkdir()
            elif kind == "link":
                os.symlink(arg, path)
        except OSError:
            pass  # a parent that is now a file: the shape is still a shape


def _reload_after(root: str, data: str, actions: list) -> tuple[bool, str]:
    library = ContentLibrary(Path(root), Path(data))
    library.load()
    _apply(Path(root), actions)
    result = library.load()
    return result.used_new, result.hall.name


@settings(max_examples=15 * SCALE, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.lists(ACTIONS, min_size=1, max_size=5))
def test_any_folder_shape_gives_a_report_and_keeps_the_last_good_hall(actions: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_content(Path(tmp) / "content", zones=2, boards=1)
        used_new, name = bounded(_reload_after, str(root), str(Path(tmp) / "data"), actions)
        assert name == "测试体验馆"
