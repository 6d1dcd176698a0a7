"""Building the quiz zone for ``build_services``: the service only, no content import."""

from __future__ import annotations

from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.quizzone.service import QuizZoneService
from kiosk.store.db import Database
from kiosk.store.facts import FactWriter


def build_quiz_zone(config: KioskConfig, db: Database, facts: FactWriter, clock: Clock) -> QuizZoneService:
    """The service. The content folder's banks are *not* imported here: every CLI command builds
    services (``kiosk checkin``, ``kiosk privacy purge``...), and importing beside a running kiosk as
    a side effect of those was wrong. Whoever needs the banks calls
    ``service.sync_content_banks(config.content_path)``: ``kiosk run`` at start (``KioskApp``) and
    the ``kiosk quiz`` commands that read banks.
    """
    return QuizZoneService(db, facts, clock, hall_id=config.hall_id, device_id=config.device,
                           keys_dir=config.keys_path)
