"""Keeping the last good content: a kiosk never runs content that failed the check.

Every time a content folder passes the check it is copied to ``<data>/content-last-good``; when a
later edit breaks it, the kiosk keeps (or, after a restart, goes back to) that copy.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from kiosk.exhibits import prepared
from kiosk.exhibits.model import Hall
from kiosk.exhibits.report import ContentReport
from kiosk.theatre.model import Programme


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


class ContentLibrary:
    """The content a kiosk shows, with the last good copy kept under the data dir."""

    def __init__(self, source: Path, data_dir: Path) -> None:
        self.source = Path(source)
        self.data_dir = Path(data_dir)
        self.keep_dir = self.data_dir / "content-last-good"
        self.hall: Hall | None = None
        self.programme: Programme | None = None
        """The theatre's programme when the last load read a kept check (else None: the theatre
        reads ``hall.root`` itself)."""

    def load(self) -> LoadResult:
        """Check the source folder and switch to it if good; else keep the current or last good copy.

        Raises:
            NoGoodContentError: nothing good to show (first start with broken content).
        """
        try:
            fingerprint = prepared.content_fingerprint(self.source) if self.source.is_dir() else ""
        except OSError:  # an unreadable folder: the check reports it
            fingerprint = ""
        kept = prepared.load(self.data_dir, self.source, fingerprint) if fingerprint else None
        self.programme = kept.programme if kept is not None else None
        report = kept.report if kept is not None else None
        if report is None:
            from kiosk.exhibits.loader import check_content

            report = check_content(self.source)  # never raises: a hostile folder is a report of problems
            if fingerprint:
                prepared.save(self.data_dir, self.source, report, fingerprint)
        if report.ok and report.hall is not None:
            try:
                self._keep(fingerprint)
            except Exception as exc:  # noqa: BLE001 - e.g. a full disk: the new content is still good to show
                log.warning("could not keep a copy of the content in %s", self.keep_dir, exc_info=exc)
            self.hall = report.hall
            return LoadResult(report.hall, report, True)
        if self.hall is None:
            from kiosk.exhibits.loader import check_content

            last_good = check_content(self.keep_dir) if (self.keep_dir / "hall.yaml").is_file() else None
            if last_good is None or last_good.hall is None:
                raise NoGoodContentError(report)
            self.hall = last_good.hall
        return LoadResult(self.hall, report, False)

    def _keep(self, fingerprint: str) -> None:
        stamp = self.keep_dir / ".fingerprint"
        if stamp.exists() and stamp.read_text() == fingerprint:
            return
        staging = self.keep_dir.with_name(self.keep_dir.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(self.source, staging, symlinks=True)  # links stay links: a loop cannot recurse
        (staging / ".fingerprint").write_text(fingerprint)
        shutil.rmtree(self.keep_dir, ignore_errors=True)
        staging.rename(self.keep_dir)
