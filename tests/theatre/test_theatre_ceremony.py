"""The oath ceremony as a state machine: led by the remote, guided on a fake clock, stopped early."""

from __future__ import annotations

from kiosk.clock import FakeClock
from kiosk.theatre.ceremony import (
    GUIDED, INTRO_SECONDS, SECONDS_PER_CHARACTER, SPEECH_GRACE, CeremonyRun, CeremonyStage, GuidedStep,
    repeat_seconds,
)
from kiosk.theatre.model import Ceremony
from kiosk.theatre.remote import Action
from tests.theatre.helpers import OATH

OATH_CEREMONY = Ceremony("oath", "重温入党誓词", OATH, 3.0)


def test_led_ceremony_advances_goes_back_and_ends_with_the_signatory(clock: FakeClock) -> None:
    run = CeremonyRun(OATH_CEREMONY, clock, group_name="东城区机关党委")
    assert run.stage is CeremonyStage.INTRO and run.phrase == ""
    assert not run.press(Action.PREVIOUS)  # nothing before the intro
    run.press(Action.NEXT)
    assert run.phrase == "我志愿加入中国共产党"
    run.press(Action.NEXT)
    assert run.phrase == "拥护党的纲领"
    assert run.press(Action.PREVIOUS) and run.phrase == "我志愿加入中国共产党"
    clock.advance(600)  # a led ceremony never moves by itself
    run.tick()
    assert run.phrase == "我志愿加入中国共产党"
    run.press(Action.NEXT)
    run.press(Action.NEXT)
    run.press(Action.NEXT)
    assert run.stage is CeremonyStage.SIGNATURE
    assert run.signatory == "宣誓人：东城区机关党委"
    assert run.date_text == "2026年11月21日"
    assert run.press(Action.PREVIOUS) and run.phrase == "永不叛党"  # back from the closing card
    run.press(Action.NEXT)
    run.press(Action.NEXT)
    assert run.finished and run.completed


def test_guided_ceremony_reads_then_pauses_then_moves_on(clock: FakeClock) -> None:
    run = CeremonyRun(OATH_CEREMONY, clock, mode=GUIDED)
    assert run.speak_request is None
    clock.advance(INTRO_SECONDS - 0.1)
    run.tick()
    assert run.stage is CeremonyStage.INTRO
    clock.advance(0.1)
    run.tick()
    assert run.phrase == OATH[0] and run.step is GuidedStep.SPEAKING
    request = run.speak_request
    assert request is not None and request.text == OATH[0]
    clock.advance(2.5)  # espeak-ng takes its time; the screen reports when it has finished
    run.spoken(request.token)
    assert run.step is GuidedStep.REPEATING and run.speak_request is None
    pause = repeat_seconds(OATH[0], 3.0)
    assert pause == len(OATH[0]) * SECONDS_PER_CHARACTER
    clock.advance(pause - 0.1)
    run.tick()
    assert run.phrase == OATH[0]
    clock.advance(0.1)
    run.tick()
    assert run.phrase == OATH[1] and run.speak_request is not None and run.speak_request.token == request.token + 1
    run.spoken(request.token)  # a late report for the old phrase changes nothing
    assert run.step is GuidedStep.SPEAKING


def test_guided_ceremony_goes_on_when_speech_never_reports(clock: FakeClock) -> None:
    run = CeremonyRun(OATH_CEREMONY, clock, mode=GUIDED)
    clock.advance(INTRO_SECONDS)
    run.tick()
    clock.advance(len(OATH[0]) * SECONDS_PER_CHARACTER + SPEECH_GRACE)
    run.tick()
    assert run.step is GuidedStep.REPEATING  # taken as spoken
    for _ in range(20):
        clock.advance(5)
        run.tick()
    assert run.stage is CeremonyStage.SIGNATURE and not run.finished  # the closing card waits for the host
    run.press(Action.NEXT)
    assert run.finished and run.completed


def test_guided_hold_keeps_the_remaining_pause(clock: FakeClock) -> None:
    run = CeremonyRun(OATH_CEREMONY, clock, mode=GUIDED)
    clock.advance(INTRO_SECONDS)
    run.tick()
    assert run.speak_request is not None
    run.spoken(run.speak_request.token)
    clock.advance(1.0)
    left = run.seconds_left
    assert left is not None
    run.press(Action.PAUSE)
    clock.advance(300)
    run.tick()
    assert run.held and run.phrase == OATH[0] and run.seconds_left == left
    run.press(Action.PAUSE)
    clock.advance(left - 0.05)
    run.tick()
    assert run.phrase == OATH[0]
    clock.advance(0.05)
    run.tick()
    assert run.phrase == OATH[1]


def test_stopping_early_is_not_complete_and_at_the_signature_it_is(clock: FakeClock) -> None:
    run = CeremonyRun(OATH_CEREMONY, clock)
    run.press(Action.NEXT)
    clock.advance(20)
    run.press(Action.STOP)
    assert run.finished and not run.completed
    assert run.ended_at == run.started_at + (clock.now() - run.started_at)
    assert not run.press(Action.NEXT)  # a finished run takes no keys
    done = CeremonyRun(OATH_CEREMONY, clock)
    for _ in range(len(OATH) + 1):
        done.press(Action.NEXT)
    done.press(Action.STOP)
    assert done.finished and done.completed
