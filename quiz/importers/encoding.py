"""Decoding text files the way they arrive from Chinese offices, and refusing mojibake.

Excel on a Chinese Windows saves "CSV" as GBK (GB18030 is its superset); newer Excel offers
"CSV UTF-8", which adds a BOM; editors save plain UTF-8. We try BOMs, then strict UTF-8 — bytes
that are valid UTF-8 are read as UTF-8, however "Chinese" another reading would look (a Spanish
"¿Qué?" must not become "驴Qu茅") — then strict GB18030 only for bytes that are not UTF-8. A file
that is partly UTF-8 and partly not is refused with the line. We never decode with
``errors="replace"``: a file that fits neither is
reported, not turned into ``锟斤拷``. We also recognise text that *was* misread earlier and
saved again (UTF-8 read as GBK: ``棰樺共``; UTF-8 read as Latin-1: ``é¢˜å¹²``; GBK read as
Latin-1: ``ÌâÄ¿``), which decodes cleanly but is garbage.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


class DecodeFailure(Exception):
    """The bytes are not text we can read safely; ``message`` is for staff, ``line`` if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _cjk_count(text: str) -> int:
    return sum(1 for ch in text if _is_cjk(ch))


_SAMPLE_CHARS = 5000
_COMMON_SYMBOLS = frozenset("·×÷°—–…‘’“”√✓✗※±€")


def common_share(text: str) -> float:
    """Share of the non-ASCII characters that are everyday Chinese: GB2312 level-1 hanzi (the
    3,755 most used) or GB2312's punctuation, digits and full-width forms (rows 1–3). Real
    Chinese text scores near 1; any wrong decoding of it scores low."""
    seen = common = 0
    for ch in text:
        if ord(ch) < 0x80 or ch == "\ufffd" or ch.isspace():
            continue
        seen += 1
        if ch in _COMMON_SYMBOLS:
            common += 1
            continue
        try:
            lead = ch.encode("gb2312")[0]
        except UnicodeEncodeError:
            lead = 0
        if 0xA1 <= lead <= 0xA3 or 0xB0 <= lead <= 0xD7:
            common += 1
        if seen >= _SAMPLE_CHARS:
            break
    return common / seen if seen else 0.0


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def decode_bytes(data: bytes) -> Decoded:
    """Decode a text file; raises DecodeFailure rather than guess."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DecodeFailure("文件开头标明是 UTF-8，但内容中有不是 UTF-8 的字节",
                                _line_of(data, exc.start + 3)) from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeFailure("文件开头标明是 UTF-16，但内容无法按 UTF-16 读取") from exc
    try:
        return Decoded(data.decode("utf-8"), "utf-8")  # valid UTF-8 is UTF-8, full stop
    except UnicodeDecodeError as utf8_error:
        mixed = _mixed_lines(data)
        if mixed is not None:
            utf8_line, other_line = mixed
            raise DecodeFailure(
                f"文件中混用了两种编码：第 {utf8_line} 行是 UTF-8，第 {other_line} 行却是 GBK。"
                "请在一个程序里打开整个文件，用“另存为 → CSV UTF-8”重新保存",
                other_line,
            ) from utf8_error
        try:
            return Decoded(data.decode("gb18030"), "gb18030")
        except UnicodeDecodeError as gbk_error:
            line = _line_of(data, max(utf8_error.start, gbk_error.start))
            raise DecodeFailure(
                "无法识别文件编码：既不是 UTF-8，也不是 GBK/GB18030。"
                "请在 Excel 中用“另存为 → CSV UTF-8（逗号分隔）”重新保存",
                line,
            ) from gbk_error


def _mixed_lines(data: bytes) -> tuple[int, int] | None:
    """(a UTF-8 line, a GBK line) when the file has both: non-ASCII lines that are valid UTF-8,
    and lines that are not UTF-8 but read as everyday Chinese in GBK (pasted from another file).
    A UTF-8 file that was misread and saved as GBK is not "mixed": its bad lines read as
    mojibake in GBK too, and are reported as such."""
    utf8_line = gbk_line = None
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            try:
                reading = line.decode("gb18030")
            except UnicodeDecodeError:
                return None
            if gbk_line is None and common_share(reading) >= 0.9:
                gbk_line = number
        else:
            utf8_line = utf8_line or number
        if utf8_line is not None and gbk_line is not None:
            return utf8_line, gbk_line
    return None


def _latin_bytes(text: str) -> bytes | None:
    """The bytes a Latin-1/Windows-1252 reading turned into ``text`` (None if impossible)."""
    out = bytearray()
    for ch in text:
        if ord(ch) < 0x100:
            out.append(ord(ch))
            continue
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            return None
    return bytes(out)


def _undo_gbk_reading(text: str) -> str | None:
    """UTF-8 bytes once read as GBK (棰樺共 for 题干)."""
    return text.encode("gb18030").decode("utf-8", errors="replace")


def _undo_latin_reading(text: str) -> str | None:
    """UTF-8 bytes once read as Latin-1/Windows-1252 (é¢˜å¹² for 题干)."""
    raw = _latin_bytes(text)
    return raw.decode("utf-8", errors="replace") if raw is not None else None


def _undo_latin_reading_of_gbk(text: str) -> str | None:
    """GBK bytes once read as Latin-1 (ÌâÄ¿ for 题目)."""
    if _cjk_count(text) or sum(1 for ch in text if ord(ch) > 0x7F) * 4 < sum(1 for ch in text if not ch.isspace()):
        return None  # real Chinese present, or mostly ASCII with a few accents (French, say)
    raw = _latin_bytes(text)
    return raw.decode("gb18030", errors="replace") if raw is not None else None


REPAIRS: tuple[tuple[Callable[[str], str | None], str], ...] = (
    (_undo_gbk_reading, "UTF-8 文件曾被当作 GBK 打开后又保存"),
    (_undo_latin_reading, "UTF-8 文件曾被当作西文编码打开后又保存"),
    (_undo_latin_reading_of_gbk, "GBK 文件曾被当作西文编码打开后又保存"),
)


def _plausible(fixed: str, original: str) -> bool:
    """A repair is believed when it yields everyday Chinese with few undecodable bytes, and
    reads as more everyday Chinese than the text it repairs (real Chinese put through the
    same repair turns into undecodable bytes and rare characters)."""
    cjk = _cjk_count(fixed)
    lost = fixed.count("\ufffd") - original.count("\ufffd")
    return (cjk >= 2 and cjk >= 2 * max(lost, 0)
            and common_share(fixed) >= 0.6 and common_share(fixed) > common_share(original) + 0.2)


def repair_mojibake(text: str) -> tuple[str, str] | None:
    """If ``text`` is a known kind of mojibake, the repaired text and a Chinese explanation."""
    if sum(1 for ch in text if ord(ch) > 0x7F) < 4:
        return None
    for repair, how in REPAIRS:
        fixed = repair(text)
        if fixed is not None and fixed != text and _plausible(fixed, text):
            return fixed, how
    return None


def mojibake_advice(how: str, sample: str) -> str:
    return f"文件内容是乱码（{how}，原文应是“{sample[:20]}”…）。请从原始文件重新导出，不要用记事本或其他程序转存"


def mojibake_message(text: str) -> str | None:
    """The problem to report when ``text`` is mojibake, else None."""
    repaired = repair_mojibake(text)
    if repaired is None:
        return None
    fixed, how = repaired
    sample = next((line.strip() for line in fixed.splitlines() if _cjk_count(line) >= 2), fixed)
    return mojibake_advice(how, sample)
