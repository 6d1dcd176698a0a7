"""Masking personal data for every view except a booking's own staff view (PIPL: least exposure).

Lists, the kiosk's staff screen and exports show ``张**`` and ``138****5678``: enough for desk
staff to recognise a contact, not enough to copy a phone number off a screen or a spreadsheet.
"""

from __future__ import annotations


def mask_phone(phone: str | None) -> str:
    """``13812345678`` -> ``138****5678``; shorter numbers keep at most their last two digits."""
    if not phone:
        return ""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) >= 3:
        return "*" * (len(digits) - 2) + digits[-2:]
    return "*" * len(digits)


def mask_name(name: str | None) -> str:
    """``张三丰`` -> ``张**``: the first character (the family name, usually) and a star for each other."""
    if not name:
        return ""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1)


def mask_contact(name: str | None, phone: str | None) -> str:
    """Name and phone, both masked, joined for one line of a list; "" when both are gone (purged)."""
    return " ".join(part for part in (mask_name(name), mask_phone(phone)) if part)
