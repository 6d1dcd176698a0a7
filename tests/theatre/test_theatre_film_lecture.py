"""A film's run (what the player reports, what the remote asks) and a lecture's slides."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.clock import FakeClock
from kiosk.theatre.film import FAILED_RETURN_SECONDS, FIRST_FRAME_TIMEOUT, FilmRun, FilmState
from kiosk.theatre.lecture import LectureRun
from kiosk.theatre.model import Film, Lecture
from kiosk.theatre.remote import Action, KeymapError, RemoteKeys, parse_keymap

FILM = Film("f", "红船启航", Path("/nowhere/f.mp4"), 50)


def test_film_pauses_seeks_within_the_file_and_ends(clock: FakeClock) -> None:
    run = FilmRun(FILM, clock)
    assert not run.press(Action.PAUSE)  # nothing to pause before the first frame
    run.loaded(48.0)
    assert run.state is FilmState.PLAYING and run.duration == 48.0
    run.press(Action.PAUSE)
    assert run.paused
    run.press(Action.START)
    assert not run.paused
    run.progressed(10.0)
    run.press(Action.NEXT)
    assert run.take_seek() == 40.0 and run.take_seek() is None
    run.press(Action.NEXT)
    assert run.take_seek() == 47.0  # never past the end
    run.press(Action.PREVIOUS)
    run.press(Action.PREVIOUS)
    run.press(Action.PREVIOUS)
    run.press(Action.PREVIOUS)
    run.press(Action.PREVIOUS)
    assert run.take_seek() == 0.0
    run.progressed(47.9)
    run.reached_end()
    assert run.finished and run.completed and run.should_leave


def test_film_volume_stays_between_0_and_1(clock: FakeClock) -> None:
    run = FilmRun(FILM, clock, volume=0.95)
    run.press(Action.VOLUME_UP)
    assert run.volume == 1.0 and not run.press(Action.VOLUME_UP)
    for _ in range(15):
        run.press(Action.VOLUME_DOWN)
    assert run.volume == 0.0


def test_a_film_without_a_first_frame_fails_with_a_sentence_and_leaves(clock: FakeClock) -> None:
    run = FilmRun(FILM, clock)
    clock.advance(FIRST_FRAME_TIMEOUT)
    run.tick()
    assert run.state is FilmState.FAILED and "无法播放" in run.failed_message and "f.mp4" in run.failed_message
    assert run.finished and not run.completed and not run.should_leave
    clock.advance(FAILED_RETURN_SECONDS)
    assert run.should_leave


def test_a_key_on_a_failed_film_leaves_at_once(clock: FakeClock) -> None:
    run = FilmRun(FILM, clock)
    run.player_failed("文件损坏")
    assert "文件损坏" in run.failed_message
    run.press(Action.NEXT)
    assert run.should_leave


def test_lecture_slides_progress_blank_and_closing(clock: FakeClock) -> None:
    run = LectureRun(Lecture("l", "讲座", (Path("1.png"), Path("2.png")), narration=("第一张",)), clock)
    assert run.progress == 0.5 and run.narration == "第一张"
    assert not run.press(Action.PREVIOUS)
    run.press(Action.PAUSE)
    assert run.blank
    run.press(Action.NEXT)
    assert not run.blank and run.index == 1 and run.progress == 1.0 and run.narration == ""
    run.press(Action.NEXT)
    assert run.closing and not run.finished
    run.press(Action.PREVIOUS)
    assert not run.closing and run.index == 1
    run.press(Action.NEXT)
    run.press(Action.NEXT)
    assert run.finished and run.completed


def test_lecture_stopped_early_is_not_complete(clock: FakeClock) -> None:
    run = LectureRun(Lecture("l", "讲座", (Path("1.png"), Path("2.png"))), clock)
    run.press(Action.STOP)
    assert run.finished and not run.completed
    with pytest.raises(ValueError):
        LectureRun(Lecture("l", "讲座", ()), clock)


def test_the_remote_table_and_its_setting() -> None:
    keys = RemoteKeys()
    assert [keys.action_for(k) for k in ("pagedown", "right", "pageup", "left", "b", ".", "f5", "escape")] == [
        Action.NEXT, Action.NEXT, Action.PREVIOUS, Action.PREVIOUS, Action.PAUSE, Action.PAUSE, Action.START,
        Action.STOP,
    ]
    assert keys.action_for("q") is None and keys.action_for(None) is None
    custom = RemoteKeys.from_setting("n=next， p=previous, b=")
    assert custom.action_for("N") is Action.NEXT and custom.action_for("p") is Action.PREVIOUS
    assert custom.action_for("b") is None and custom.action_for("pagedown") is Action.NEXT
    for bad in ("n", "=next", "n=fly"):
        with pytest.raises(KeymapError):
            parse_keymap(bad)


def test_a_film_that_stops_far_before_its_length_is_damaged(clock: FakeClock) -> None:
    run = FilmRun(FILM, clock)
    run.loaded(50.0)
    run.progressed(12.4)
    run.reached_end()
    assert run.state is FilmState.FAILED and "0:12 中断" in run.failed_message and not run.completed
