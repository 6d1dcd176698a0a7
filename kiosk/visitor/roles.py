"""A kiosk's role: which screen a visitor starts on and which areas a visitor can reach from it.

A check-in kiosk at the entrance shows check-in and the hall's map (the home screen lists the
three areas); a quiz touchscreen shows the quiz zone and nothing else; ``all`` is the whole hall.
Staff reach everything behind the PIN whatever the role (the staff screens are never limited).
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("all", "exhibition", "quiz", "checkin", "theatre")
AREAS = frozenset({"exhibition", "quiz", "theatre", "arrivals"})
"""The visitor areas, named as ``kiosk.ui.screen_registry.Area`` names them (arrivals = check-in)."""


@dataclass(frozen=True)
class RolePlan:
    role: str
    start_screen: str
    """Where a touch on the attract loop (or the end of a visit's first step) goes."""
    areas: frozenset[str]
    """Areas a visitor can open; the home screen shows only these."""
    home_reachable: bool
    """Whether a visitor can get to the home screen (the hall's map) at all."""

    def reachable(self, area: str) -> bool:
        """Whether a visitor may enter ``area`` on this kiosk. Areas that are no visitor area
        (the start screens, staff) are never limited: staff reach everything behind the PIN."""
        return area not in AREAS or area in self.areas


class RoleError(ValueError):
    """An unknown role in the config (message in Chinese)."""


def plan_for(role: str) -> RolePlan:
    """The plan of one role.

    Raises:
        RoleError: ``role`` is not one of :data:`ROLES`.
    """
    if role == "all":
        return RolePlan(role, "home", AREAS, True)
    if role == "exhibition":
        return RolePlan(role, "zones", frozenset({"exhibition"}), False)
    if role == "quiz":
        return RolePlan(role, "quiz_home", frozenset({"quiz"}), False)
    if role == "checkin":
        return RolePlan(role, "checkin", frozenset({"arrivals"}), True)
    if role == "theatre":
        return RolePlan(role, "area", frozenset({"theatre"}), False)
    raise RoleError(f"未知的终端角色 {role!r}（可用：{', '.join(ROLES)}）")
