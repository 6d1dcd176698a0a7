"""Stable question ids.

A question's id is a hash of what makes it *the same question* (its type, stem and options,
normalised), so that importing the same file twice, or a file re-exported from the kiosk,
maps every row onto the question already stored instead of creating a duplicate. The answer,
解析 and other metadata are deliberately left out: fixing a wrong key must not turn a question
into a new one (its statistics would be lost).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Sequence

ID_LENGTH = 16  # hex digits: 64 bits, far beyond any hall's bank size


def normalise_text(text: str) -> str:
    """Fold the differences staff do not see: full-width forms (NFKC) and runs of whitespace."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def question_id(type_value: str, stem: str, options: Sequence[str]) -> str:
    """Return the stable id of a question given its type value ("single", ...), stem and options."""
    payload = json.dumps(
        [type_value, normalise_text(stem), [normalise_text(o) for o in options]],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:ID_LENGTH]
