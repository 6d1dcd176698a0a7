"""The presenter remote as one table: key name → host action.

Common USB clickers are keyboards that send PageDown / PageUp (or Right / Left) for the two big
buttons, B or "." for "black screen", F5 (sometimes Shift+F5) for "start slideshow" and Esc.
Key names are Kivy's (``Keyboard.keycodes``: "pagedown", "right", "b", ".", "f5", "escape").
Staff with another remote set ``theatre_keys`` in kiosk.toml, e.g. ``"n=next, p=previous"``;
the pairs named there replace those keys' actions and every other key keeps its default.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class Action(StrEnum):
    NEXT = "next"
    """Next phrase / slide / option; in a film: jump forward."""
    PREVIOUS = "previous"
    """Back one phrase / slide / option; in a film: jump back."""
    PAUSE = "pause"
    """Film: pause or resume; lecture: black screen; guided ceremony: hold the timing."""
    START = "start"
    """Signage: start the chosen item; audience choice: confirm; film: pause or resume."""
    STOP = "stop"
    """End the item now (stopped early) and go back to the signage; cancel a choice."""
    VOLUME_UP = "volume_up"
    VOLUME_DOWN = "volume_down"


DEFAULT_KEYS: Mapping[str, Action] = {
    "pagedown": Action.NEXT,
    "right": Action.NEXT,
    "pageup": Action.PREVIOUS,
    "left": Action.PREVIOUS,
    "b": Action.PAUSE,
    ".": Action.PAUSE,
    "f5": Action.START,
    "escape": Action.STOP,
    "up": Action.VOLUME_UP,
    "down": Action.VOLUME_DOWN,
}


class KeymapError(ValueError):
    """``theatre_keys`` cannot be read (message in Chinese)."""


def parse_keymap(text: str, base: Mapping[str, Action] = DEFAULT_KEYS) -> dict[str, Action]:
    """``base`` with the pairs in ``text`` ("key=action, key=action"; "key=" unbinds a key)."""
    keys = dict(base)
    for pair in filter(None, (p.strip() for p in text.replace("，", ",").split(","))):
        if "=" not in pair:
            raise KeymapError(f"遥控器按键设置应写成“按键=动作”：{pair!r}")
        key, action = (part.strip().lower() for part in pair.split("=", 1))
        if not key:
            raise KeymapError(f"遥控器按键设置缺少按键名：{pair!r}")
        if not action:
            keys.pop(key, None)
            continue
        try:
            keys[key] = Action(action)
        except ValueError:
            names = "、".join(a.value for a in Action)
            raise KeymapError(f"未知的遥控器动作：{action!r}（可用：{names}）") from None
    return keys


class RemoteKeys:
    """Looks up what a key press means; modifiers are ignored (Shift+F5 is F5)."""

    def __init__(self, keys: Mapping[str, Action] = DEFAULT_KEYS) -> None:
        self._keys = dict(keys)

    @classmethod
    def from_setting(cls, text: str) -> RemoteKeys:
        return cls(parse_keymap(text))

    def action_for(self, key_name: str | None) -> Action | None:
        if not key_name:
            return None
        return self._keys.get(key_name.lower())

    def keys_for(self, action: Action) -> list[str]:
        return sorted(k for k, a in self._keys.items() if a is action)
