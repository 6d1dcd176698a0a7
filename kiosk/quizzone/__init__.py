"""The quiz zone's app side (issue 4): stored banks, attempt facts, result cards, leaderboards,
item statistics and the ``kiosk quiz`` commands. No Kivy here; the engine itself is ``quiz/``.

The UI and the CLI both use :class:`kiosk.quizzone.service.QuizZoneService`
(``KioskServices.quiz``).
"""
