"""What must not cost a visitor their attempt or a staff member their command: damaged card keys,
content banks synced only where asked (not as a side effect of building services), database
errors during that sync, and leaderboard errors that must surface instead of hiding."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.quizzone import content_sync
from kiosk.quizzone.cards import CARD_KEY_FILE
from kiosk.store.db import Database
from kiosk.store.quiz_models import QuizAnswer, QuizAttempt, QuizQuestion
from tests.unit.quizzone_helpers import make_service, record, small_bank_rows, summary_of, write_csv


def _attempt_survives(service_keys: Path, sqlite_db: Database, clock: FakeClock, tmp_path: Path) -> None:
    service = make_service(sqlite_db, clock, service_keys)
    service.import_bank_file(write_csv(tmp_path / "s.csv", small_bank_rows(2)), "小测")
    records = [record(q.id, ["B"], True) for q in service.bank("小测").questions]
    saved = service.record_attempt(mode="practice", bank="小测", summary=summary_of(records), records=records)
    assert saved.card_text == ""
    with sqlite_db.transaction() as session:
        attempt = session.get(QuizAttempt, saved.attempt_id)
        assert attempt is not None and attempt.score == 2 and attempt.card_text == ""
        assert session.scalar(select(func.count()).select_from(QuizAnswer)
                              .where(QuizAnswer.attempt_id == saved.attempt_id)) == 2


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_a_damaged_card_key_still_stores_the_attempt(sqlite_db: Database, clock: FakeClock, tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / CARD_KEY_FILE).write_bytes(b"-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n")
    kept = _Kept()
    logger = logging.getLogger("kiosk.quizzone.service")
    logger.addHandler(kept)
    try:
        _attempt_survives(keys, sqlite_db, clock, tmp_path)
    finally:
        logger.removeHandler(kept)
    assert any("答题结果卡" in m and CARD_KEY_FILE in m for m in kept.messages)  # staff can see why


def test_an_unwritable_keys_folder_still_stores_the_attempt(sqlite_db: Database, clock: FakeClock,
                                                            tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the keys folder's parent should be", encoding="utf-8")
    _attempt_survives(blocker / "keys", sqlite_db, clock, tmp_path)  # even root cannot create it


def test_building_services_imports_no_banks_the_kiosk_start_does(tmp_path: Path) -> None:
    """``kiosk checkin`` or ``kiosk privacy purge`` must not import banks beside a running kiosk;
    ``kiosk run`` (``KioskApp.__init__`` calls ``sync_content_banks`` right after building; the quiz UI
    tests, whose bank comes only from their content folder, fail without that line) still gives a
    fresh machine the demo hall's bank."""
    from kiosk.services import build_services

    config = load_config(tmp_path / "kiosk.toml").with_overrides(data_dir=str(tmp_path / "data"), device_id="k")
    services = build_services(config, clock=FakeClock())  # default content: the demo hall
    try:
        assert services.quiz.banks() == [] and services.quiz.default_bank() is None
        assert services.quiz.sync_content_banks(config.content_path) == []  # what KioskApp does at start
        name = services.quiz.default_bank()
        assert name == "党的基本知识" and len(services.quiz.bank(name)) >= 100
        with services.db.transaction() as session:
            assert session.scalar(select(func.count()).select_from(QuizQuestion)) == len(services.quiz.bank(name))
    finally:
        services.close()


def test_a_database_error_during_content_sync_is_a_reported_problem(sqlite_db: Database, clock: FakeClock,
                                                                    tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    service = make_service(sqlite_db, clock, tmp_path / "keys")
    write_csv(tmp_path / "content/quiz/banks/小测.csv", small_bank_rows(2))

    def locked(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(content_sync, "import_file", locked)
    problems = service.sync_content_banks(tmp_path / "content")
    assert len(problems) == 1 and problems[0].startswith("小测.csv:") and "数据库" in problems[0]
    assert service.content_problems == problems


def test_quiz_list_on_a_fresh_machine_shows_the_content_banks(tmp_path: Path) -> None:
    import tomli_w
    from click.testing import CliRunner

    from kiosk.cli import main

    config = tmp_path / "kiosk.toml"
    config.write_text(tomli_w.dumps({"data_dir": str(tmp_path / "data"), "device_id": "k"}), encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "quiz", "list"])
    assert result.exit_code == 0, result.output
    assert "党的基本知识：" in result.stdout


def test_leaderboard_errors_surface_instead_of_hiding_organisation_names(sqlite_db: Database, clock: FakeClock,
                                                                         tmp_path: Path) -> None:
    import uuid

    service = make_service(sqlite_db, clock, tmp_path / "keys")
    service.import_bank_file(write_csv(tmp_path / "s.csv", small_bank_rows(1)), "小测")
    records = [record(service.bank("小测").questions[0].id, ["B"], True)]
    service.record_attempt(mode="challenge", bank="小测", summary=summary_of(records), records=records,
                           organisation_id=uuid.uuid4())
    with sqlite_db.transaction() as session:
        session.execute(text("PRAGMA foreign_keys=OFF"))
        session.execute(text("DROP TABLE organisations"))
    with pytest.raises(SQLAlchemyError):
        service.leaderboard(period="today")
