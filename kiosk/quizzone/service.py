"""``QuizZoneService``: what the quiz UI and ``kiosk quiz`` call.

A thin facade: storage of banks (``banks``), the content folder (``content_sync``), facts
(``records``), result cards (``cards``), leaderboards and statistics each live in their own module.
Every method is synchronous and short; the UI runs them on its database runner.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.clock import Clock, hall_date
from kiosk.ids import new_fact_id
from kiosk.quizzone.errors import QuizZoneError
from kiosk.store.db import Database
from kiosk.store.facts import FactWriter
from quiz.session import Mode

# Issue 13: the service is built before the kiosk's first frame, but its banks, records, cards and
# statistics are first needed after a tap (or on the database worker). Their modules are imported
# in the methods that use them; here only for the type checker.
if TYPE_CHECKING:
    from kiosk.quizzone import banks as bank_store
    from kiosk.quizzone.attempt_list import AttemptLine
    from kiosk.quizzone.cards import CardSigner
    from kiosk.quizzone.leaderboard import LeaderRow
    from kiosk.quizzone.statistics import BankReport
    from quiz.card import ResultCard
    from quiz.contest import ContestSession
    from quiz.contest.events import ContestEvent
    from quiz.model import Bank, Question
    from quiz.session import AnswerRecord, ResultSummary

__all__ = ["BankInfo", "CardCheck", "QuizZoneError", "QuizZoneService", "SavedAttempt"]

log = logging.getLogger(__name__)

SOLO_MODES = (Mode.PRACTICE.value, Mode.CHALLENGE.value, Mode.DAILY.value)


@dataclass(frozen=True)
class BankInfo:
    name: str
    questions: int
    categories: tuple[str, ...]


@dataclass(frozen=True)
class SavedAttempt:
    attempt_id: uuid.UUID
    card_text: str
    """The signed result-card text for the QR code; "" when no card can be made (the hall id cannot go
    on a card, or the card key is damaged or cannot be written — logged as an error)."""
    organisation_id: uuid.UUID | None = None
    """The organisation stored with the attempt (the one group in the hall), None if none was known."""


@dataclass(frozen=True)
class CardCheck:
    """What ``verify_card`` found: the card (when readable), whether its signature is trusted, why not."""

    valid: bool
    card: ResultCard | None
    message: str
    key_id: str | None


class QuizZoneService:
    """The quiz zone's storage, cards, leaderboards and statistics for one kiosk (or the office)."""

    def __init__(self, db: Database, facts: FactWriter, clock: Clock, *, hall_id: str, device_id: str,
                 keys_dir: Path) -> None:
        self.db = db
        self.facts = facts
        self.clock = clock
        self.hall_id = hall_id
        self.device_id = device_id
        self.keys_dir = keys_dir
        self.content_problems: list[str] = []
        """Problems of the last content sync (``file:row: message``), for the staff screen."""
        self._signer: CardSigner | None = None
        self._cache: dict[str, tuple[tuple[Any, ...], Bank]] = {}
        self._contests: weakref.WeakKeyDictionary[ContestSession, uuid.UUID] = weakref.WeakKeyDictionary()
        self.group_in_hall: Callable[[], uuid.UUID | None] | None = None
        """The organisation of the one group in the hall now, if exactly one (set by ``build_services``
        from ``kiosk.visits.presence``): an attempt recorded without an organisation belongs to it."""

    # -- banks ------------------------------------------------------------------------------------

    def sync_content_banks(self, content_dir: Path) -> list[str]:
        """Import every bank file under <content>/quiz/banks (name = file stem) that changed since
        last time (all-or-nothing per file; a bad file keeps the stored copy and is reported).
        Called explicitly — by ``kiosk run`` at start (``KioskApp``), by the ``kiosk quiz`` commands
        that read banks, and on staff content reload — never as a side effect of building services.
        A database error is reported as a problem of that file. Returns problems (Chinese, file:row:)."""
        from kiosk.quizzone.content_sync import sync_banks

        self.content_problems = sync_banks(self.db, content_dir, self.clock.now())
        for problem in self.content_problems:
            log.warning("题库内容有问题：%s", problem)
        return list(self.content_problems)

    def import_bank_file(self, path: Path, name: str) -> bank_store.StoredBank:
        """Staff import (``kiosk quiz import``): all or nothing; raises QuizZoneError with ``.problems``."""
        from kiosk.quizzone import banks as bank_store

        return bank_store.import_file(self.db, path, name, origin=bank_store.ORIGIN_STAFF, now=self.clock.now())

    def banks(self) -> list[BankInfo]:
        from kiosk.quizzone import banks as bank_store

        return [BankInfo(b.name, b.questions, b.categories) for b in bank_store.list_banks(self.db)]

    def bank_rows(self) -> list[bank_store.BankRow]:
        """The banks with where they came from (for ``kiosk quiz list``)."""
        from kiosk.quizzone import banks as bank_store

        return bank_store.list_banks(self.db)

    def bank(self, name: str) -> Bank:
        """The stored bank (cached until it is imported again). Raises QuizZoneError if unknown."""
        from sqlalchemy import select

        from kiosk.quizzone import banks as bank_store
        from kiosk.store.quiz_models import QuizBank

        with self.db.transaction() as session:
            # Every store of a bank changes one of these: a time alone repeats within one clock tick
            # (two versions pulled from the hub within a second read as one).
            stamp = session.execute(select(QuizBank.imported_at, QuizBank.content_hash, QuizBank.version,
                                           QuizBank.hub_seq).where(QuizBank.name == name)).one_or_none()
        if stamp is None:
            raise QuizZoneError(f"没有名为“{name}”的题库。")
        version = tuple(stamp)
        cached = self._cache.get(name)
        if cached is not None and cached[0] == version:
            return cached[1]
        bank = bank_store.load_bank(self.db, name)
        self._cache[name] = (version, bank)
        return bank

    def default_bank(self) -> str | None:
        """The bank the touchscreen uses: the first content bank by name, else the first bank."""
        from kiosk.quizzone import banks as bank_store

        rows = bank_store.list_banks(self.db)
        content = [b.name for b in rows if b.origin == bank_store.ORIGIN_CONTENT and b.questions]
        others = [b.name for b in rows if b.questions]
        candidates = content or others
        return candidates[0] if candidates else None

    def daily_questions(self, bank: str, day: dt.date, n: int = 10) -> list[Question]:
        """The day's set: the same for every visitor and every kiosk of the hall that day."""
        from quiz.session import daily_questions

        return list(daily_questions(self.bank(bank), day, n))

    def daily_touch_questions(self, bank: str, day: dt.date, n: int = 10) -> list[Question]:
        """The day's touchscreen set (``quiz.touch``: no fill-in), the same for every visitor and kiosk."""
        from quiz.touch import daily_touch_questions

        return list(daily_touch_questions(self.bank(bank), day, n))

    def today(self) -> dt.date:
        """The hall-local date now (for ``daily_questions``)."""
        return hall_date(self.clock.now())

    # -- facts ------------------------------------------------------------------------------------

    def record_attempt(
        self,
        *,
        mode: str,
        bank: str,
        summary: ResultSummary,
        records: Sequence[AnswerRecord],
        organisation_id: uuid.UUID | None = None,
        started_at: dt.datetime | None = None,
    ) -> SavedAttempt:
        """mode 'practice'|'challenge'|'daily'; one attempt fact + one answer fact per record;
        returns the signed card text."""
        from kiosk.quizzone.records import write_attempt

        if mode not in SOLO_MODES:
            raise QuizZoneError(f"答题模式只能是 practice、challenge 或 daily，不能是“{mode}”。")
        if organisation_id is None and self.group_in_hall is not None:
            organisation_id = self.group_in_hall()
        card_text = self._card_text(summary, Mode(mode))  # "" when no key can sign: the facts still go in
        attempt_id = write_attempt(self.facts, mode=mode, bank=bank, summary=summary, records=records,
                                   organisation_id=organisation_id, card_text=card_text, started_at=started_at)
        return SavedAttempt(attempt_id, card_text, organisation_id)

    def choose_organisation(self, attempt_id: uuid.UUID, organisation_id: uuid.UUID | None) -> uuid.UUID:
        """The visitor says which group the attempt belongs to: a correction fact, the newest wins;
        ``None`` (staff, ``attempt-group --none``) clears it.

        Raises QuizZoneError when the attempt or the organisation is not in this database."""
        from kiosk.quizzone.records import write_attempt_organisation

        return write_attempt_organisation(self.facts, attempt_id=attempt_id, organisation_id=organisation_id)

    def record_contest(self, *, bank: str, session: ContestSession,
                       events: Sequence[ContestEvent] | None = None) -> uuid.UUID:
        """Contest events (answers, score corrections as correction facts) as facts.

        May be called after every step or once at the end: only events not stored yet are written,
        all under one contest id per session. A caller on another thread than the session's passes
        ``events`` (a snapshot it took); the session is then only the key of its contest id."""
        from kiosk.quizzone.records import write_contest_events

        contest_id = self._contests.get(session)
        if contest_id is None:
            contest_id = new_fact_id()
            self._contests[session] = contest_id
        write_contest_events(self.facts, contest_id=contest_id, bank=bank,
                             events=session.events if events is None else events)
        return contest_id

    # -- result cards ----------------------------------------------------------------------------

    def _card_text(self, summary: ResultSummary, mode: Mode) -> str:
        from kiosk.passes.keys import KeyFileError
        from kiosk.quizzone.cards import CARD_KEY_FILE, card_signer
        from quiz.card import ResultCard, encode_card

        try:
            card = ResultCard(summary.score, summary.total, mode, hall_date(self.clock.now()), self.hall_id)
        except ValueError:
            log.warning("展馆编号 %r 不能写入答题结果卡（只能用小写字母、数字和 -）", self.hall_id)
            return ""
        try:
            if self._signer is None:
                self._signer = card_signer(self.keys_dir)
            return encode_card(card, self._signer.sign)
        except (KeyFileError, OSError, ValueError) as exc:
            # A damaged card_key.pem or a keys folder that cannot be written must not cost the
            # visitor their attempt: it is stored without a card, and staff find why in the log.
            log.error("无法签发答题结果卡（本次成绩照常保存，但没有二维码）：签名密钥 %s 不可用：%s",
                      self.keys_dir / CARD_KEY_FILE, exc)
            return ""

    def verify_card(self, text: str) -> CardCheck:
        """Check a result card against every key this machine trusts (see ``kiosk.quizzone.cards``)."""
        from kiosk.quizzone.cards import CardVerifier, signature_key_id, trusted_card_keys
        from quiz.card import CardError, decode_card

        key_id = signature_key_id(text)
        try:
            card = decode_card(text, CardVerifier(trusted_card_keys(self.keys_dir)))
        except CardError as exc:
            return CardCheck(False, None, str(exc), key_id)
        return CardCheck(True, card, "签名有效：这张答题结果卡是本馆终端签发的，内容未被改动。", key_id)

    def card_public_key(self) -> str:
        """This machine's card-signing public key as keyring text (staff copy it to the office)."""
        from kiosk.passes.keys import KeyFileError
        from kiosk.quizzone.cards import CARD_KEY_FILE, card_signer

        try:
            if self._signer is None:
                self._signer = card_signer(self.keys_dir)
        except (KeyFileError, OSError, ValueError) as exc:
            raise QuizZoneError(f"本机的答题结果卡签名密钥 {self.keys_dir / CARD_KEY_FILE} 不可用：{exc}") from exc
        return self._signer.key.keyring().to_text()

    # -- staff views -----------------------------------------------------------------------------

    def leaderboard(self, *, period: str, mode: str = "challenge", limit: int = 10) -> list[LeaderRow]:
        """period 'today' | 'month' (hall-local dates); by organisation when the attempt is linked to a
        checked-in group, else by kiosk."""
        from kiosk.quizzone.leaderboard import PERIODS, leaderboard

        if period not in PERIODS:
            raise QuizZoneError(f"排行榜的时间范围只能是 today（今天）或 month（本月），不能是“{period}”。")
        return leaderboard(self.db, hall_id=self.hall_id, device_id=self.device_id, period=period, mode=mode,
                           now=self.clock.now(), limit=limit)

    def day_attempts(self, day: dt.date | None = None, limit: int = 20) -> list[AttemptLine]:
        """This hall's attempts of hall-local ``day`` (default today), newest first, with their group."""
        from kiosk.quizzone.attempt_list import day_attempts

        return day_attempts(self.db, hall_id=self.hall_id, day=day or hall_date(self.clock.now()), limit=limit)

    def statistics(self, name: str, mode: str | None = None) -> BankReport:
        """Item statistics of bank ``name`` from every stored attempt on it, per mode (all solo modes,
        or only ``mode``), each answer regraded against the bank's current key."""
        from kiosk.quizzone import banks as bank_store
        from kiosk.quizzone.statistics import STATISTICS_MODES, bank_report

        if mode is not None and mode not in STATISTICS_MODES:
            raise QuizZoneError(f"统计的答题模式只能是 practice、challenge 或 daily，不能是“{mode}”。")
        bank = self.bank(name)
        current = bank.by_id()
        questions = {**bank_store.retired_questions(self.db, name), **current}
        return bank_report(self.db, name, questions, current, STATISTICS_MODES if mode is None else (mode,))
