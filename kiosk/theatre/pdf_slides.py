"""A PDF lecture's pages rendered to PNG ahead of time (pdftoppm), never while the host waits.

Pages are cached under ``<cache>/<sha256 of the PDF>/``: a second start, or the same PDF in two
lectures, renders nothing. Rendering writes into a temporary folder that is renamed into place
only when pdftoppm succeeded, so a crash mid-render leaves no half set of slides behind.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from kiosk.theatre.model import Lecture

SLIDE_HEIGHT = 1080


class SlideRenderError(RuntimeError):
    """The PDF could not be rendered (message in Chinese)."""


def render_pdf(pdf: Path, cache_dir: Path, height: int = SLIDE_HEIGHT) -> tuple[Path, ...]:
    """The PNG pages of ``pdf`` (rendered once, then from the cache). Raises SlideRenderError."""
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()[:32]
    target = cache_dir / f"{digest}-{height}"
    if target.is_dir():
        pages = tuple(sorted(target.glob("*.png")))
        if pages:
            return pages
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise SlideRenderError("本机没有安装 pdftoppm（poppler-utils），无法显示 PDF 讲座")
    cache_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=cache_dir, prefix=".render-"))
    try:
        done = subprocess.run(
            [tool, "-png", "-scale-to-y", str(height), "-scale-to-x", "-1", str(pdf), str(work / "page")],
            capture_output=True, timeout=300, check=False,
        )
        rendered = sorted(work.glob("*.png"))
        if done.returncode != 0 or not rendered:
            raise SlideRenderError(f"PDF 无法打开（文件损坏？）：{pdf.name}")
        shutil.rmtree(target, ignore_errors=True)
        work.rename(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return tuple(sorted(target.glob("*.png")))


def prepare_lecture(lecture: Lecture, cache_dir: Path) -> Lecture:
    """The lecture with its slides ready: a PDF lecture gets its rendered pages, others as they are."""
    if lecture.pdf is None or lecture.slides:
        return lecture
    return dataclasses.replace(lecture, slides=render_pdf(lecture.pdf, cache_dir))
