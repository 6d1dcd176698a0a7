"""``kiosk … --help`` speaks Chinese like the rest of the CLI: click's own words (Usage, Options,
Commands, "Show this message and exit.", PATH, [default: …]) were English on a staff member's screen."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kiosk.cli import main

ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message and exit.", "[OPTIONS]", "COMMAND [ARGS]",
           " PATH", " TEXT", " INTEGER", "default:", "required]")


@pytest.mark.parametrize("args", [["--help"], ["stats", "export", "--help"], ["quiz", "--help"],
                                  ["sync", "enrol", "--help"], ["demo", "seed", "--help"]])
def test_help_has_no_english_words_of_click(args: list[str]) -> None:
    result = CliRunner().invoke(main, args, prog_name="kiosk")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("用法：kiosk")
    assert "显示本说明并退出。" in result.output
    leftover = [word for word in ENGLISH if word in result.output]
    assert leftover == [], result.output


def test_the_top_help_names_its_sections_in_chinese() -> None:
    output = CliRunner().invoke(main, ["--help"], prog_name="kiosk").output
    assert "\n选项：\n" in output and "\n命令：\n" in output
    assert "用法：kiosk [选项] 命令 [参数]..." in output


def test_a_usage_error_shows_the_same_usage_line_as_the_help_page() -> None:
    result = CliRunner().invoke(main, ["--bogus"], prog_name="kiosk")
    assert result.exit_code == 2
    assert "用法：kiosk [选项] 命令 [参数]..." in result.output
