"""Issuing a booking's signed pass: its text, a PNG to send by phone, a PDF to print.

Runs where the hall's private key is (the staff machine or hub; ``config.keys_path``). A booking
keeps one pass id: issuing again yields byte-identical text (Ed25519 signatures are
deterministic), so a reprint never orphans the paper already handed out, and cancelling the
booking revokes exactly that id.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import select

from kiosk.clock import Clock
from kiosk.passes.codec import IssuedPass, PassKind, hall_code, issue_pass
from kiosk.passes.keys import KeyFileError, SigningKey, load_signing_key
from kiosk.store.db import Database
from kiosk.store.visits_models import Booking, Organisation
from kiosk.visits.bookings import BookingBook, BookingInfo, booking_info, parse_booking_id
from kiosk.visits.errors import VisitsError


class PassIssuer:
    """Signs passes for bookings with the hall's key and renders them."""

    def __init__(self, db: Database, clock: Clock, *, hall_id: str, keys_dir: Path) -> None:
        self.db = db
        self.clock = clock
        self.hall_id = hall_id
        self.keys_dir = keys_dir

    def signing_key(self) -> SigningKey:
        """The hall's private key; VisitsError saying what to do when it is missing or unsafe."""
        try:
            return load_signing_key(self.keys_dir)
        except KeyFileError as exc:
            raise VisitsError(
                f"无法读取本馆签名私钥（{self.keys_dir}）：请在管理电脑上运行 kiosk keys init，"
                f"或检查私钥文件的权限。（{exc}）"
            ) from exc

    def issue(self, booking_id: uuid.UUID | str) -> tuple[IssuedPass, BookingInfo]:
        """The signed pass of a booking (giving the booking its pass id the first time)."""
        key = self.signing_key()
        try:
            hall_code(self.hall_id)
        except ValueError as exc:
            raise VisitsError(f"本馆编号“{self.hall_id}”不能写入通行证：只能用字母、数字和“-”。") from exc
        with self.db.transaction() as session:
            booking, org = BookingBook.load(session, parse_booking_id(booking_id))
            return self._issue(booking, org, key), booking_info(booking, org)

    def _issue(self, booking: Booking, org: Organisation, key: SigningKey) -> IssuedPass:
        if booking.cancelled_at is not None:
            raise VisitsError(f"预约 {booking.id}（{org.name}）已取消，不能出具通行证。")
        if booking.pass_id is None:
            booking.pass_id = uuid.uuid4()
        try:
            return issue_pass(
                booking_id=booking.id,
                hall_id=self.hall_id,
                valid_from=booking.visit_date,
                valid_to=booking.visit_date,
                headcount=booking.expected_headcount,
                kind=PassKind.INDIVIDUAL if booking.expected_headcount == 1 else PassKind.GROUP,
                signing_key=key,
                pass_id=booking.pass_id,
            )
        except ValueError as exc:
            raise VisitsError(f"预约 {booking.id} 无法出具通行证：{exc}") from exc

    def text(self, booking_id: uuid.UUID | str) -> str:
        """The pass text (what the QR code holds)."""
        return self.issue(booking_id)[0].text

    def write(self, booking_id: uuid.UUID | str, out: Path) -> Path:
        """Render one booking's pass to out: a PNG or a one-page PDF, by the file's suffix."""
        from kiosk.passes.render import PassPrint, render_pass_png, render_passes_pdf

        suffix = _suffix(out, allowed=(".png", ".pdf"))
        issued, info = self.issue(booking_id)
        with _writing(out):
            if suffix == ".png":
                return render_pass_png(issued.claims, issued.text, info.organisation, info.slot, out)
            return render_passes_pdf([PassPrint(issued.claims, issued.text, info.organisation, info.slot)], out)

    def write_day(self, day: date, out: Path) -> int:
        """A PDF with the pass of every booking of day (cancelled ones left out); returns how many."""
        from kiosk.passes.render import PassPrint, render_passes_pdf

        _suffix(out, allowed=(".pdf",))
        key = self.signing_key()
        prints: list[PassPrint] = []
        with self.db.transaction() as session:
            rows = session.execute(
                select(Booking, Organisation)
                .join(Organisation, Booking.organisation_id == Organisation.id)
                .where(Booking.visit_date == day, Booking.cancelled_at.is_(None))
                .order_by(Booking.slot_start, Organisation.name)
            ).all()
            for booking, org in rows:
                issued = self._issue(booking, org, key)
                prints.append(PassPrint(issued.claims, issued.text, org.name, f"{booking.slot_start}-{booking.slot_end}"))
        if not prints:
            raise VisitsError(f"{day.isoformat()} 没有有效的预约，未生成文件。")
        with _writing(out):
            render_passes_pdf(prints, out)
        return len(prints)


@contextmanager
def _writing(out: Path) -> Iterator[None]:
    """Turn a file the system will not let us write (missing folder, no permission, disk full)
    into a VisitsError with a sentence staff can act on, instead of a traceback."""
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise VisitsError(f"无法写入文件“{out}”（{reason}），请确认文件夹存在且可写后再试。") from exc


def _suffix(out: Path, *, allowed: tuple[str, ...]) -> str:
    """The output's suffix, checked, and its folder checked too: both before any pass is issued."""
    suffix = out.suffix.lower()
    if suffix not in allowed:
        raise VisitsError(f"输出文件“{out}”的扩展名应为 {' 或 '.join(allowed)}。")
    if not out.parent.is_dir():
        raise VisitsError(f"无法写入文件“{out}”（文件夹“{out.parent}”不存在），请先建好文件夹或换一个位置。")
    return suffix
