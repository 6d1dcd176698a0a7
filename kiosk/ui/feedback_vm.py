"""留言评价 (feedback at the exit): five faces, tag buttons from the content folder, the group picker.

Tapping tags only marks them; tapping a face records the feedback fact (rating, the marked tags,
the group) on the database runner, thanks the visitor and goes home. The group: one chosen on a
quiz result in this visit is taken, shown chosen (``kiosk.visitor.visit_group``); else when exactly one
group is in the hall the service attaches it by itself; when several are (or this kiosk only knows
today's bookings) their names are offered as buttons, and choosing none is fine. Feedback is anonymous.
When there is a hub, a QR code opens its 留言建议 form on the visitor's phone for a longer suggestion
(``kiosk.visitor.feedback_link``).
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty

from kiosk.reports.feedback import RATING_LABELS
from kiosk.services import KioskServices
from kiosk.tasks import Operations, Runner
from kiosk.visitor.feedback_link import feedback_form_url
from kiosk.visitor.visit_group import VisitGroup

log = logging.getLogger(__name__)

SCREEN = "feedback"
THANKS_SECONDS = 4.0
FORM_NOTE = "想多说几句？\n用手机扫码，\n填写留言建议（匿名）。"
FACES = tuple((rating, RATING_LABELS[rating]) for rating in (5, 4, 3, 2, 1))
"""(rating, words) in the order shown, the happiest face first."""


class Host(Protocol):
    services: KioskServices
    ops: Operations
    report_runner: Runner
    visit_group: VisitGroup

    def show_screen(self, name: str) -> None: ...

    def go_home(self) -> None: ...


class FeedbackViewModel(EventDispatcher):
    tags = ListProperty()
    """Dicts with text and chosen (bool)."""
    groups = ListProperty()
    """Dicts with id (str), name, chosen; empty when there is nothing to choose."""
    groups_note = StringProperty("")
    thanked = BooleanProperty(False)
    message = StringProperty("")
    rating = NumericProperty(0)
    """The rating just recorded (0 before a face is tapped)."""
    form_url = StringProperty("")
    """The hub's suggestion form for this hall ("" when there is no hub: no QR code)."""
    form_qr = ObjectProperty(None, allownone=True)

    def __init__(self, host: Host, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._host = host
        self._thanked_at: float | None = None
        self._busy = False

    def open(self) -> None:
        """The screen, fresh: tags from the content folder; the groups read off the UI thread."""
        self.clear()
        reports = self._host.services.reports
        self.tags = [{"text": t, "chosen": False} for t in (reports.feedback_tags() if reports else ())]
        self._host.show_screen(SCREEN)
        self._load_form_link()
        known = self._host.visit_group.chosen
        if known is not None:  # chosen on the quiz result in this visit: not asked again (a tap undoes it)
            self.groups = [{"id": str(known.organisation_id), "name": known.name, "chosen": True}]
            self.groups_note = f"评价记入您答题时选的“{known.name}”（点一下可取消）"
            return
        presence = self._host.services.presence
        if presence is None:
            return

        def loaded(choices: Any) -> None:
            if choices.to_offer:
                self.groups = [{"id": str(g.organisation_id), "name": g.name, "chosen": False} for g in choices.to_offer]
                self.groups_note = "您是哪个单位的？（可不选）" if choices.source == "checkins" else "今天预约的单位（可不选）"

        self._host.ops.run(presence.choices, loaded, screen=SCREEN, on=self._host.report_runner)

    def _load_form_link(self) -> None:
        """The form's address (the enrolled hub is read off the UI thread), then its QR texture."""
        services = self._host.services
        sync = getattr(services, "sync", None)

        def read() -> str | None:
            return feedback_form_url(services.config.hall_id, services.config.hub_public_url,
                                     sync.hub_url if sync is not None else lambda: None)

        def loaded(url: str | None) -> None:
            from kiosk.ui.qr import qr_texture

            self.form_url = url or ""
            self.form_qr = qr_texture(url) if url else None

        self._host.ops.run(read, loaded, lambda exc: log.warning("hub address not read: %s", exc), screen=SCREEN)

    def toggle_tag(self, text: str) -> None:
        self.tags = [dict(t, chosen=(not t["chosen"]) if t["text"] == text else t["chosen"]) for t in self.tags]

    def choose_group(self, group_id: str) -> None:
        self.groups = [dict(g, chosen=(g["id"] == group_id and not g["chosen"])) for g in self.groups]

    def rate(self, rating: int) -> None:
        """One tap on a face records the feedback."""
        if self._busy or self.thanked:
            return
        import uuid

        reports = self._host.services.reports
        chosen_tags = [t["text"] for t in self.tags if t["chosen"]]
        group = next((uuid.UUID(g["id"]) for g in self.groups if g["chosen"]), None)
        self._busy = True

        def done(_result: Any) -> None:
            self._busy = False
            self.rating = rating
            self.thanked = True
            self.message = "谢谢您的评价！欢迎再来参观。"
            self._thanked_at = self._host.services.clock.monotonic()

        def failed(exc: BaseException) -> None:
            self._busy = False
            log.error("feedback not recorded: %s", exc)
            self.message = "评价没有保存成功，请再点一次。"

        def record() -> Any:
            if reports is None:  # no reports service (as before: fails on the worker, the message says so)
                raise RuntimeError("services.reports is not set: feedback cannot be recorded")
            return reports.record_feedback(rating=rating, tags=chosen_tags, organisation_id=group)

        self._host.ops.run(record, done, failed, screen=SCREEN)

    def tick(self) -> None:
        """After the thank-you has been on show a few seconds, back home."""
        if self.thanked and self._thanked_at is not None:
            if self._host.services.clock.monotonic() - self._thanked_at >= THANKS_SECONDS:
                self.clear()
                self._host.go_home()

    def clear(self) -> None:
        self.tags = [dict(t, chosen=False) for t in self.tags]
        self.groups = []
        self.groups_note = ""
        self.thanked = False
        self.message = ""
        self.rating = 0
        self._thanked_at = None
        self._busy = False
