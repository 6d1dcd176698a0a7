"""The screen registry is the one list of screens: every screen file is in it, and every entry builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.ui import screen_registry
from kiosk.ui.screen_registry import SCREENS, Build, Idle

pytestmark = pytest.mark.ui
SCREENS_DIR = Path(screen_registry.__file__).parent / "screens"
NOT_SCREENS = {"base", "paper", "quiz_parts", "theatre_parts", "__init__"}
"""Modules in screens/ that hold shared parts, not a screen."""


def test_every_screen_module_is_declared_once_and_every_entry_imports_a_screen() -> None:
    from kiosk.ui.screens.base import VmScreen

    modules = {p.stem for p in SCREENS_DIR.glob("*.py")} - NOT_SCREENS
    declared = {s.widget.partition(":")[0].rsplit(".", 1)[1] for s in SCREENS}
    assert modules == declared
    for spec in SCREENS:
        assert issubclass(spec.widget_class(), VmScreen), spec.name


def test_rules_that_keep_staff_and_contests_safe() -> None:
    assert [s.name for s in SCREENS if s.idle is Idle.NONE] == ["attract", "closed"]  # closed: after hours
    assert screen_registry.built(Build.EAGER) == ("attract",)
    for spec in SCREENS:
        if spec.staff_only:
            assert not spec.accepts_scans and spec.build is Build.ON_FIRST_USE, spec.name
    assert not screen_registry.accepts_scans("contest_board") and not screen_registry.accepts_scans("pin")
    assert screen_registry.idle_on("contest_board") is Idle.HOLD


def test_the_view_models_screen_options_are_the_registry() -> None:
    from kiosk.ui.viewmodel import KioskViewModel

    assert KioskViewModel.screen.defaultvalue == "attract"
    prop = KioskViewModel.__dict__.get("screen") or KioskViewModel.screen
    assert list(prop.options) == list(screen_registry.NAMES)


def test_a_kiosk_builds_ahead_only_the_screens_its_role_reaches() -> None:
    """An exhibition touchscreen carried every quiz, check-in and theatre screen all day (about 300
    widgets and their textures' layouts) though no visitor there can open one."""
    from kiosk.visitor.roles import plan_for

    everything = screen_registry.built_ahead(plan_for("all").reachable)
    assert everything == screen_registry.built(Build.AFTER_FIRST_FRAME)
    exhibition = screen_registry.built_ahead(plan_for("exhibition").reachable)
    assert {"zones", "board", "home", "area", "feedback"} <= set(exhibition)
    assert not {s for s in exhibition if screen_registry.spec(s).area.value in {"quiz", "arrivals", "theatre"}}
    quiz = screen_registry.built_ahead(plan_for("quiz").reachable)
    assert "quiz_home" in quiz and "board" not in quiz and "checkin" not in quiz
