"""Names the reports take from the content folder: zone titles, and the feedback screen's tags.

Both are read straight from the YAML (no full content check): a report must work even when the
content folder has a problem, and then falls back to zone ids and the default tags.
"""

from __future__ import annotations

from pathlib import Path

import yaml

DEFAULT_TAGS: tuple[str, ...] = ("讲解清楚", "内容丰富", "设备好用", "形式新颖", "希望增加内容")
FEEDBACK_FILE = "feedback.yaml"


def zone_names(content_dir: Path | None) -> dict[str, str]:
    """``{zone id: title}`` from ``zones/*/zone.yaml``; empty when the folder cannot be read."""
    names: dict[str, str] = {}
    if content_dir is None:
        return names
    for path in sorted(Path(content_dir).glob("zones/*/zone.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and data.get("id") and data.get("title"):
            names[str(data["id"])] = str(data["title"])
    return names


def feedback_tags(content_dir: Path | None) -> tuple[str, ...]:
    """The tag buttons of 留言评价 from ``feedback.yaml`` (``tags: [...]``), else :data:`DEFAULT_TAGS`."""
    if content_dir is None:
        return DEFAULT_TAGS
    try:
        data = yaml.safe_load((Path(content_dir) / FEEDBACK_FILE).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return DEFAULT_TAGS
    tags = data.get("tags") if isinstance(data, dict) else None
    if not isinstance(tags, list):
        return DEFAULT_TAGS
    clean = tuple(dict.fromkeys(str(t).strip()[:20] for t in tags if str(t).strip()))
    return clean[:12] or DEFAULT_TAGS
