"""The scanner is an open door: whatever arrives gets one refusal outcome, nothing is written, no crash."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, inspect, select

from kiosk.clock import FakeClock
from kiosk.passes.codec import PassKind, issue_pass
from kiosk.passes.keys import init_keys, load_signing_key
from kiosk.passes.outcomes import CheckinOutcome
from kiosk.store.db import Database, open_database
from kiosk.store.visits_models import Booking, Checkin, HeadcountConfirmation, Organisation
from kiosk.visits.service import VisitsService
from tests.visits.helpers import TODAY, book, make_service


class Hall:
    """One service on one database for a whole module (Hypothesis runs hundreds of examples)."""

    def __init__(self, folder: Path) -> None:
        self.clock = FakeClock()
        self.keys = folder / "keys"
        init_keys(self.keys)
        self.db = open_database(f"sqlite:///{folder / 'kiosk.sqlite3'}")
        self.service: VisitsService = make_service(self.db, self.clock, self.keys)
        self.booking, self.text = book(self.service)
        _, self.tomorrow_text = book(self.service, org="王府井社区党委", kind="社区", day=TODAY + timedelta(days=1))
        self.other_hall_text = issue_pass(
            booking_id=self.booking.id, hall_id="other-hall", valid_from=TODAY, valid_to=TODAY, headcount=45,
            kind=PassKind.GROUP, signing_key=load_signing_key(self.keys)).text

    def rows(self) -> tuple[int, ...]:
        with self.db.transaction() as session:
            return tuple(session.scalar(select(func.count()).select_from(model)) or 0
                         for model in (Checkin, HeadcountConfirmation, Booking, Organisation))


@pytest.fixture(scope="module")
def hall() -> Iterator[Hall]:
    with tempfile.TemporaryDirectory(prefix="visits-bad-input-") as folder:
        made = Hall(Path(folder))
        yield made
        made.db.close()


def _one_char_changed(text: str) -> str:
    i = len(text) // 2
    return text[:i] + ("A" if text[i] != "A" else "B") + text[i + 1:]


BAD_INPUTS = {
    "random text": (lambda h: "扫码签到 hello 12345", CheckinOutcome.UNREADABLE),
    "empty": (lambda h: "", CheckinOutcome.UNREADABLE),
    "url": (lambda h: "https://example.com/checkin?id=5d709a81", CheckinOutcome.UNREADABLE),
    "other hall": (lambda h: h.other_hall_text, CheckinOutcome.WRONG_HALL),
    "one char changed": (lambda h: _one_char_changed(h.text), CheckinOutcome.FORGED),
    "truncated": (lambda h: h.text[:-10], CheckinOutcome.UNREADABLE),
    "newline inside": (lambda h: h.text[:12] + "\n" + h.text[12:], CheckinOutcome.UNREADABLE),
    "lower case": (lambda h: h.text.lower(), CheckinOutcome.UNREADABLE),
    "10,000 chars": (lambda h: "A" * 10_000, CheckinOutcome.UNREADABLE),
    "10,000 chars after a pass": (lambda h: h.text + "A" * 10_000, CheckinOutcome.UNREADABLE),
    "control chars": (lambda h: "\x00\x1b[2J\x07\r\n\t\x7f" + h.text[:20], CheckinOutcome.UNREADABLE),
    "sql": (lambda h: "HK1:'; DROP TABLE checkins; --", CheckinOutcome.UNREADABLE),
    "sql in a pass shape": (lambda h: h.text.replace("TEST-HALL", "X' OR '1'='1"), CheckinOutcome.UNREADABLE),
    "not text": (lambda h: b"\xff\xfe\x00", CheckinOutcome.UNREADABLE),
    "tomorrow": (lambda h: h.tomorrow_text, CheckinOutcome.NOT_VALID_TODAY),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_refused_with_its_outcome_and_nothing_is_written(hall: Hall, name: str) -> None:
    make, expected = BAD_INPUTS[name]
    before = hall.rows()
    result = hall.service.scan(make(hall))
    assert result.outcome is expected, (name, result)
    assert result.message and result.checkin_id is None
    assert hall.rows() == before
    assert {"checkins", "bookings", "organisations"} <= set(inspect(hall.db.engine).get_table_names())


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.function_scoped_fixture])
MUTATION_CHARS = st.one_of(
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
    st.sampled_from("0189:-=+/ $%*.'\";"),
    st.sampled_from("\n\r\t\x00\u200b\ufeff０Ａ：é党🎉"),
    st.characters(),
)


@st.composite
def mutants(draw: st.DrawFn, seed: str) -> str:
    text = seed
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["replace", "insert", "delete", "truncate", "lower"]))
        i = draw(st.integers(0, len(text) - 1)) if text else 0
        if op == "replace":
            text = text[:i] + draw(MUTATION_CHARS) + text[i + 1:]
        elif op == "insert":
            text = text[:i] + draw(MUTATION_CHARS) + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + 1:]
        elif op == "truncate":
            text = text[:i]
        else:
            text = text[:i] + text[i:i + 5].lower() + text[i + 5:]
    return text


@given(data=st.data())
@SETTINGS
def test_every_mutated_pass_is_refused_and_writes_nothing_unless_it_is_the_pass(hall: Hall, data: st.DataObject) -> None:
    text = data.draw(mutants(hall.text))
    before = hall.rows()
    result = hall.service.scan(text)
    event(result.outcome.value)
    if text.strip() == hall.text:  # the real pass (a scanner's spaces around it are stripped), accepted once
        assert result.outcome in (CheckinOutcome.ACCEPTED, CheckinOutcome.ALREADY_CHECKED_IN)
    else:
        assert result.outcome in (CheckinOutcome.FORGED, CheckinOutcome.UNREADABLE), (text, result)
        assert hall.rows() == before
        assert result.booking_id is None and result.organisation is None


@given(text=st.text(max_size=400))
@SETTINGS
def test_any_text_whatsoever_is_answered_without_a_write(hall: Hall, text: str) -> None:
    before = hall.rows()
    assert hall.service.scan(text).outcome is CheckinOutcome.UNREADABLE
    assert hall.rows() == before


def test_a_fresh_booking_id_in_sql_shape_is_not_interpreted(hall: Hall) -> None:
    """The only database lookups a scan does use a UUID parsed from a signed pass, never scanner text."""
    bogus = str(uuid.uuid4()) + "' OR 1=1 --"
    before = hall.rows()
    assert hall.service.scan(bogus).outcome is CheckinOutcome.UNREADABLE
    assert hall.rows() == before  # nothing written, nothing dropped
