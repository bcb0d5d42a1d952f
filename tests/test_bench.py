"""The bench scripts' own bookkeeping (they print numbers; these keep them honest)."""

from __future__ import annotations

from bench import flood
from ticketing.contacts import normalize_phone


def test_flood_finds_each_citizens_acknowledgement_by_the_stored_recipient():
    """The flood matches a message to its acknowledgement's outbox row by recipient: the
    desk stores every phone number in E.164, WhatsApp's digits included."""
    fakes = {"twilio": type("T", (), {"auth_token": "t"})(), "graph": _Graph()}
    for n in range(3):
        message = flood.build(n, 7, fakes, "http://127.0.0.1:1")
        if message["channel"] == "telegram":
            continue
        stored = normalize_phone(message["key"].lstrip("+"))
        assert flood._outbox_recipient(message) == stored


class _Graph:
    app_secret = "s"

    def set_last_inbound(self, *args: object) -> None:
        pass
