"""知识竞赛: the host-run group contest for 2–4 teams, with an append-only event list."""

from quiz.contest.deck import QuestionDeck, difficulty_level
from quiz.contest.events import ContestEvent, EventKind, team_scores
from quiz.contest.rounds import RoundKind, RoundSpec, default_rounds
from quiz.contest.session import MAX_TEAM_NAME, ContestSession, ContestState, ContestView, TeamScore

__all__ = [
    "MAX_TEAM_NAME", "ContestEvent", "ContestSession", "ContestState", "ContestView", "EventKind", "QuestionDeck", "RoundKind",
    "RoundSpec", "TeamScore", "default_rounds", "difficulty_level", "team_scores",
]
