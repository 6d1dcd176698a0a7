"""The visitor's not-yet-confirmed answer to the question on screen.

Answers can be changed freely until confirmed: on a single-choice or 判断 question a new
selection replaces the old one, on a multiple-choice question options toggle in and out, and
a fill-in answer is the text typed so far.
"""

from __future__ import annotations

import unicodedata

from quiz.model import FALSE, TRUE, Question, QuestionType


class Selection:
    def __init__(self, question: Question) -> None:
        self.question = question
        self._keys: set[str] = set()
        self._text = ""

    def _key(self, key: str) -> str:
        q = self.question
        if q.type is QuestionType.FILL:
            raise ValueError("填空题请用 set_text 输入答案")
        if q.type is QuestionType.TRUEFALSE:
            if key not in (TRUE, FALSE):
                raise ValueError(f'判断题只能选 "{TRUE}" 或 "{FALSE}"，不是 {key!r}')
            return key
        letter = unicodedata.normalize("NFKC", key).strip().upper()
        if letter not in q.letters:
            raise ValueError(f"没有选项 {key!r}（只有 {'、'.join(q.letters)}）")
        return letter

    def select(self, key: str) -> None:
        letter = self._key(key)
        if self.question.type is not QuestionType.MULTIPLE:
            self._keys.clear()
        self._keys.add(letter)

    def unselect(self, key: str) -> None:
        self._keys.discard(self._key(key))

    def toggle(self, key: str) -> None:
        letter = self._key(key)
        if letter in self._keys:
            self._keys.discard(letter)
        else:
            self.select(letter)

    def set_text(self, text: str) -> None:
        if self.question.type is not QuestionType.FILL:
            raise ValueError("只有填空题可以输入文字")
        self._text = text

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(sorted(self._keys))

    @property
    def text(self) -> str:
        return self._text

    @property
    def chosen(self) -> tuple[str, ...]:
        """What gets graded and recorded."""
        if self.question.type is QuestionType.FILL:
            typed = self._text.strip()
            return (typed,) if typed else ()
        return self.keys
