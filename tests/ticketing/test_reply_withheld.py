"""A first reply withheld from a typed number (its share used up) is logged for the
operators, with or without a ticket, and shown on the ticket's timeline when there is one
(the timeline event had replaced the log line: a call without a ticket left no trace)."""

from __future__ import annotations

import logging

from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from ticketing import contacts, outbox
from ticketing.models import TicketEvent, utcnow


def test_a_withheld_first_reply_is_logged_and_on_the_timeline(app, monkeypatch, caplog):
    web = contacts.resolve("web", "form-1", "Warga", utcnow())
    phone = contacts.resolve("sms", "+6281234567890", "Warga", utcnow())
    monkeypatch.setattr(contacts, "reply_identity", lambda identity: phone)
    monkeypatch.setattr(contacts, "typed_number_capped", lambda *args: True)
    ticket = factories.ticket(created=utcnow(), channel="web")
    caplog.set_level(logging.WARNING, logger="ticketing.outbox")
    assert outbox.to_identity(web, "Laporan diterima", purpose="ack") is None
    assert outbox.to_identity(web, "Laporan diterima", purpose="ack", ticket=ticket) is None
    said = [r.getMessage() for r in caplog.records if r.name == "ticketing.outbox"]
    assert said == [
        "-: no first reply, the number typed in had its share",
        f"{ticket.number}: no first reply, the number typed in had its share",
    ]
    events = db.session.execute(select(TicketEvent).where(TicketEvent.action == "reply_withheld"))
    assert [e.ticket_id for e in events.scalars()] == [ticket.id]
