"""Building the quiz zone for ``build_services``: the service plus the content folder's banks."""

from __future__ import annotations

from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.quizzone.service import QuizZoneService
from kiosk.store.db import Database
from kiosk.store.facts import FactWriter


def build_quiz_zone(config: KioskConfig, db: Database, facts: FactWriter, clock: Clock) -> QuizZoneService:
    """The service, with the banks of ``config.content_path`` imported (changed files only).

    Doing it here rather than in the app means ``kiosk run`` on a fresh machine, the staff CLI and
    the tests all see the demo bank; problems are kept on ``service.content_problems``.
    """
    service = QuizZoneService(db, facts, clock, hall_id=config.hall_id, device_id=config.device,
                              keys_dir=config.keys_path)
    service.sync_content_banks(config.content_path)
    return service
