"""The three kinds of 知识竞赛 round and their settings.

* 必答 REQUIRED: teams take turns; each turn one team must answer its own question.
* 抢答 BUZZER: the question is shown to all; the first team to buzz answers. A wrong answer
  costs ``wrong_penalty`` (0 by default: "wrong loses nothing unless configured"); with
  ``rebound`` the other teams may then buzz for the same question.
* 风险 RISK: teams take turns picking a stake (10/20/30 by default) and get a question of
  matching difficulty; right gains the stake, wrong or timeout loses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RoundKind(StrEnum):
    REQUIRED = "required"
    BUZZER = "buzzer"
    RISK = "risk"

    @property
    def label(self) -> str:
        return {"required": "必答题", "buzzer": "抢答题", "risk": "风险题"}[self.value]


@dataclass(frozen=True, slots=True)
class RoundSpec:
    """One round. ``turns_per_team`` applies to 必答 and 风险, ``questions`` to 抢答."""

    kind: RoundKind
    turns_per_team: int = 2
    questions: int = 5
    answer_seconds: float = 30.0
    buzz_seconds: float = 15.0
    points: int = 10
    wrong_penalty: int = 0
    rebound: bool = False
    stakes: tuple[int, ...] = (10, 20, 30)

    def __post_init__(self) -> None:
        if self.turns_per_team < 1 or self.questions < 1:
            raise ValueError("每轮至少一题")
        if self.answer_seconds <= 0 or self.buzz_seconds <= 0:
            raise ValueError("答题时间必须大于 0")
        if self.kind is RoundKind.RISK and (not self.stakes or any(s <= 0 for s in self.stakes)):
            raise ValueError("风险题的分值必须是正数")

    def turns(self, team_count: int) -> int:
        return self.questions if self.kind is RoundKind.BUZZER else self.turns_per_team * team_count


def default_rounds() -> tuple[RoundSpec, ...]:
    """A typical hall contest: 必答, then 抢答, then 风险."""
    return (RoundSpec(RoundKind.REQUIRED), RoundSpec(RoundKind.BUZZER), RoundSpec(RoundKind.RISK, turns_per_team=1))
