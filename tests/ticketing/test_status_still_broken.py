"""The owner cites their report's number and says it is still not fixed ("MC-2026-000123
jalannya masih bolong pak", "... kok belum diperbaiki"): no new ticket; their words are
kept on that ticket (its timeline, for the unit and the desk) and they hear its status.
Anyone else citing it learns its public status only and adds nothing to it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from ticketing.models import Message, TicketEvent
from ticketing.texts import status_label

from .test_status import says, sender, tickets

ROAD = "Jalan berlubang besar di Jl. Rungkut Madya depan nomor 20, bahaya buat motor"
STILL = [
    "{n} jalannya masih bolong pak",
    "{n} masih bolong pak, belum diperbaiki",
    "{n} kok belum diperbaiki, lubangnya masih ada",
    "{n} lubang di jalan itu masih bolong, kok belum ditambal",
    "lapor {n} jalan rungkut madya masih bolong",
]


def _kept_on(ticket, text: str) -> bool:
    message = db.session.execute(select(Message).where(Message.text == text)).scalar_one()
    seen = select(TicketEvent.id).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.action == "citizen_message"
    )
    return message.ticket_id == ticket.id and len(db.session.execute(seen).all()) >= 1


@pytest.mark.parametrize("said", STILL)
def test_the_owner_saying_it_is_still_broken_stays_on_that_ticket(app, said):
    who = sender("whatsapp")
    says("whatsapp", who, ROAD)
    [old] = tickets()
    text = said.format(n=old.number)
    outcome, replies = says("whatsapp", who, text, minutes=60 * 24)
    assert len(tickets()) == 1, outcome
    assert _kept_on(old, text)
    reply = " ".join(replies)
    assert old.number in reply and status_label(old.status, "id") in reply, replies


def test_an_older_cited_ticket_keeps_the_words_not_the_newest(app):
    who = sender("telegram")
    says("telegram", who, ROAD)
    says("telegram", who, "Sampah di TPS Kendangsari tidak diangkut seminggu, baunya menyengat")
    old, newer = tickets()
    text = f"{old.number} jalannya masih bolong pak"
    outcome, replies = says("telegram", who, text, minutes=60)
    assert len(tickets()) == 2 and _kept_on(old, text)
    assert old.number in " ".join(replies)


def test_more_words_about_an_older_cited_ticket_go_to_it_not_to_a_new_one(app):
    """Words enough to be read as a problem, for the cited ticket's unit: they are more
    about that ticket, not the newest open one's, and not a new report."""
    who = sender("telegram")
    says("telegram", who, ROAD)
    says("telegram", who, "Sampah di TPS Kendangsari tidak diangkut seminggu, baunya menyengat")
    old, newer = tickets()
    text = f"{old.number} jalan berlubang di Rungkut Madya masih bolong besar, motor sering jatuh"
    outcome, replies = says("telegram", who, text, minutes=60)
    assert outcome == "appended" and len(tickets()) == 2 and _kept_on(old, text)
    assert old.number in " ".join(replies)
    assert status_label(old.status, "id") in " ".join(replies)


def test_someone_else_citing_the_number_adds_nothing_to_it(app):
    owner, stranger = sender("whatsapp"), sender("whatsapp")
    says("whatsapp", owner, ROAD)
    [old] = tickets()
    text = f"{old.number} jalannya masih bolong pak"
    _, replies = says("whatsapp", stranger, text, minutes=60)
    message = db.session.execute(select(Message).where(Message.text == text)).scalar_one()
    assert message.ticket_id != old.id
    assert "Rungkut" not in " ".join(replies)
