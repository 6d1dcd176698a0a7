"""Property tests: mutated passes are refused, and no input whatsoever makes the verifier raise."""

from __future__ import annotations

import uuid
from datetime import date

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pass_helpers import HALL, TODAY, make_pass

from kiosk.passes.codec import _PASS_RE, PassKind
from kiosk.passes.keys import SigningKey
from kiosk.passes.outcomes import VerifyOutcome
from kiosk.passes.verify import verify_pass

KEY = SigningKey.generate()
KEYRING = KEY.keyring()
VALID_PASSES = [
    make_pass(KEY).text,
    make_pass(KEY, headcount=1, kind=PassKind.INDIVIDUAL, pass_id=uuid.UUID(int=0)).text,
    make_pass(KEY, valid_from=date(2025, 1, 1), valid_to=date(2025, 12, 31), headcount=9999).text,
]
VALID_SET = frozenset(VALID_PASSES)
REFUSALS = {VerifyOutcome.FORGED, VerifyOutcome.UNREADABLE}

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters a mutation may introduce: the pass alphabet, its lookalikes and plain junk.
MUTATION_CHARS = st.one_of(
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
    st.sampled_from("0189:-=+/ $%*."),
    st.sampled_from("abcdefghijklmnopqrstuvwxyz"),
    st.sampled_from("\n\r\t\x00\u200b\ufeff０Ａ：é党🎉"),
    st.characters(),
)


def _verify(text: object) -> VerifyOutcome:
    return verify_pass(text, keyring=KEYRING, hall_id=HALL, today=TODAY, revoked=frozenset()).outcome


@st.composite
def mutants(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(VALID_PASSES))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["replace", "insert", "delete", "truncate", "swapcase", "lower", "upper"]))
        i = draw(st.integers(0, max(0, len(text) - 1)))
        if op == "replace":
            text = text[:i] + draw(MUTATION_CHARS) + text[i + 1 :]
        elif op == "insert":
            text = text[:i] + draw(MUTATION_CHARS) + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + 1 :]
        elif op == "truncate":
            text = text[:i]
        else:
            j = draw(st.integers(i, len(text)))
            span = text[i:j]
            changed = {"swapcase": span.swapcase(), "lower": span.lower(), "upper": span.upper()}[op]
            text = text[:i] + changed + text[j:]
    return text


def test_the_seed_passes_are_valid() -> None:
    assert all(_verify(text) is VerifyOutcome.VALID for text in VALID_PASSES)


@FAST
@given(mutants())
def test_every_mutant_is_refused_or_identical_to_a_valid_pass(text: str) -> None:
    outcome = _verify(text)
    event(outcome.value)
    if text in VALID_SET:
        assert outcome is VerifyOutcome.VALID
    else:
        assert outcome in REFUSALS, (outcome, text)


B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# The characters each ':'-separated field may hold, by field number.
FIELD_ALPHABETS = {
    1: B32,
    2: B32,
    3: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-",
    4: "0123456789",
    5: "0123456789",
    6: "0123456789",
    7: "GI",
    8: "0123456789ABCDEF",
    9: B32,
}


@st.composite
def lookalike_mutants(draw: st.DrawFn) -> str:
    """Substitutions within each field's own alphabet: well-formed, so they reach the signature check."""
    text = draw(st.sampled_from(VALID_PASSES))
    fields = text.split(":")
    for _ in range(draw(st.integers(1, 3))):
        number = draw(st.integers(1, len(fields) - 1))
        field = fields[number]
        i = draw(st.integers(0, len(field) - 1))
        fields[number] = field[:i] + draw(st.sampled_from(FIELD_ALPHABETS[number])) + field[i + 1 :]
    return ":".join(fields)


@settings(max_examples=300, deadline=None)
@given(lookalike_mutants())
def test_well_formed_substitutions_are_forged_or_unreadable(text: str) -> None:
    outcome = _verify(text)
    event(outcome.value)
    if text in VALID_SET:
        assert outcome is VerifyOutcome.VALID
    else:
        assert outcome in REFUSALS, (outcome, text)


@FAST
@given(st.text(max_size=400))
def test_random_text_never_raises_and_is_refused(text: str) -> None:
    assert _verify(text) in REFUSALS


@FAST
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data: bytes) -> None:
    assert _verify(data) in REFUSALS


@FAST
@given(st.from_regex(_PASS_RE, fullmatch=True))
def test_well_formed_random_passes_are_refused(text: str) -> None:
    # Syntactically a pass, but nobody signed it: unreadable (bad date, stray
    # base32 bits...) or forged, never anything that reached the claims checks.
    assert _verify(text) in REFUSALS


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii"), min_size=1000, max_size=20_000))
def test_long_input_is_refused_cheaply(text: str) -> None:
    assert _verify("HK1:" + text) is VerifyOutcome.UNREADABLE
