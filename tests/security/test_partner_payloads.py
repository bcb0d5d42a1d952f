"""A partner endpoint not marked trusted gets no text the citizen wrote. The routing
reason quotes it ("rule: emergency keyword 'bunuh diri' (suicide, cue 'mau')", the
model's strongest words), and it went to every partner as data.reason."""

from __future__ import annotations

import json

from tests.ticketing import test_partners as partners
from tests.ticketing.helpers import Citizen

bodies, register = partners.bodies, partners.register
receiver = partners.receiver  # the fixture

TEXT = "TOLONG ada orang mau bunuh diri lompat dari jembatan Suramadu sekarang"


def test_an_untrusted_partner_does_not_read_the_citizens_words_in_the_routing_reason(
    app, receiver, fake_telegram, tg_post, drain
):
    register(receiver, ("ticket.routed",))
    register(receiver, ("ticket.routed",), trusted=True)
    Citizen(fake_telegram, tg_post, drain).says(TEXT)
    drain()
    routed = bodies(receiver, "ticket.routed")
    plain = [b for b in routed if "summary" not in b["ticket"]]
    shared = [b for b in routed if "summary" in b["ticket"]]
    assert plain and shared
    for body in plain:
        assert "bunuh diri" not in json.dumps(body) and "reason" not in body["data"]
    assert any("bunuh diri" in b["data"].get("reason", "") for b in shared)
