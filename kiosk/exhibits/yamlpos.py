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


MAX_NODES = 20_000
"""More values than any hall.yaml, zone.yaml or board header needs; a bound on the work per file."""


def _refuse_aliases(text: str, line_offset: int) -> None:
    """Content never needs YAML anchors and aliases (``&x`` / ``*x``); refusing them up front makes
    self-references (``id: &x [*x]``: endless recursion) and alias bombs (billions of copies
    from a few lines) a problem at their line instead of a crash or a hang."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlError("不支持 YAML 的锚点和别名（& 与 *）：请直接写出每个值",
                            event.start_mark.line + 1 + line_offset)


def load_with_lines(text: str, line_offset: int = 0) -> tuple[Any, dict[Path_, int]]:
    """Parse ``text`` and return (data, {path: line}); ``line_offset`` shifts the reported lines."""
    try:
        _refuse_aliases(text, line_offset)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1 if mark else 1) + line_offset
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlError(f"YAML 格式错误：{problem}", line) from exc
    lines: dict[Path_, int] = {}
    if node is None:
        return None, lines
    try:
        return _build(node, (), lines, line_offset), lines
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise YamlError(f"YAML 中有无法识别的值：{getattr(exc, 'problem', None) or exc}",
                        (mark.line + 1 if mark else 1) + line_offset) from exc
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date like 2026-13-45
        if isinstance(exc, YamlError):
            raise
        raise YamlError(f"YAML 中有无法识别的值：{exc}", 1 + line_offset) from exc


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int], offset: int) -> Any:
    if len(lines) > MAX_NODES or len(path) > 50:
        raise YamlError(f"内容太多或嵌套太深（超过 {MAX_NODES} 个值或 50 层）", node.start_mark.line + 1 + offset)
    lines[path] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if not isinstance(key, str):
                raise YamlError("键应是文字", key_node.start_mark.line + 1 + offset)
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
