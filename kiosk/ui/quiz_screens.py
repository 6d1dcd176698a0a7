"""The quiz zone's screens by name, for the root's ScreenManager (names match ``viewmodel.QUIZ_SCREENS``)."""

from __future__ import annotations

from kiosk.ui.screens.contest_board import ContestBoardScreen
from kiosk.ui.screens.contest_setup import ContestSetupScreen
from kiosk.ui.screens.quiz_categories import QuizCategoriesScreen
from kiosk.ui.screens.quiz_home import QuizHomeScreen
from kiosk.ui.screens.quiz_leaders import QuizLeadersScreen
from kiosk.ui.screens.quiz_question import QuizQuestionScreen
from kiosk.ui.screens.quiz_result import QuizResultScreen

QUIZ_SCREEN_CLASSES = {
    "quiz_home": QuizHomeScreen,
    "quiz_categories": QuizCategoriesScreen,
    "quiz_question": QuizQuestionScreen,
    "quiz_result": QuizResultScreen,
    "quiz_leaders": QuizLeadersScreen,
    "contest_setup": ContestSetupScreen,
    "contest_board": ContestBoardScreen,
}
