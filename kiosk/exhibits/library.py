"""Keeping the last good content: a kiosk never runs content that failed the check.

Every time a content folder passes the check it is copied to ``<data>/content-last-good``; when a
later edit breaks it, the kiosk keeps (or, after a restart, goes back to) that copy.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from kiosk.exhibits.loader import ContentReport, check_content
from kiosk.exhibits.model import Hall


class NoGoodContentError(RuntimeError):
    """Neither the content folder nor a last good copy passes the check."""

    def __init__(self, report: ContentReport) -> None:
        lines = "\n".join(str(p) for p in report.problems[:20])
        super().__init__(f"内容检查未通过，且没有可用的上一版内容：\n{lines}")
        self.report = report


@dataclass
class LoadResult:
    """What a (re)load did: the hall now in use, the report of the folder, and whether it was used."""

    hall: Hall
    report: ContentReport
    used_new: bool


log = logging.getLogger(__name__)


def _fingerprint(root: Path) -> str:
    # os.walk without following links: a link to a parent folder cannot make it endless.
    digest = hashlib.sha256()
    entries = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            stat = path.lstat()
            entries.append(f"{path.relative_to(root)}|{stat.st_size}|{stat.st_mtime_ns}\n")
    for entry in sorted(entries):
        digest.update(entry.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


class ContentLibrary:
    """The content a kiosk shows, with the last good copy kept under the data dir."""

    def __init__(self, source: Path, data_dir: Path) -> None:
        self.source = Path(source)
        self.keep_dir = Path(data_dir) / "content-last-good"
        self.hall: Hall | None = None

    def load(self) -> LoadResult:
        """Check the source folder and switch to it if good; else keep the current or last good copy.

        Raises:
            NoGoodContentError: nothing good to show (first start with broken content).
        """
        report = check_content(self.source)  # never raises: a hostile folder is a report of problems
        if report.ok and report.hall is not None:
            try:
                self._keep(report)
            except Exception as exc:  # noqa: BLE001 - e.g. a full disk: the new content is still good to show
                log.warning("could not keep a copy of the content in %s", self.keep_dir, exc_info=exc)
            self.hall = report.hall
            return LoadResult(report.hall, report, True)
        if self.hall is None:
            kept = check_content(self.keep_dir) if (self.keep_dir / "hall.yaml").is_file() else None
            if kept is None or kept.hall is None:
                raise NoGoodContentError(report)
            self.hall = kept.hall
        return LoadResult(self.hall, report, False)

    def _keep(self, report: ContentReport) -> None:
        stamp = self.keep_dir / ".fingerprint"
        fingerprint = _fingerprint(self.source)
        if stamp.exists() and stamp.read_text() == fingerprint:
            return
        staging = self.keep_dir.with_name(self.keep_dir.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(self.source, staging, symlinks=True)  # links stay links: a loop cannot recurse
        (staging / ".fingerprint").write_text(fingerprint)
        shutil.rmtree(self.keep_dir, ignore_errors=True)
        staging.rename(self.keep_dir)
