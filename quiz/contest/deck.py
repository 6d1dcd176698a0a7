"""The contest's question supply: shuffled once, each question used at most once.

A 风险 stake asks for a question of matching difficulty (lowest stake → 易, middle → 中,
highest → 难, read from the 难度 text); when none is left at that level any question is used.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence

from quiz.model import Question

_LEVEL_WORDS: dict[str, int] = {}
for _level, _words in enumerate((
    ("易", "简单", "容易", "较易", "低", "初级", "1", "easy"),
    ("中", "中等", "一般", "适中", "中级", "2", "medium"),
    ("难", "较难", "困难", "很难", "高", "高级", "3", "hard"),
)):
    for _word in _words:
        _LEVEL_WORDS[_word] = _level


def difficulty_level(question: Question) -> int | None:
    """0 (易), 1 (中), 2 (难), or None when the 难度 text is empty or unknown."""
    key = unicodedata.normalize("NFKC", question.difficulty).strip().casefold()
    return _LEVEL_WORDS.get(key)


def stake_level(stake: int, stakes: Sequence[int]) -> int | None:
    ordered = sorted(set(stakes))
    if len(ordered) < 2 or stake not in ordered:
        return None
    return round(ordered.index(stake) * 2 / (len(ordered) - 1))


class QuestionDeck:
    def __init__(self, questions: Sequence[Question], rng: random.Random) -> None:
        self._pool = list(questions)
        rng.shuffle(self._pool)

    def __len__(self) -> int:
        return len(self._pool)

    def draw(self, level: int | None = None) -> Question | None:
        if not self._pool:
            return None
        if level is not None:
            for index, question in enumerate(self._pool):
                if difficulty_level(question) == level:
                    return self._pool.pop(index)
        return self._pool.pop(0)
