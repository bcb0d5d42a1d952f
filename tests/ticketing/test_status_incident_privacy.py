"""A citizen whose report an agent confirmed as part of an incident may check the
incident's (parent's) status by its number, but the question an agent asked the
parent's reporter is that reporter's conversation, never told to another citizen."""

from __future__ import annotations

import itertools
from datetime import timedelta

from sqlalchemy import select

from aduan.extensions import db
from channels.base import InboundMessage
from sla import clocks
from tests import factories
from ticketing import actions
from ticketing.ingest import ingest
from ticketing.models import Outbound, Ticket, utcnow

_ids = itertools.count(1)
AGENT = actions.Actor("agent", None, "Agen")
QUESTION = "Bu Sari, rumah Ibu di Jl. Kenjeran 12 yang pagarnya hijau?"


def _ticket(serial: int) -> Ticket:
    then = utcnow() - timedelta(days=2)
    ticket = factories.ticket(created=then)
    ticket.number = f"MC-{then.year}-{serial:06d}"
    clocks.start(ticket, then)
    db.session.commit()
    return ticket


def _says(ticket: Ticket, text: str) -> str:
    msg = InboundMessage(
        channel="telegram",
        external_id=f"incq{next(_ids)}",
        sender_id=ticket.identity.address,
        sent_at=utcnow(),
        text=text,
        sender_name="Warga",
    )
    assert ingest(msg).outcome == "status"
    db.session.commit()
    stmt = select(Outbound.text).where(Outbound.identity_id == ticket.identity_id)
    return db.session.execute(stmt.order_by(Outbound.id.desc())).scalars().first()


def test_a_member_of_an_incident_never_reads_the_question_asked_of_its_reporter(app):
    parent, member = _ticket(501), _ticket(502)
    assert parent.contact_id != member.contact_id
    member.incident_id, member.incident_confirmed = parent.id, True
    actions.ask_citizen(parent, AGENT, QUESTION)
    db.session.commit()
    said = _says(member, f"cek {parent.number}")
    assert parent.number in said  # the incident's state is still told
    assert "Kenjeran" not in said and "Sari" not in said
    assert "dari Anda" not in said  # nothing is awaited from them
    # its own reporter still hears the question again
    assert "Kenjeran" in _says(parent, f"cek {parent.number}")
