"""Finding an organisation by typing pinyin initials, full pinyin or part of its Chinese name.

Desk staff look groups up on a touchscreen where typing Chinese is slow, so
"ZGC" must find 中关村…, "DZB" …党支部, and "zhongguancun" or "关村" the same.
Names are indexed once (pypinyin is slow per call) and queries are matched
against precomputed keys.

Polyphonic characters (行 xing/hang, 重 zhong/chong) are why initials are
matched as sets per character: the phrase-aware reading pypinyin picks plus
every other reading of the character, so either initial finds the name
(prefix and substring matches). Full pinyin and the loose subsequence match
use the phrase-aware reading only, or nearly any query would match.

Ranking, best first: exact name; name prefix; initials prefix; full-pinyin
prefix; name substring; initials substring; full-pinyin substring; initials
as a subsequence (Z…G…B: 中关村…支部). Within a kind, an earlier match (or a
tighter subsequence) wins, then the shorter name, then input order.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

# pypinyin is imported where it is used: loading its phrase dictionary takes half a second, which a
# kiosk's start-up should not pay before anyone searches for an organisation.

MAX_QUERY_CHARS = 64


class MatchKind(IntEnum):
    """How a name matched; lower is better."""

    EXACT = 0
    NAME_PREFIX = 1
    INITIALS_PREFIX = 2
    PINYIN_PREFIX = 3
    NAME_SUBSTRING = 4
    INITIALS_SUBSTRING = 5
    PINYIN_SUBSTRING = 6
    INITIALS_SUBSEQUENCE = 7


@dataclass(frozen=True)
class SearchHit:
    """One matching name and why it matched."""

    name: str
    kind: MatchKind


@dataclass(frozen=True)
class _Entry:
    name: str
    order: int
    folded: str  # the name, NFKC-normalised and case-folded, without spaces
    initials: tuple[frozenset[str], ...]  # per searchable character: every possible initial
    main_initials: str  # per searchable character: the initial of the phrase-aware reading
    full: str  # phrase-aware full pinyin (and letters/digits), no separators


def normalise(text: str) -> str:
    """NFKC (full-width ＺＧＢ to ZGB), case-folded, without spaces or apostrophes (xi'an)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "'’")


def _is_han(char: str) -> bool:
    return "CJK" in unicodedata.name(char, "")


def _split(chunk: str) -> Any:  # pypinyin accepts a list here; its stubs say str
    """pypinyin's ``errors`` hook: keep non-Chinese text one character per item."""
    return list(chunk)


def _readings(text: str) -> list[str]:
    """Per character, the phrase-aware reading (pypinyin sees the whole string, so 银行
    reads yin hang and 重庆 chong qing); non-Chinese characters come back as themselves."""
    from pypinyin import lazy_pinyin

    default = lazy_pinyin(text, errors=_split)
    if len(default) == len(text):
        return default
    # pypinyin grouped characters differently: fall back to one character at a time
    return [lazy_pinyin(c, errors=_split)[0] for c in text]


@functools.lru_cache(maxsize=8192)
def _char_initials(char: str) -> frozenset[str]:
    """Every initial any reading of a character has (重: z and c). Characters repeat
    across names, so this is cached."""
    from pypinyin import Style, pinyin

    readings = pinyin(char, style=Style.NORMAL, heteronym=True, errors=_split)[0]
    return frozenset(r[0].casefold() for r in readings if r and r[0].isascii() and r[0].isalpha())


def _index(name: str, order: int) -> _Entry:
    text = unicodedata.normalize("NFKC", name)
    initials: list[frozenset[str]] = []
    main: list[str] = []
    full: list[str] = []
    for char, reading in zip(text, _readings(text), strict=True):
        if _is_han(char):
            reading = reading.casefold()
            first = reading[:1] if reading[:1].isascii() and reading[:1].isalpha() else ""
            letters = _char_initials(char) | ({first} if first else set())
            if not letters:
                continue
            initials.append(frozenset(letters))
            main.append(first or min(letters))
            full.append(reading)
        elif char.isalnum():
            folded = char.casefold()
            initials.append(frozenset({folded}))
            main.append(folded)
            full.append(folded)
    return _Entry(
        name=name,
        order=order,
        folded=normalise(name),
        initials=tuple(initials),
        main_initials="".join(main),
        full="".join(full),
    )


def _initials_find(initials: Sequence[frozenset[str]], query: str) -> int:
    """The first position where query's letters match consecutive initials, or -1."""
    span = len(query)
    for start in range(len(initials) - span + 1):
        if all(q in initials[start + i] for i, q in enumerate(query)):
            return start
    return -1


def _subsequence_span(letters: str, query: str) -> tuple[int, int] | None:
    """(start, length) of the tightest window of letters holding query in order; earliest on ties."""
    best: tuple[int, int] | None = None
    for start, letter in enumerate(letters):
        if letter != query[0]:
            continue
        matched, index = 1, start + 1
        while matched < len(query) and index < len(letters):
            if letters[index] == query[matched]:
                matched += 1
            index += 1
        if matched < len(query):
            break  # no later start can complete the query either
        if best is None or index - start < best[1]:
            best = (start, index - start)
    return best


def _match(entry: _Entry, query: str) -> tuple[MatchKind, int] | None:
    """How entry matches query, and a tie-break (match position or span): lower is better."""
    if entry.folded == query:
        return MatchKind.EXACT, 0
    if entry.folded.startswith(query):
        return MatchKind.NAME_PREFIX, 0
    letters = query.isascii() and query.isalnum()
    at = _initials_find(entry.initials, query) if letters else -1
    if at == 0:
        return MatchKind.INITIALS_PREFIX, 0
    if letters and entry.full.startswith(query):
        return MatchKind.PINYIN_PREFIX, 0
    if query in entry.folded:
        return MatchKind.NAME_SUBSTRING, entry.folded.index(query)
    if at > 0:
        return MatchKind.INITIALS_SUBSTRING, at
    if letters and query in entry.full:
        return MatchKind.PINYIN_SUBSTRING, entry.full.index(query)
    if letters and len(query) >= 2:
        # Subsequences use the main reading only: with every reading of every
        # character almost any short query would match almost any name.
        span = _subsequence_span(entry.main_initials, query)
        if span is not None:
            return MatchKind.INITIALS_SUBSEQUENCE, span[0] * 1000 + span[1]
    return None


class PinyinIndex:
    """An index of organisation names searchable by pinyin initials, full pinyin or Chinese."""

    def __init__(self, names: Iterable[str]) -> None:
        unique = dict.fromkeys(n for n in names if n and n.strip())
        self._entries = [_index(name, order) for order, name in enumerate(unique)]

    def __len__(self) -> int:
        return len(self._entries)

    def search_hits(self, query: str, limit: int | None = 20) -> list[SearchHit]:
        """Matching names with how they matched, best first; [] for an empty query."""
        needle = normalise(query[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS]
        if not needle:
            return []
        ranked: list[tuple[MatchKind, int, int, int, str]] = []
        for entry in self._entries:
            found = _match(entry, needle)
            if found is not None:
                kind, tie = found
                ranked.append((kind, tie, len(entry.name), entry.order, entry.name))
        ranked.sort()
        hits = [SearchHit(name, kind) for kind, _, _, _, name in ranked]
        return hits if limit is None else hits[:limit]

    def search(self, query: str, limit: int | None = 20) -> list[str]:
        """Matching names, best first; [] for an empty query."""
        return [hit.name for hit in self.search_hits(query, limit)]
