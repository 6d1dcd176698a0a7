"""The check-in service: one call per scan, one typed outcome, at most one fact (pretix's perform_checkin).

``scan`` verifies the pass offline (keyring file, hall id, the hall-local date, the revocation list)
and, for a valid pass, writes a check-in fact unless this database already holds one for that
booking today. The "already?" read and the write share one transaction that holds the check-in
lock (``kiosk.visits.locking``: SQLite's write lock, PostgreSQL's advisory lock on the booking),
so two writers scanning one pass at the same moment accept it once; a refusal writes nothing and an
accepted pass is on disk when ``scan`` returns. Whatever a scanner sends, and even when the database
cannot be reached, ``scan`` returns a :class:`CheckinResult`; it never raises.

The clock is read once per call: the hall-local "today" and the fact's ``recorded_at`` come from
the same instant, so a scan at midnight cannot be stamped on one day and filed under another.

"Already checked in" looks at every check-in this database holds for the booking today, whichever
device wrote it: on a kiosk that is its own facts, on a shared or hub database it is all of them.
Two kiosks offline at the same time can both accept one pass; the statistics count it once and
flag it (``kiosk.visits.stats``).
"""

from __future__ import annotations

import logging
import os
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from kiosk.clock import Clock, hall_date
from kiosk.passes.codec import PassClaims
from kiosk.passes.decode import PassDecoder, ZxingDecoder
from kiosk.passes.keys import Keyring
from kiosk.passes.outcomes import CheckinOutcome, VerifyOutcome
from kiosk.text.pinyin_search import PinyinIndex
from kiosk.passes.verify import Verdict, verify_pass
from kiosk.store.db import Database
from kiosk.store.facts import FactWriter
from kiosk.store.visits_models import Booking, Checkin, HeadcountConfirmation, Organisation
from kiosk.visits import messages
from kiosk.visits.bookings import BookingBook
from kiosk.visits.errors import VisitsError
from kiosk.visits.issuing import PassIssuer
from kiosk.visits.locking import lock_booking
from kiosk.visits.organisations import OrganisationBook
from kiosk.visits.privacy import ContactPurger
from kiosk.visits.results import BookingStatus, CheckinResult, OrganisationRef, WalkInResult
from kiosk.visits.revocation import RevocationList, RevokedLookup
from kiosk.visits.stats import PASS, WALK_IN, ArrivalStats, arrived_by_booking
from kiosk.visits.trust import KeyringSource

log = logging.getLogger(__name__)

MAX_SCAN_PIXELS = 50_000_000
"""A photo of a pass needs far fewer; a larger file is refused before it is decoded (memory)."""


def _too_many_pixels(image: Any) -> str | None:
    """The sentence for an image file too large to decode safely, else None (reads the header only)."""
    if not isinstance(image, (str, Path)):
        return None
    from PIL import Image

    with Image.open(Path(image)) as opened:
        width, height = opened.size
    if width * height > MAX_SCAN_PIXELS:
        return messages.image_too_large(width, height)
    return None

WALK_IN_KINDS = ("member", "public")
WALK_IN_MAX = 200


@dataclass
class VisitsService:
    """Arrivals for both faces: the kiosk's check-in screens and the ``kiosk`` CLI.

    The sub-services (``organisations``, ``bookings``, ``passes``, ``revocations``, ``stats``,
    ``privacy``) are the staff side; the methods here are what the kiosk screens call.
    """

    db: Database
    facts: FactWriter
    clock: Clock
    keys: KeyringSource
    decoder: PassDecoder
    organisations: OrganisationBook
    bookings: BookingBook
    passes: PassIssuer
    revocations: RevocationList
    stats: ArrivalStats
    privacy: ContactPurger
    _search_cache: tuple[tuple[str, ...], PinyinIndex] | None = field(default=None, repr=False)

    @property
    def hall_id(self) -> str:
        return self.facts.hall_id

    # ----------------------------------------------------------------- scanning

    def scan(self, text: str) -> CheckinResult:
        """Verify a scanned text and, if it is a valid pass not yet used today, check the group in.

        Never raises: a database that cannot be reached or stays locked past its busy timeout gives
        UNREADABLE with "try again" (nothing written), so the visitor simply scans again.
        """
        # A scanner (or a copy-paste) may add spaces or a newline around the text: they are no part of a pass.
        text = text.strip() if isinstance(text, str) else text
        try:
            return self._scan(text, self.clock.now())
        except Exception:  # noqa: BLE001 - the kiosk's scanner loop must always get an answer
            log.exception("scan failed; nothing was written")
            return CheckinResult(CheckinOutcome.UNREADABLE, messages.TRY_AGAIN)

    def _scan(self, text: str, now: datetime) -> CheckinResult:
        keyring = self.keys.keyring()
        today = hall_date(now)
        with self.db.transaction() as session:
            verdict = verify_pass(
                text,
                keyring=keyring if keyring is not None else Keyring(),
                hall_id=self.hall_id,
                today=today,
                revoked=RevokedLookup(session),
            )
            if keyring is None and verdict.outcome is VerifyOutcome.FORGED:
                return CheckinResult(CheckinOutcome.FORGED, messages.NO_KEYRING)
            claims = verdict.claims
            if not verdict.is_valid or claims is None:
                return self._refusal(session, verdict, today)
        # Only a valid pass takes the check-in lock: refusals (any text at all) never wait for it.
        with self.db.transaction(immediate=True) as session:
            return self._check_in(session, claims, now)

    def scan_image(self, image: Any) -> CheckinResult:
        """Decode the QR code in an image (path, PIL image or array) and scan it; UNREADABLE if none.

        With several codes in one picture the first that is a valid pass wins; otherwise the
        first code's outcome is returned.
        """
        try:
            too_big = _too_many_pixels(image)
            if too_big:
                return CheckinResult(CheckinOutcome.UNREADABLE, too_big)
            texts = self.decoder.decode(image)
        except Exception as exc:  # noqa: BLE001 - truncated, a decompression bomb, not an image: no traceback
            log.info("image could not be decoded: %s", exc)
            return CheckinResult(CheckinOutcome.UNREADABLE, messages.UNREADABLE_IMAGE)
        if not texts:
            return CheckinResult(CheckinOutcome.UNREADABLE, messages.UNREADABLE_IMAGE)
        results = []
        for text in texts:
            result = self.scan(text)
            if result.outcome in (CheckinOutcome.ACCEPTED, CheckinOutcome.ALREADY_CHECKED_IN):
                return result
            results.append(result)
        return results[0]

    def _check_in(self, session: Session, claims: PassClaims, now: datetime) -> CheckinResult:
        # Plain column queries and a Core insert: this is the hot path of every arrival, and the
        # ORM's identity map and unit of work would add more than the rest of the scan together.
        today = hall_date(now)
        lock_booking(session, claims.booking_id)
        org = self._organisation_of(session, claims.booking_id)
        org_name = org[1] if org else None
        first = session.execute(
            select(Checkin.recorded_at, Checkin.device_id, Checkin.count.label("people"))
            .where(Checkin.kind == PASS, Checkin.booking_id == claims.booking_id, Checkin.local_date == today)
            .order_by(Checkin.recorded_at, Checkin.id)
            .limit(1)
        ).first()
        if first is not None:
            arrived = arrived_by_booking(session, today, booking_id=claims.booking_id).get(claims.booking_id, first.people)
            return CheckinResult(
                CheckinOutcome.ALREADY_CHECKED_IN,
                messages.already(first.recorded_at, first.device_id),
                booking_id=claims.booking_id,
                organisation=org_name,
                headcount=claims.headcount,
                arrived=arrived,
                checked_in_at=first.recorded_at,
                checked_in_device=first.device_id,
                valid_from=claims.valid_from,
                valid_to=claims.valid_to,
            )
        stamp = self.facts.stamp_values(now)
        session.execute(
            insert(Checkin).values(
                **stamp,
                kind=PASS,
                local_date=today,
                booking_id=claims.booking_id,
                pass_id=claims.pass_id,
                organisation_id=org[0] if org else None,
                visitor_kind="group",
                count=claims.headcount,
                headcount_cap=claims.headcount,
            )
        )
        return CheckinResult(
            CheckinOutcome.ACCEPTED,
            messages.accepted(org_name, claims.headcount),
            booking_id=claims.booking_id,
            organisation=org_name,
            headcount=claims.headcount,
            arrived=claims.headcount,
            checked_in_at=stamp["recorded_at"],
            checked_in_device=stamp["device_id"],
            checkin_id=stamp["id"],
            valid_from=claims.valid_from,
            valid_to=claims.valid_to,
        )

    def _refusal(self, session: Session, verdict: Verdict, today: date) -> CheckinResult:
        outcome = verdict.checkin_outcome or CheckinOutcome.UNREADABLE
        claims = verdict.claims
        if claims is None:  # forged or unreadable: nothing in the text is to be trusted or shown
            return CheckinResult(outcome, messages.FORGED if outcome is CheckinOutcome.FORGED else messages.UNREADABLE)
        if outcome is CheckinOutcome.WRONG_HALL:
            return CheckinResult(outcome, messages.WRONG_HALL, valid_from=claims.valid_from, valid_to=claims.valid_to)
        org = self._organisation_of(session, claims.booking_id)
        name = org[1] if org else None
        if outcome is CheckinOutcome.REVOKED:
            message = messages.revoked(name)
        else:
            message = messages.not_valid_today(claims.valid_from, claims.valid_to, today)
        return CheckinResult(
            outcome,
            message,
            booking_id=claims.booking_id,
            organisation=name,
            headcount=claims.headcount,
            valid_from=claims.valid_from,
            valid_to=claims.valid_to,
        )

    @staticmethod
    def _organisation_of(session: Session, booking_id: uuid.UUID | None) -> tuple[uuid.UUID, str] | None:
        """(id, name) of the organisation of a booking this database knows, else None (a pass can
        arrive before its booking does)."""
        if booking_id is None:
            return None
        row = session.execute(
            select(Organisation.id, Organisation.name)
            .join(Booking, Booking.organisation_id == Organisation.id)
            .where(Booking.id == booking_id)
        ).first()
        return (row[0], row[1]) if row is not None else None

    # ----------------------------------------------------------------- after the scan

    def confirm_headcount(self, checkin_id: uuid.UUID, arrived: int) -> CheckinResult:
        """The group leader's count of who arrived, as a correction fact (1 <= arrived <= 2 x cap).

        Raises:
            VisitsError (a ValueError): unknown check-in or a number out of range; nothing written.
        """
        with self.db.transaction() as session:
            checkin = session.get(Checkin, checkin_id)
            if checkin is None or checkin.kind != PASS:
                raise VisitsError("找不到这次签到记录，请重新扫描通行证。")
            cap = checkin.headcount_cap or checkin.count
            if type(arrived) is not int or not 1 <= arrived <= 2 * cap:
                raise VisitsError(f"实到人数应在 1 到 {2 * cap} 之间（预约 {cap} 人）。")
            session.add(self.facts.stamp(HeadcountConfirmation(arrived=arrived, corrects_id=checkin.id),
                                         self.clock.now()))
            org = self._organisation_of(session, checkin.booking_id)
            name = org[1] if org else None
            return CheckinResult(
                CheckinOutcome.ACCEPTED,
                messages.headcount_confirmed(name, arrived),
                booking_id=checkin.booking_id,
                organisation=name,
                headcount=cap,
                arrived=arrived,
                checked_in_at=checkin.recorded_at,
                checkin_id=checkin.id,
            )

    def walk_in(self, *, kind: str, count: int, organisation_id: uuid.UUID | None = None) -> WalkInResult:
        """Register visitors without a pass: kind 'member' (党员) or 'public' (群众), 1..200 people.

        Raises:
            VisitsError (a ValueError): bad kind, count or organisation; nothing written.
        """
        if kind not in WALK_IN_KINDS:
            raise VisitsError("请选择“党员”或“群众”。")
        if type(count) is not int or not 1 <= count <= WALK_IN_MAX:
            raise VisitsError(f"人数应在 1 到 {WALK_IN_MAX} 之间。")
        now = self.clock.now()
        with self.db.transaction() as session:
            org = session.get(Organisation, organisation_id) if organisation_id is not None else None
            if organisation_id is not None and org is None:
                raise VisitsError("找不到所选的组织，请重新选择。")
            fact = self.facts.stamp(
                Checkin(
                    kind=WALK_IN,
                    local_date=hall_date(now),
                    organisation_id=org.id if org else None,
                    visitor_kind=kind,
                    count=count,
                ),
                now,
            )
            session.add(fact)
        name = org.name if org else None
        return WalkInResult(fact.id, kind, count, name, messages.walk_in(kind, count, name))

    # ----------------------------------------------------------------- lists for the screens

    def search_organisations(self, query: str, limit: int = 20) -> list[OrganisationRef]:
        """Organisations by pinyin initials ("ZGB"), full pinyin or Chinese; empty query: the first by name."""
        refs = self.organisations.refs()
        if not query or not query.strip():
            return refs[:limit]
        names = tuple(ref.name for ref in refs)
        if self._search_cache is None or self._search_cache[0] != names:
            self._search_cache = (names, PinyinIndex(names))  # pypinyin is slow: index once per list
        by_name = {ref.name: ref for ref in refs}
        return [by_name[name] for name in self._search_cache[1].search(query, limit) if name in by_name]

    def today_bookings(self) -> list[BookingStatus]:
        """Today's (hall-local) bookings by slot, with arrived / expected / not yet / cancelled."""
        today = hall_date(self.clock.now())
        bookings = self.bookings.list_bookings(on=today)
        with self.db.transaction() as session:
            arrived = arrived_by_booking(session, today)
        rows = []
        for b in bookings:
            status = "cancelled" if b.cancelled else ("arrived" if b.id in arrived else "not_yet")
            rows.append(
                BookingStatus(
                    booking_id=b.id,
                    organisation=b.organisation,
                    slot=b.slot,
                    purpose=b.purpose,
                    expected=b.expected,
                    arrived=arrived.get(b.id, 0),
                    status=status,
                    contact_masked=b.contact_masked,
                )
            )
        return rows


def build_visits(
    db: Database,
    facts: FactWriter,
    clock: Clock,
    *,
    keys_dir: Path | str | os.PathLike[str],
    decoder: PassDecoder | None = None,
) -> VisitsService:
    """Wire the arrivals services; never fails for missing keys (a kiosk starts without them)."""
    keys_path = Path(keys_dir)
    return VisitsService(
        db=db,
        facts=facts,
        clock=clock,
        keys=KeyringSource(keys_path),
        decoder=decoder or ZxingDecoder(),
        organisations=OrganisationBook(db, clock),
        bookings=BookingBook(db, clock),
        passes=PassIssuer(db, clock, hall_id=facts.hall_id, keys_dir=keys_path),
        revocations=RevocationList(db),
        stats=ArrivalStats(db),
        privacy=ContactPurger(db, clock),
    )
