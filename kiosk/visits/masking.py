"""Masking personal data for every view except a booking's own staff view (PIPL: least exposure).

Lists, the kiosk's staff screen and exports show ``张**`` and ``138****5678``: enough for desk
staff to recognise a contact, not enough to copy a phone number off a screen or a spreadsheet.
"""

from __future__ import annotations


MOBILE_DIGITS = 11
"""From this length on (a mobile, or a landline with its area code) the usual 3 + 4 form is shown."""


def mask_phone(phone: str | None) -> str:
    """``13812345678`` -> ``138****5678``; a shorter number shows only its last 2-4 digits.

    A local number (``62345678``) is nearly all there is to copy, so below 11 digits at least half
    of the digits and at least four are hidden (``****5678``, ``****567``); when that would leave
    fewer than two digits to recognise, everything is hidden.
    """
    if not phone:
        return ""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) >= MOBILE_DIGITS:
        return f"{digits[:3]}****{digits[-4:]}"
    shown = min(4, len(digits) - max(4, (len(digits) + 1) // 2))
    if shown < 2:
        return "*" * len(digits)
    return "*" * (len(digits) - shown) + digits[-shown:]


def mask_name(name: str | None) -> str:
    """``张三丰`` -> ``张**``: the first character (the family name, usually) and a star for each other."""
    if not name:
        return ""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1)


def mask_contact(name: str | None, phone: str | None) -> str:
    """Name and phone, both masked, joined for one line of a list; "" when both are gone (purged)."""
    return " ".join(part for part in (mask_name(name), mask_phone(phone)) if part)
