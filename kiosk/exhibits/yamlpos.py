"""YAML loading that remembers where each value came from, so problems point at a line.

PyYAML's composer keeps a start mark on every node; we build plain data from the nodes and a map
from the value's path (the same tuples pydantic reports as ``loc``) to its 1-based line.
"""

from __future__ import annotations

from typing import Any

import yaml

Path_ = tuple[str | int, ...]


class YamlError(ValueError):
    """The text is not valid YAML; ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def load_with_lines(text: str, line_offset: int = 0) -> tuple[Any, dict[Path_, int]]:
    """Parse ``text`` and return (data, {path: line}); ``line_offset`` shifts the reported lines."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1 if mark else 1) + line_offset
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlError(f"YAML 格式错误：{problem}", line) from exc
    lines: dict[Path_, int] = {}
    if node is None:
        return None, lines
    return _build(node, (), lines, line_offset), lines


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int], offset: int) -> Any:
    lines[path] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in result:
                raise YamlError(f"重复的键：{key}", key_node.start_mark.line + 1 + offset)
            lines[(*path, key)] = key_node.start_mark.line + 1 + offset
            result[key] = _build(value_node, (*path, key), lines, offset)
            # The key's own line is more useful than the value's for "unknown key" problems.
            lines[(*path, key)] = key_node.start_mark.line + 1 + offset
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), lines, offset) for i, item in enumerate(node.value)]
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def line_of(lines: dict[Path_, int], loc: Path_) -> int:
    """The line of ``loc`` or of its nearest ancestor that has one (a missing key: its parent)."""
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get((), 1)
