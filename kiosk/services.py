"""The one place that builds the services from the settings; the CLI and the UI both start here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.clock import Clock, SystemClock
from kiosk.config import KioskConfig
from kiosk.exhibits.images import ImageCache
from kiosk.exhibits.library import ContentLibrary
from kiosk.quizzone.build import build_quiz_zone
from kiosk.quizzone.service import QuizZoneService
from kiosk.speech.synth import EspeakSynthesizer, SpeechCache, Synthesizer
from kiosk.staff.pin import PinGate
from kiosk.store.db import Database, open_database
from kiosk.store.facts import FactWriter
from kiosk.theatre.records import TheatreRecords
from kiosk.sync.background import BackgroundSync
from kiosk.sync.identity import device_identity, own_reference_rows
from kiosk.sync.outbox import ensure_triggers
from kiosk.sync.service import SyncService
from kiosk.visits.service import VisitsService, build_visits
from kiosk.reports.service import ReportsService
from kiosk.visits.presence import GroupsInHall


@dataclass
class KioskServices:
    """Everything a face (CLI or UI) needs, built once from the config."""

    config: KioskConfig
    clock: Clock
    db: Database
    facts: FactWriter
    content: ContentLibrary
    images: ImageCache
    speech: SpeechCache
    pins: PinGate
    visits: VisitsService
    quiz: QuizZoneService
    sync: SyncService
    data_dir: Path = field(default=Path("."))
    theatre: TheatreRecords | None = None
    reports: ReportsService | None = None
    presence: GroupsInHall | None = None
    background_sync: BackgroundSync | None = None

    def start_background_sync(self) -> BackgroundSync:
        """Start syncing with the hub on a thread of its own (the app does this; the CLI does not)."""
        if self.background_sync is None:
            self.background_sync = BackgroundSync(self.sync, interval=self.config.sync_interval)
            self.background_sync.watch_checkins(self.db.engine)
            self.background_sync.start()
        return self.background_sync

    def close(self) -> None:
        if self.background_sync is not None:
            self.background_sync.stop()
        self.db.close()


def build_services(
    config: KioskConfig, *, clock: Clock | None = None, synthesizer: Synthesizer | None = None
) -> KioskServices:
    """Open the database (migrating it) and wire the services; content is not loaded yet.

    Raises:
        ConfigError: a configured data dir is missing (see KioskConfig.ensure_data_dir).
        DatabaseError: the database cannot be opened or migrated.
    """
    clock = clock or SystemClock()
    data_dir = config.ensure_data_dir()
    db = open_database(config.database_url)
    # Issue 9: the device id is the UUID generated once in the database (unless set explicitly);
    # every fact table has its outbox trigger; reference rows made here belong to this hall.
    identity = device_identity(db, clock.now())
    if not config.values["device_id"]:
        config = config.with_overrides(device_id=identity.device_id)
    ensure_triggers(db.engine)
    own_reference_rows(db, config.hall_id)
    facts = FactWriter(db, config.hall_id, config.device, clock)
    synth = synthesizer or EspeakSynthesizer(config.tts_voice, config.tts_rate)
    speech = SpeechCache(data_dir / "speech-cache", synth, f"{config.tts_voice}|{config.tts_rate}")
    visits = build_visits(db, facts, clock, keys_dir=config.keys_path)
    presence = GroupsInHall(db, clock, config.hall_id, config.group_stay_minutes)
    services = KioskServices(
        config=config,
        clock=clock,
        db=db,
        facts=facts,
        content=ContentLibrary(config.content_path, data_dir),
        images=ImageCache(data_dir / "image-cache"),
        speech=speech,
        pins=PinGate(db, facts, clock),
        visits=visits,
        quiz=build_quiz_zone(config, db, facts, clock),
        sync=SyncService(db, clock, data_dir=data_dir, keys_dir=config.keys_path, hall_id=config.hall_id,
                         device_id=config.device, label=identity.label, batch_rows=config.sync_batch_rows,
                         batch_bytes=config.sync_batch_bytes),
        data_dir=data_dir,
        theatre=TheatreRecords(facts, clock, visits.today_bookings),
        reports=ReportsService(db, facts, clock, config.content_path, presence=presence),
        presence=presence,
    )
    services.quiz.group_in_hall = presence.only_group
    return services
