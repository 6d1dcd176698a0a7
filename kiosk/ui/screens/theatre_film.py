"""A red film full screen: Kivy's Video (ffpyplayer provider) follows ``vm.theatre.film_*`` and
reports back its first frame, its position and its end. Decoding runs on ffpyplayer's threads;
a file FFmpeg cannot read never reaches the Video (the view model probes it first)."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import ObjectProperty

from kiosk.config import PROJECT_ROOT
from kiosk.ui.screens.base import VmScreen
from kiosk.ui.screens.theatre_parts import TheatreHostBar  # noqa: F401 - kv class


BLACK = str(PROJECT_ROOT / "assets" / "theatre" / "black.png")


class TheatreFilmScreen(VmScreen):
    video = ObjectProperty(None, allownone=True)

    def vm_ready(self, vm: Any) -> None:
        theatre = vm.theatre
        theatre.bind(film_source=self._source, film_state=self._state, film_volume=self._volume,
                     film_seek_serial=self._seek)

    _poll: Any = None

    def on_pre_enter(self, *_args: Any) -> None:
        self._source(self.vm.theatre, self.vm.theatre.film_source)

    def on_pre_leave(self, *_args: Any) -> None:
        self._drop_video()

    def _source(self, _theatre: Any, source: str) -> None:
        # The Video is made as soon as the probed file arrives and this is the screen asked for,
        # not in on_enter: on a loaded PC the fade into this screen can take seconds of frames.
        if not source or self.vm.screen != self.name:
            self._drop_video()
            return
        if self.video is not None and self.video.source == source:
            return
        from kivy.uix.video import Video

        self._drop_video()
        # preview: a black picture until the first frame (else Image tries to read the MP4 as a picture)
        video = Video(preview=BLACK, source=source, state="stop", volume=self.vm.theatre.film_volume,
                      fit_mode="contain", options={"eos": "stop"})
        video.bind(loaded=self._loaded, eos=self._eos)
        self.ids.stage.add_widget(video, index=len(self.ids.stage.children))
        self.video = video
        video.state = self.vm.theatre.film_state if self.vm.theatre.film_state != "stop" else "play"
        self._poll = Clock.schedule_interval(self._report_position, 0.25)  # lives with the Video

    def _drop_video(self) -> None:
        if self._poll is not None:
            self._poll.cancel()
            self._poll = None
        video, self.video = self.video, None
        if video is not None:
            video.unbind(loaded=self._loaded, eos=self._eos)
            video.state = "stop"
            video.unload()
            if video.parent is not None:
                video.parent.remove_widget(video)

    def _state(self, _theatre: Any, state: str) -> None:
        if self.video is not None and state in ("play", "pause") and self.video.state != state:
            self.video.state = state

    def _volume(self, _theatre: Any, volume: float) -> None:
        if self.video is not None:
            self.video.volume = volume

    def _seek(self, theatre: Any, _serial: int) -> None:
        video = self.video
        if video is not None and video.duration > 0 and theatre.film_seek >= 0:
            video.seek(min(1.0, theatre.film_seek / video.duration), precise=True)

    def _loaded(self, video: Any, loaded: bool) -> None:
        if loaded:
            self.vm.theatre.film_loaded(float(video.duration))

    def _eos(self, _video: Any, eos: bool) -> None:
        if eos:
            self.vm.theatre.film_ended()

    def _report_position(self, _dt: float) -> None:
        if self.video is not None and self.video.loaded:
            self.vm.theatre.film_progress(float(self.video.position))
