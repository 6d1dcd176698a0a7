"""The tables of the quiz zone (issue 4): stored banks, attempt and answer facts."""

from __future__ import annotations
