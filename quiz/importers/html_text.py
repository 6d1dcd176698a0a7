"""GIFT's ``[html]`` text to the plain text a kiosk shows.

Line breaks survive (``<br>``, and ``<p>``/``<div>``/``<li>``… end a line), comments are dropped
whole (``<!-- … -->`` never leaks into a stem), entities are decoded, and anything the kiosk
cannot show — pictures, sound, video, embedded frames, links — is dropped and *named*, so the
importer can warn staff with the line instead of silently losing part of a question.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote",
                     "ul", "ol", "table", "section", "article", "header", "footer", "dd", "dt"})
_MEDIA = {"img": "图片", "audio": "音频", "video": "视频", "iframe": "嵌入内容", "object": "嵌入内容",
          "embed": "嵌入内容", "a": "链接"}
_SKIP_CONTENT = frozenset({"script", "style"})
_SPACES = re.compile(r"[ \t\r\f\v\n]+")


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropped: list[str] = []
        self._pre = 0
        self._skip = 0

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self._newline()
            self._pre += tag == "pre"
        elif tag in _SKIP_CONTENT:
            self._skip += 1
        if tag in _MEDIA:
            found = dict(attrs)
            target = found.get("src") or found.get("href") or found.get("data") or ""
            self.dropped.append(f"{_MEDIA[tag]}{f'（{target}）' if target else ''}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._pre -= tag == "pre" and self._pre > 0
            self._newline()
        elif tag in _SKIP_CONTENT and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.parts.append(data if self._pre else _SPACES.sub(" ", data))

    def handle_comment(self, data: str) -> None:
        return  # dropped whole


def html_to_text(text: str) -> tuple[str, list[str]]:
    """Plain text with its line breaks, and what was dropped (``["图片（a.png）"]``)."""
    converter = _Converter()
    converter.feed(text)
    converter.close()
    lines = [re.sub(" {2,}", " ", line).strip(" ") for line in "".join(converter.parts).split("\n")]
    return "\n".join(line for line in lines if line), converter.dropped
