"""The theatre part of the view model (``vm.theatre``): what the four theatre screens show.

It holds the host's state machine (:class:`kiosk.theatre.host.TheatreHost`) and turns its state
into display values after every key, touch and tick; it decides nothing the state machine
decides. The screens make the Kivy ``Video`` follow ``film_*`` and report back what the player
does (first frame, position, end); the probe, the database and speech run on the runners.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty

from kiosk.clock import HALL_TIMEZONE
from kiosk.speech.narrator import NarrationState
from kiosk.theatre import audience as aud
from kiosk.theatre.ceremony import GUIDED, LED, CeremonyRun, CeremonyStage
from kiosk.theatre.film import FilmRun, FilmState
from kiosk.theatre.host import HostStage, Outcome, TheatreHost
from kiosk.theatre.lecture import LectureRun
from kiosk.theatre.model import KIND_NAMES, Ceremony, Lecture, Programme
from kiosk.theatre.pdf_slides import prepare_lecture
from kiosk.theatre.probe import FilmProbe, probe_film
from kiosk.theatre.records import souvenir_path
from kiosk.theatre.remote import Action, RemoteKeys
from kiosk.theatre.schedule import describe_start

log = logging.getLogger(__name__)

SIGNAGE = "theatre_signage"
"""The theatre's start screen (a device whose role is the theatre starts here)."""
THEATRE_SCREENS = (SIGNAGE, "theatre_film", "theatre_lecture", "theatre_ceremony")
_RUN_SCREENS = {FilmRun: "theatre_film", LectureRun: "theatre_lecture", CeremonyRun: "theatre_ceremony"}
MODE_NAMES = {LED: "领誓（主持人领读）", GUIDED: "跟读（电脑朗读并停顿）"}


def _clock_text(seconds: float) -> str:
    minutes, secs = divmod(int(max(0.0, seconds)), 60)
    return f"{minutes}:{secs:02d}"


class TheatreViewModel(EventDispatcher):
    stage = StringProperty("signage")
    host_bar = BooleanProperty(False)
    """The touch host bar is open (staff opened the theatre from the console, behind the PIN)."""
    host_buttons = ListProperty()
    """The host bar's buttons now: dicts with text and action."""
    message = StringProperty("")

    # signage
    today = ListProperty()
    """Today's scheduled items: dicts with time, title, kind, past (bool)."""
    items = ListProperty()
    """Every item: dicts with id, title, kind, note, selected (bool)."""
    next_text = StringProperty("")
    clock_text = StringProperty("")

    # audience choice
    pending_title = StringProperty("")
    pending_is_ceremony = BooleanProperty(False)
    options = ListProperty()
    """Dicts with label and chosen (bool)."""
    ceremony_mode = StringProperty(LED)
    mode_text = StringProperty("")
    auto_text = StringProperty("")

    # film
    film_title = StringProperty("")
    film_source = StringProperty("")
    film_state = StringProperty("stop")
    """What the Video should do: "play", "pause" or "stop"."""
    film_volume = NumericProperty(0.8)
    film_position = NumericProperty(0)
    film_duration = NumericProperty(0)
    film_time_text = StringProperty("")
    film_message = StringProperty("")
    film_loading = BooleanProperty(False)
    """The film is chosen but its first frame is not on screen yet."""
    film_seek = NumericProperty(-1)
    """A position (seconds) the Video should jump to; -1 when none is asked for."""
    film_seek_serial = NumericProperty(0)

    # lecture
    lecture_title = StringProperty("")
    slide_source = StringProperty("")
    slide_progress = NumericProperty(0)
    slide_text = StringProperty("")
    lecture_blank = BooleanProperty(False)
    lecture_closing = BooleanProperty(False)

    # ceremony
    ceremony_title = StringProperty("")
    ceremony_stage = StringProperty("intro")
    phrase = StringProperty("")
    phrase_text = StringProperty("")
    """"第 3 句 / 共 12 句"."""
    signatory = StringProperty("")
    oath_date = StringProperty("")
    ceremony_held = BooleanProperty(False)
    ceremony_hint = StringProperty("")
    oath_full = StringProperty("")
    """The whole oath in one text, for the closing card (and so the souvenir)."""
    souvenir_request = StringProperty("")
    """A path the ceremony screen should save its picture to ('' when nothing is asked)."""
    souvenir_saved = StringProperty("")

    def __init__(self, host: Any, narration: Any) -> None:
        super().__init__()
        self._host = host
        services = host.services
        self.keys = RemoteKeys.from_setting(services.config.theatre_keys)
        self.programme = Programme()
        self.hall_name = ""
        self.host = TheatreHost(self.programme, services.clock, on_finished=self._finished)
        self.narrator = narration
        """The kiosk's one narration (kiosk.ui.narration_vm): the guided oath and lecture narration."""
        narration.bind(state=self._speech_changed)
        self._speaking_token: int | None = None
        self._spoken_request: int | None = None
        self._film_token = 0
        self._slide_cache = services.data_dir / "slide-cache"
        self._last_slide_spoken: str | None = None

    # ----- content ------------------------------------------------------------------------
    def load(self, content_root: Path, hall_name: str, programme: Programme | None = None) -> None:
        """Take the programme of the content that passed the check: ``programme`` when the check
        was kept (kiosk.exhibits.prepared), else read from ``content_root`` (the last good copy if
        need be; reading it imports pydantic, so it is imported only then)."""
        self.hall_name = hall_name
        if programme is None:
            from kiosk.theatre.content import load_programme

            loaded = load_programme(content_root)
            if loaded.programme is None:  # cannot happen for checked content; keep what we have
                log.error("theatre programme refused: %s", loaded.problems[:3])
                return
            programme = loaded.programme
        self.programme = programme
        self.host = TheatreHost(self.programme, self._host.services.clock, on_finished=self._finished)
        pdf_lectures = [i for i in self.programme.items if isinstance(i, Lecture) and i.pdf is not None]
        if pdf_lectures:  # rendered ahead of time, off the UI thread
            cache = self._slide_cache
            self._host.ops.run(lambda: [prepare_lecture(i, cache) for i in pdf_lectures], self._lectures_ready,
                               lambda exc: log.error("PDF slides: %s", exc), always=True)
        self._sync()

    def _lectures_ready(self, lectures: list[Lecture]) -> None:
        ready = {lecture.id: lecture for lecture in lectures}
        items = tuple(ready.get(i.id, i) for i in self.programme.items)
        self.programme = Programme(items, self.programme.schedule)
        self.host.programme = self.programme
        self._sync()

    # ----- opening ------------------------------------------------------------------------
    @property
    def holds_visit(self) -> bool:
        """An item running or an audience being chosen keeps the idle reset away."""
        return self.host.stage is not HostStage.SIGNAGE and self._host.screen in THEATRE_SCREENS

    def open(self, *, host_bar: bool = False) -> None:
        """The theatre's signage (the home card, a theatre PC's start, the staff console)."""
        self.host_bar = host_bar
        self.message = ""
        self.refresh_groups()
        self._sync()
        self._host.show_screen(self._screen_for_stage())

    def refresh_groups(self) -> None:
        records = self._host.services.theatre
        if records is None:
            return
        self._host.ops.run(records.checked_in_groups, self._groups_arrived,
                           lambda exc: log.error("checked-in groups: %s", exc), always=True)

    def _groups_arrived(self, groups: list[aud.Audience]) -> None:
        self.host.set_groups(groups)
        self._sync()

    # ----- input --------------------------------------------------------------------------
    def key(self, key_name: str) -> bool:
        """A key from the presenter remote (Kivy's key name); True when it was the theatre's."""
        action = self.keys.action_for(key_name)
        if action is None:
            return False
        self._host.touched()  # the host is here: the idle reset starts over
        self.act(action)
        return True

    def act(self, action: Action) -> None:
        run = self.host.run
        if (action is Action.START and isinstance(run, CeremonyRun)
                and run.stage is CeremonyStage.SIGNATURE):
            self.save_souvenir()
            return
        was = self.host.stage
        self.host.press(action)
        if was is HostStage.SIGNAGE and self.host.stage is HostStage.AUDIENCE:
            self.refresh_groups()
        self._sync()

    def host_action(self, name: str) -> None:
        """A button of the touch host bar."""
        if name == "close_bar":
            self.host_bar = False
        elif name == "walk_in_more":
            self.host.set_walk_in(self.host.walk_in_count + 5)
        elif name == "walk_in_fewer":
            self.host.set_walk_in(self.host.walk_in_count - 5)
        elif name == "mode":
            self.host.ceremony_mode = GUIDED if self.host.ceremony_mode == LED else LED
            self.host.auto_start_at = None
        elif name == "souvenir":
            self.save_souvenir()
            return
        elif name == "home":
            self.host.stop()
            self.host.cancel()
            self._sync()
            self._host.go_home()
            return
        else:
            self.act(Action(name))
            return
        self._sync()

    def choose_item(self, item_id: str) -> None:
        if self.host.choose(item_id):
            self.refresh_groups()
        self._sync()

    def pick_option(self, index: int) -> None:
        self.host.pick(index)
        self._sync()

    def tick(self) -> None:
        if self._host.screen not in THEATRE_SCREENS:
            return
        self.host.tick()
        self._sync()

    # ----- what the film screen reports ---------------------------------------------------
    def film_loaded(self, duration: float) -> None:
        if isinstance(self.host.run, FilmRun):
            self.host.run.loaded(duration)
            self._sync()

    def film_progress(self, position: float) -> None:
        if isinstance(self.host.run, FilmRun):
            self.host.run.progressed(position)
            self.film_position = self.host.run.position
            self.film_time_text = f"{_clock_text(self.film_position)} / {_clock_text(self.film_duration)}"

    def film_ended(self) -> None:
        if isinstance(self.host.run, FilmRun):
            self.host.run.reached_end()
            self.host.tick()
            self._sync()

    def _start_film(self, run: FilmRun) -> None:
        """Probe the file off the UI thread; only a playable file reaches the Video."""
        self._film_token += 1
        token = self._film_token
        path = run.film.file

        def probed(result: Any) -> None:
            if token != self._film_token or self.host.run is not run:
                return
            if result.ok:
                run.probed(result.duration)
                self.film_source = str(path)
                self.film_state = "play"
            else:
                run.player_failed(result.reason)
            self._sync()

        self._host.ops.run(lambda: probe_film(path), probed, lambda exc: probed(FilmProbe(False, reason=str(exc))),
                           always=True)

    # ----- the souvenir -------------------------------------------------------------------
    def save_souvenir(self) -> None:
        run = self.host.run
        if not isinstance(run, CeremonyRun) or run.stage is not CeremonyStage.SIGNATURE:
            return
        folder = self._host.services.data_dir / "souvenirs"
        folder.mkdir(parents=True, exist_ok=True)
        self.souvenir_request = str(souvenir_path(folder, run.group_name, run.date_text))

    def souvenir_written(self, path: str) -> None:
        self.souvenir_request = ""
        self.souvenir_saved = path
        self.message = f"留念照片已保存：{path}"
        self._sync_buttons()

    # ----- speech (guided ceremony, lecture narration) ------------------------------------
    def _speak_if_asked(self, run: Any) -> None:
        if isinstance(run, CeremonyRun) and run.speak_request is not None:
            request = run.speak_request
            if request.token != self._spoken_request:
                self._spoken_request = request.token
                self._speaking_token = None
                self.narrator.stop()  # the last phrase's speech ends first: its "idle" is not this one's
                self._speaking_token = request.token
                self.narrator.speak(f"oath-{request.token}", request.text)

    def _speech_changed(self, _narration: Any, state: str) -> None:
        if state in (NarrationState.IDLE.value, NarrationState.FAILED.value) and self._speaking_token is not None:
            token, self._speaking_token = self._speaking_token, None
            run = self.host.run
            if isinstance(run, CeremonyRun):
                run.spoken(token)

    # ----- facts --------------------------------------------------------------------------
    def _finished(self, outcome: Outcome) -> None:
        self.narrator.stop()
        self._speaking_token = None
        self._spoken_request = None
        self._last_slide_spoken = None
        self.film_state = "stop"
        self.film_source = ""
        records = self._host.services.theatre
        if records is None:
            return
        self._host.ops.run(lambda: records.record(outcome), lambda _fact: None,
                           lambda exc: log.error("could not record the screening: %s", exc), always=True)

    # ----- display values -----------------------------------------------------------------
    def _screen_for_stage(self) -> str:
        run = self.host.run
        if self.host.stage is HostStage.RUNNING and run is not None:
            return _RUN_SCREENS[type(run)]
        return SIGNAGE

    def _sync(self) -> None:
        host = self.host
        previous_stage = self.stage
        self.stage = host.stage.value
        now = self._host.services.clock.now()
        self.clock_text = now.astimezone(_hall_tz()).strftime("%H:%M")
        self._sync_signage(now)
        self._sync_audience()
        run = host.run
        if isinstance(run, FilmRun):
            self._sync_film(run, starting=previous_stage != "running")
        elif isinstance(run, LectureRun):
            self._sync_lecture(run)
        elif isinstance(run, CeremonyRun):
            self._sync_ceremony(run)
            self._speak_if_asked(run)
        self._sync_buttons()
        screen = self._screen_for_stage()
        if self._host.screen in THEATRE_SCREENS and self._host.screen != screen:
            self._host.show_screen(screen)

    def _sync_signage(self, now: Any) -> None:
        today = self.host.today()
        local = now.astimezone(_hall_tz())
        self.today = [
            {"time": s.starts.strftime("%H:%M"), "title": s.item.title, "kind": KIND_NAMES[s.item.kind],
             "past": s.starts < local.replace(second=0, microsecond=0)}
            for s in today
        ]
        nxt = self.host.next_showing()
        if nxt:
            self.next_text = f"下一场　{describe_start(nxt, now)}　{nxt.item.title}"
        else:
            self.next_text = "演播区暂无节目" if not self.host.items else "近期没有安排场次"
        selected = self.host.selected_item
        self.items = [
            {"id": item.id, "title": item.title, "kind": KIND_NAMES[item.kind],
             "note": _item_note(item), "selected": selected is not None and item.id == selected.id}
            for item in self.host.items
        ]

    def _sync_audience(self) -> None:
        host = self.host
        pending = host.pending
        self.pending_title = f"【{KIND_NAMES[pending.kind]}】{pending.title}" if pending else ""
        self.pending_is_ceremony = isinstance(pending, Ceremony)
        self.options = [{"label": o.label, "chosen": i == host.option_index} for i, o in enumerate(host.options)]
        self.ceremony_mode = host.ceremony_mode
        self.mode_text = f"方式：{MODE_NAMES[host.ceremony_mode]}（按 B 键切换）" if self.pending_is_ceremony else ""
        left = host.auto_seconds_left
        self.auto_text = f"{int(left + 0.99)} 秒后自动开始" if left is not None else ""

    def _sync_film(self, run: FilmRun, starting: bool) -> None:
        if starting or self.film_title != run.film.title:
            self.film_title = run.film.title
            self.film_message = ""
            self.film_source = ""
            self.film_position = 0
            self._start_film(run)
        self.film_duration = run.duration
        self.film_volume = run.volume
        self.film_loading = run.state is FilmState.LOADING
        if run.state is FilmState.FAILED:
            self.film_message = run.failed_message + "\n按遥控器任意键返回节目单。"
            self.film_state = "stop"
        elif self.film_source:
            self.film_state = "pause" if run.paused else "play"
        target = run.take_seek()
        if target is not None:
            self.film_seek = target
            self.film_seek_serial += 1
        self.film_time_text = f"{_clock_text(run.position)} / {_clock_text(run.duration)}"

    def _sync_lecture(self, run: LectureRun) -> None:
        self.lecture_title = run.lecture.title
        self.slide_source = str(run.lecture.slides[run.index])
        self.slide_progress = run.progress
        self.lecture_blank = run.blank
        self.lecture_closing = run.closing
        self.slide_text = "讲座结束" if run.closing else f"第 {run.index + 1} 页 / 共 {run.count} 页"
        key = "" if run.closing else f"slide-{run.lecture.id}-{run.index}"
        if key != self._last_slide_spoken:  # a new slide: its narration (if any) replaces the last
            self._last_slide_spoken = key
            self.narrator.stop()
            if run.narration:
                self.narrator.speak(key, run.narration)

    def _sync_ceremony(self, run: CeremonyRun) -> None:
        self.ceremony_title = run.ceremony.title
        self.ceremony_stage = run.stage.value
        self.oath_full = "，".join(run.phrases) + "。"
        self.phrase = run.phrase
        total = len(run.phrases)
        self.phrase_text = f"第 {run.index + 1} 句 / 共 {total} 句" if run.stage is CeremonyStage.PHRASE else ""
        self.signatory = run.signatory
        self.oath_date = run.date_text
        self.ceremony_held = run.held
        if run.stage is CeremonyStage.INTRO:
            self.ceremony_hint = ("请全体起立，面向党旗，举起右手，握拳过肩" if run.mode == LED
                                  else "请全体起立，面向党旗，举起右手，握拳过肩。电脑领读，每句之后请跟读")
        elif run.stage is CeremonyStage.SIGNATURE:
            self.ceremony_hint = "宣誓完毕"
        else:
            self.ceremony_hint = "已暂停" if run.held else ""

    def _sync_buttons(self) -> None:
        host = self.host
        if host.stage is HostStage.SIGNAGE:
            buttons = [("‹ 上一个", "previous"), ("开始 ▶", "start"), ("下一个 ›", "next")]
        elif host.stage is HostStage.AUDIENCE:
            buttons = [("‹ 上一项", "previous"), ("下一项 ›", "next"), ("散客 −5", "walk_in_fewer"),
                       ("散客 +5", "walk_in_more")]
            if self.pending_is_ceremony:
                buttons.append(("领誓 / 跟读", "mode"))
            buttons += [("取消", "stop"), ("开始 ▶", "start")]
        else:
            run = host.run
            buttons = [("‹ 上一个", "previous")]
            if isinstance(run, FilmRun):
                buttons += [("暂停 / 继续", "pause"), ("快进 ›", "next"), ("音量 −", "volume_down"),
                            ("音量 +", "volume_up")]
            elif isinstance(run, CeremonyRun):
                buttons += [("下一句 ›", "next")]
                if run.mode == GUIDED:
                    buttons.append(("暂停 / 继续", "pause"))
                if run.stage is CeremonyStage.SIGNATURE:
                    buttons.append(("保存留念照片", "souvenir"))
            else:
                buttons += [("黑屏", "pause"), ("下一页 ›", "next")]
            buttons.append(("结束", "stop"))
        buttons.append(("收起", "close_bar"))
        self.host_buttons = [{"text": t, "action": a} for t, a in buttons]

    def clear(self) -> None:
        """The idle reset on a visitor kiosk: nothing of the theatre stays open."""
        if self.host.stage is not HostStage.SIGNAGE:
            self.host.stop()
            self.host.cancel()
        self.host_bar = False
        self.message = ""


def _item_note(item: Any) -> str:
    if isinstance(item, Lecture):
        return f"{len(item.slides)} 页" + (f" · {item.speaker}" if item.speaker else "") if item.slides else "准备中"
    if isinstance(item, Ceremony):
        return f"{len(item.phrases)} 句"
    return f"片长 {_clock_text(item.seconds)}"


def _hall_tz() -> Any:
    return HALL_TIMEZONE
