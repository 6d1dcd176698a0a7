"""``--help`` in Chinese: click's own words in the help pages (its usage errors are translated in
kiosk.cli_errors). Staff read "用法" and "选项", not "Usage" and "Options".

click builds every help page through ``Context.formatter_class``; :func:`install` sets that to
:class:`ChineseHelpFormatter` for the process, so every command, also ones added later, is covered.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import click
from click.formatting import wrap_text

HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
HELP_OPTION = {"Show this message and exit.": "显示本说明并退出。"}
METAVARS = {"INTEGER RANGE": "整数", "FLOAT RANGE": "数字", "INTEGER": "整数", "FLOAT": "数字", "TEXT": "文字",
            "PATH": "路径", "FILENAME": "文件", "FILE": "文件", "DIRECTORY": "文件夹", "UUID": "编号",
            "BOOLEAN": "是/否"}
_METAVAR = re.compile(r"\b(" + "|".join(sorted(METAVARS, key=len, reverse=True)) + r")\b")
_EXTRAS = re.compile(r"\s\s\[([^\[\]]*)\]$")


def _metavars(text: str) -> str:
    return _METAVAR.sub(lambda m: METAVARS[m.group(1)], text)


def usage_words(args: str) -> str:
    """A usage line's click words in Chinese (the help page's and a usage error's, kiosk.cli_errors)."""
    return _metavars(args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]..."))


def _extra(item: str) -> str:
    if item.startswith("default: "):
        return "默认：" + item[len("default: "):]
    if item.startswith("env var: "):
        return "环境变量：" + item[len("env var: "):]
    return "必填" if item == "required" else item


def _help_text(text: str) -> str:
    text = HELP_OPTION.get(text, text)
    return _EXTRAS.sub(lambda m: "  [" + "；".join(_extra(i) for i in m.group(1).split("; ")) + "]", text)


class ChineseHelpFormatter(click.HelpFormatter):
    """click's help formatter with its fixed words in Chinese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, usage_words(args), prefix="用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """click's two columns, aligned by display width (a Chinese character takes two columns;
        click counts characters, so a row with 路径 in it was pushed out of line)."""
        shown = [(_metavars(term), _help_text(text)) for term, text in rows]
        first = min(max((display_width(term) for term, _ in shown), default=0), col_max)
        indent = " " * (first + col_spacing + self.current_indent)
        for term, text in shown:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not text:
                self.write("\n")
                continue
            if display_width(term) <= first:
                self.write(" " * (first - display_width(term) + col_spacing))
            else:
                self.write("\n" + indent)
            lines = wrap_text(text, max(self.width - first - 2, 10), preserve_paragraphs=True).splitlines()
            self.write((lines[0] if lines else "") + "\n")
            for line in lines[1:]:
                self.write(f"{indent}{line}\n")


def display_width(text: str) -> int:
    """Terminal columns of ``text``: two for a wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def install() -> None:
    """Every click context of this process formats its help with :class:`ChineseHelpFormatter`."""
    click.Context.formatter_class = ChineseHelpFormatter
