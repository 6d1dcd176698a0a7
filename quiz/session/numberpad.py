"""The on-screen number pad's editing rule for 数值 answers (kept out of the UI so it is tested here).

Keys: ``0``–``9``, ``-`` (toggles the sign, whatever the cursor), ``.`` (at most one, ``0.`` when
typed first), ``del`` (the last character) and ``clear``. The text never grows past ``MAX_CHARS``.
"""

from __future__ import annotations

MAX_CHARS = 16
KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "-", "0", ".", "del", "clear")


def press(text: str, key: str) -> str:
    """The text after pressing ``key``; raises ValueError for a key the pad does not have."""
    if key not in KEYS:
        raise ValueError(f"数字键盘没有 {key!r} 键")
    if key == "clear":
        return ""
    if key == "del":
        return text[:-1]
    if key == "-":
        return text[1:] if text.startswith("-") else "-" + text
    if len(text.lstrip("-")) >= MAX_CHARS:
        return text
    digits = text.lstrip("-")
    sign = text[: len(text) - len(digits)]
    if key == ".":
        if "." in digits:
            return text
        return sign + (digits or "0") + "."
    if digits == "0":
        return sign + key  # no leading zeros: "0" then "7" is "7"
    return text + key
