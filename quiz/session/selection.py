"""The visitor's not-yet-confirmed answer to the question on screen.

Answers can be changed freely until confirmed: on a single-choice or 判断 question a new
selection replaces the old one, on a multiple-choice question options toggle in and out, a
fill-in or 数值 answer is the text typed so far (the number pad edits it with ``press_key``), and
a matching answer is built by tapping a left item (it becomes *armed*) and then its partner on
the right; tapping a left item again re-arms it so that its next partner replaces the old one,
and tapping a linked partner with nothing armed unlinks it.
"""

from __future__ import annotations

import unicodedata

from quiz.model import FALSE, TRUE, Question, QuestionType, pair_key
from quiz.session.numberpad import press

_TEXT_TYPES = (QuestionType.FILL, QuestionType.NUMERICAL)


class Selection:
    def __init__(self, question: Question) -> None:
        self.question = question
        self._keys: set[str] = set()
        self._text = ""
        self._pairs: dict[str, str] = {}
        self._order: list[str] = []  # left letters in the order they were linked
        self._armed: str | None = None

    def _key(self, key: str) -> str:
        q = self.question
        if q.type in _TEXT_TYPES:
            raise ValueError(f"{q.type.label}题请用 set_text 输入答案")
        if q.type is QuestionType.MATCHING:
            raise ValueError("连线题请用 pick_left / pick_right 配对")
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
        if self.question.type not in _TEXT_TYPES:
            raise ValueError("只有填空题和数值题可以输入文字")
        self._text = text

    def press_key(self, key: str) -> None:
        """One key of the number pad (digits, ``-``, ``.``, ``del``, ``clear``)."""
        if self.question.type is not QuestionType.NUMERICAL:
            raise ValueError("只有数值题有数字键盘")
        self._text = press(self._text, key)

    # -- matching ---------------------------------------------------------------------------

    def _matching(self) -> Question:
        if self.question.type is not QuestionType.MATCHING:
            raise ValueError("只有连线题可以配对")
        return self.question

    def pick_left(self, letter: str) -> None:
        q = self._matching()
        if letter not in q.letters:
            raise ValueError(f"没有左侧项 {letter!r}")
        self._armed = None if self._armed == letter else letter

    def pick_right(self, partner: str) -> None:
        q = self._matching()
        if partner not in q.targets:
            raise ValueError(f"没有右侧项 {partner!r}")
        if self._armed is None:
            for letter in [k for k, v in self._pairs.items() if v == partner]:
                self._unlink(letter)
            return
        letter, self._armed = self._armed, None
        self._unlink(letter)
        allowed = max(1, q.answer.count(partner))
        holders = [k for k in self._order if self._pairs[k] == partner]
        while len(holders) >= allowed:
            self._unlink(holders.pop(0))
        self._pairs[letter] = partner
        self._order.append(letter)

    def _unlink(self, letter: str) -> None:
        if letter in self._pairs:
            del self._pairs[letter]
            self._order.remove(letter)

    @property
    def armed(self) -> str | None:
        return self._armed

    # -- reading ----------------------------------------------------------------------------

    @property
    def keys(self) -> tuple[str, ...]:
        if self.question.type is QuestionType.MATCHING:
            return self.chosen
        return tuple(sorted(self._keys))

    @property
    def text(self) -> str:
        return self._text

    @property
    def chosen(self) -> tuple[str, ...]:
        """What gets graded and recorded."""
        if self.question.type in _TEXT_TYPES:
            typed = self._text.strip()
            if self.question.type is QuestionType.NUMERICAL and typed.endswith("."):
                typed = typed[:-1]
            return (typed,) if typed and typed not in ("-", "") else ()
        if self.question.type is QuestionType.MATCHING:
            return tuple(pair_key(k, self._pairs[k]) for k in sorted(self._pairs))
        return self.keys
