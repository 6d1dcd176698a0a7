"""A kiosk's role: which screen a visitor starts on and which areas a visitor can reach from it.

A check-in kiosk at the entrance shows check-in and the hall's map (the home screen lists the
three areas); a quiz touchscreen shows the quiz zone and nothing else; ``all`` is the whole hall.
Staff reach everything behind the PIN whatever the role (the staff screens are never limited).
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("all", "exhibition", "quiz", "checkin", "theatre")
AREAS = frozenset({"exhibition", "quiz", "theatre", "checkin"})
SCREEN_AREAS: dict[str, str] = {
    "zones": "exhibition", "board": "exhibition",
    "quiz_home": "quiz", "quiz_categories": "quiz", "quiz_question": "quiz", "quiz_result": "quiz",
    "quiz_leaders": "quiz",
    "checkin": "checkin", "checkin_result": "checkin", "walkin": "checkin",
    "area": "theatre",
}
"""Visitor screens that belong to one area; any other screen (attract, home, closed, the staff
screens and contest screens opened from the console) is not limited by the role."""


@dataclass(frozen=True)
class RolePlan:
    role: str
    start_screen: str
    """Where a touch on the attract loop (or the end of a visit's first step) goes."""
    areas: frozenset[str]
    """Areas a visitor can open; the home screen shows only these."""
    home_reachable: bool
    """Whether a visitor can get to the home screen (the hall's map) at all."""

    def reachable(self, screen: str, *, staff: bool = False) -> bool:
        """Whether ``screen`` may be shown to a visitor on this kiosk (staff: always)."""
        if staff:
            return True
        if screen == "home":
            return self.home_reachable
        area = SCREEN_AREAS.get(screen)
        return area is None or area in self.areas


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
        return RolePlan(role, "checkin", frozenset({"checkin"}), True)
    if role == "theatre":
        return RolePlan(role, "area", frozenset({"theatre"}), False)
    raise RoleError(f"未知的终端角色 {role!r}（可用：{', '.join(ROLES)}）")
