"""The QR code on 留言评价 points at the hub's form for this hall, only when there is a hub."""

from __future__ import annotations

from kiosk.visitor.feedback_link import feedback_form_url


def test_the_public_address_wins_then_the_enrolled_hub_then_none() -> None:
    read: list[int] = []

    def enrolled() -> str | None:
        read.append(1)
        return "http://10.0.0.5:8700/"

    assert feedback_form_url("demo-hall", "https://hub.example.cn/", enrolled) == \
        "https://hub.example.cn/halls/demo-hall/feedback"
    assert read == []  # the database is not read when the public address is set
    assert feedback_form_url("demo-hall", "", enrolled) == "http://10.0.0.5:8700/halls/demo-hall/feedback"
    assert feedback_form_url("demo-hall", "", lambda: None) is None  # a standalone hall: no code
    assert feedback_form_url("demo-hall", "hub.example.cn", lambda: None) is None  # not an address a phone opens
    assert feedback_form_url("馆 1", "http://h", lambda: None) == "http://h/halls/%E9%A6%86%201/feedback"
