"""A screen change is over in the call (kiosk.ui.transition): one screen drawn in the next frame,
and the same enter/leave events as Kivy's NoTransition, to the right screens."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ui


def _manager_with(names: list[str], events: list[str]) -> object:
    from kivy.uix.screenmanager import Screen, ScreenManager

    from kiosk.ui.transition import InstantTransition

    manager = ScreenManager(transition=InstantTransition())
    for name in names:
        screen = Screen(name=name)
        for kind in ("on_pre_enter", "on_enter", "on_pre_leave", "on_leave"):
            screen.bind(**{kind: lambda s, kind=kind: events.append(f"{s.name}.{kind[3:]}")})
        manager.add_widget(screen)
    return manager


def test_the_old_screen_is_gone_when_the_change_returns() -> None:
    events: list[str] = []
    manager = _manager_with(["a", "b"], events)
    events.clear()
    manager.current = "b"  # type: ignore[attr-defined]
    assert manager.children == [manager.get_screen("b")]  # type: ignore[attr-defined]
    assert events == ["b.pre_enter", "a.pre_leave", "b.enter", "a.leave"]
    assert not manager.transition.is_active  # type: ignore[attr-defined]


def test_a_screen_that_moves_on_as_it_enters_leaves_the_last_one_on_show() -> None:
    events: list[str] = []
    manager = _manager_with(["a", "b", "c"], events)
    manager.get_screen("b").bind(on_enter=lambda _s: setattr(manager, "current", "c"))  # type: ignore[attr-defined]
    events.clear()
    manager.current = "b"  # type: ignore[attr-defined]
    assert manager.children == [manager.get_screen("c")]  # type: ignore[attr-defined]
    assert events.count("a.leave") == 1 and events.count("b.leave") == 1 and "c.enter" in events
