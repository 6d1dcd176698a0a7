"""Snapshot steps of issue 8: 留言评价 and the staff 数据统计 dashboard on a small seeded history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from kiosk.clock import FakeClock, hall_date


def report_steps(clock: FakeClock) -> list[tuple[str, Any, float]]:
    def feedback(vm: Any) -> None:
        vm.reset_visit()
        vm.start_visit()
        vm.feedback.open()
        vm.feedback.toggle_tag(vm.feedback.tags[0]["text"])

    def feedback_hub(vm: Any) -> None:
        """With a hub (as ``kiosk sync enrol`` leaves it): the QR code to its suggestion form."""
        from kiosk.sync.identity import sync_state

        with vm.services.db.transaction() as session:
            sync_state(session).hub_url = "http://hub.example.cn:8700"
        feedback(vm)

    def thanks(vm: Any) -> None:
        vm.feedback.rate(5)

    def feedback_after_quiz(vm: Any) -> None:
        """The group tapped on a quiz result in this visit: 留言评价 shows it chosen, asks nothing."""
        import uuid

        refs = vm.services.visits.organisations.refs()
        org_id, name = (refs[0].id, refs[0].name) if refs else (uuid.uuid4(), "红星社区党支部")
        vm.reset_visit()
        vm.start_visit()
        vm.visit_group.remember(org_id, name)
        vm.feedback.open()

    def dashboard(vm: Any) -> None:
        from kiosk.demo.seed import seed_history

        services = vm.services
        today = hall_date(clock.now())
        seed_history(services.db, start=today - timedelta(days=400), end=today,
                     hall_devices={services.config.hall_id: [services.config.device, "snapshot-kiosk-2"]},
                     zones=list(services.reports.zone_names()) or None, scale=0.03)
        vm.reset_visit()
        vm.open_staff()
        vm.dashboard.open()

    def calendar(vm: Any) -> None:
        vm.dashboard.open_calendar()

    return [
        ("60-feedback.png", feedback, 1.2),
        ("60b-feedback-hub-qr.png", feedback_hub, 1.2),
        ("61-feedback-thanks.png", thanks, 1.0),
        ("61b-feedback-group-from-quiz.png", feedback_after_quiz, 1.2),
        ("62-staff-dashboard.png", dashboard, 8.0),
        ("63-dashboard-calendar.png", calendar, 1.0),
    ]
