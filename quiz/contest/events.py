"""The contest's append-only event list, and team scores derived from it.

Nothing in a contest is ever edited: a host's score correction is one more event, so the
history shows what happened and what was corrected, and the lead can store each event as a
fact. Scores are always recomputed from the events (``team_scores``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class EventKind(StrEnum):
    CONTEST_STARTED = "contest_started"
    ROUND_STARTED = "round_started"
    QUESTION_SHOWN = "question_shown"
    BUZZED = "buzzed"
    STAKE_PICKED = "stake_picked"
    ANSWERED = "answered"
    TIMED_OUT = "timed_out"
    SKIPPED = "skipped"
    PAUSED = "paused"
    RESUMED = "resumed"
    SCORE_CORRECTED = "score_corrected"
    ROUND_ENDED = "round_ended"
    CONTEST_FINISHED = "contest_finished"


@dataclass(frozen=True, slots=True)
class ContestEvent:
    """One fact. ``points`` is the score change it carries for ``team`` (0 for most kinds);
    ``at`` is the injected clock's monotonic time; ``teams`` is set on CONTEST_STARTED only."""

    seq: int
    at: float
    kind: EventKind
    team: str | None = None
    round: int | None = None
    question_id: str | None = None
    chosen: tuple[str, ...] = ()
    correct: bool | None = None
    points: int = 0
    stake: int | None = None
    seconds: float | None = None
    note: str = ""
    teams: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq, "at": self.at, "kind": self.kind.value, "team": self.team, "round": self.round,
            "question_id": self.question_id, "chosen": list(self.chosen), "correct": self.correct,
            "points": self.points, "stake": self.stake, "seconds": self.seconds, "note": self.note,
            "teams": list(self.teams),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ContestEvent:
        return cls(
            seq=int(data["seq"]), at=float(data["at"]), kind=EventKind(data["kind"]), team=data.get("team"),
            round=data.get("round"), question_id=data.get("question_id"),
            chosen=tuple(data.get("chosen", ())), correct=data.get("correct"), points=int(data.get("points", 0)),
            stake=data.get("stake"), seconds=data.get("seconds"), note=str(data.get("note", "")),
            teams=tuple(data.get("teams", ())),
        )


def team_scores(events: Iterable[ContestEvent], teams: Sequence[str] | None = None) -> dict[str, int]:
    """Each team's score: the sum of the points its events carry. With ``teams`` None the
    names are taken from the CONTEST_STARTED event."""
    event_list = list(events)
    if teams is None:
        teams = next((e.teams for e in event_list if e.kind is EventKind.CONTEST_STARTED), ())
    scores = {team: 0 for team in teams}
    for event in event_list:
        if event.team is not None and event.points:
            scores[event.team] = scores.get(event.team, 0) + event.points
    return scores
