"""Solo quiz sessions (练习, 挑战答题, 每日答题): state machine, modes, records and views."""

from quiz.session.daily import daily_questions, daily_seed
from quiz.session.modes import challenge_session, daily_session, practice_session
from quiz.session.records import AnswerRecord, MissedQuestion, Mode, ResultSummary
from quiz.session.scoring import Scoring
from quiz.session.solo import Rules, SessionState, SoloSession
from quiz.session.views import QuestionView, RevealView, SessionView

__all__ = [
    "AnswerRecord", "MissedQuestion", "Mode", "QuestionView", "ResultSummary", "RevealView", "Rules",
    "Scoring", "SessionState", "SessionView", "SoloSession", "challenge_session", "daily_questions",
    "daily_seed", "daily_session", "practice_session",
]
