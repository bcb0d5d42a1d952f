"""A ticket number without its prefix ("000321", "321?", "laporan 000321") is a status
check when it is one of the sender's own tickets, whatever else they have open; another
citizen's ticket with that serial is never answered, and a bare number that answers a
question the desk asked stays that answer."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from aduan.extensions import db
from channels.base import InboundMessage
from sla import clocks
from tests import factories
from ticketing import actions
from ticketing.ingest import ingest
from ticketing.models import Outbound, Ticket, utcnow

_ids = itertools.count(1)
AGENT = actions.Actor("agent", None, "Agen")


def _ticket(serial: int, status: str = "routed", contact_of: Ticket | None = None) -> Ticket:
    then = utcnow() - timedelta(days=10)
    ticket = factories.ticket(created=then)
    ticket.number = f"MC-{then.year}-{serial:06d}"
    if contact_of is not None:
        ticket.contact_id, ticket.identity_id = contact_of.contact_id, contact_of.identity_id
    clocks.start(ticket, then)
    if status == "closed":
        ticket.status, ticket.resolved_at, ticket.closed_at = "closed", then, then
    db.session.commit()
    return ticket


def _says(ticket: Ticket, text: str):
    msg = InboundMessage(
        channel="telegram",
        external_id=f"bare{next(_ids)}",
        sender_id=ticket.identity.address,
        sent_at=utcnow(),
        text=text,
        sender_name="Warga",
    )
    result = ingest(msg)
    db.session.commit()
    return result


def _last_reply() -> str | None:
    stmt = select(Outbound.text).where(Outbound.identity_id.is_not(None))
    return db.session.execute(stmt.order_by(Outbound.id.desc())).scalars().first()


def _tickets() -> int:
    return db.session.execute(select(func.count(Ticket.id))).scalar_one()


@pytest.mark.parametrize("text", ["000321", "321", "321?", "laporan 000321", "no. 321"])
@pytest.mark.parametrize("other_open", [False, True])
def test_a_bare_number_of_their_own_ticket_is_a_status_check(app, text, other_open):
    mine = _ticket(321, status="closed")
    if other_open:  # it must not be appended to the open one either
        _ticket(400, contact_of=mine)
    before = _tickets()
    assert _says(mine, text).outcome == "status"
    assert _tickets() == before
    assert _last_reply().startswith(f"Laporan {mine.number}: ditutup")


def test_another_citizens_ticket_is_never_answered_by_its_bare_number(app):
    theirs = _ticket(321)
    mine = _ticket(77, status="closed")
    _says(mine, "000321")  # answered as "not among yours", never with their ticket
    for text in db.session.execute(select(Outbound.text)).scalars():
        assert theirs.number not in text and "Dinas" not in text


def test_a_bare_number_answering_the_desks_question_stays_the_answer(app):
    mine = _ticket(12, status="closed")
    asked = _ticket(13, contact_of=mine)
    actions.ask_citizen(asked, AGENT, "Nomor rumahnya berapa?")
    db.session.commit()
    result = _says(mine, "12")
    assert result.outcome != "status" and result.ticket_id == asked.id


@pytest.mark.parametrize("text", ["no 12", "12"])
def test_a_number_after_an_emergency_reaches_the_112_desk_not_a_status_check(app, text):
    # "no 12" minutes after "kebakaran ..." is the house number the 112 desk needs, even
    # when the citizen once reported a ticket with that serial
    mine = _ticket(12, status="closed")
    alarm = _says(mine, "tolong kebakaran rumah di Jl. Kenjeran gang 5, apinya besar")
    assert alarm.outcome == "new_ticket"
    emergency = db.session.get(Ticket, alarm.ticket_id)
    assert emergency.kind == "emergency"
    result = _says(mine, text)
    assert result.outcome != "status" and result.ticket_id == emergency.id


@pytest.mark.parametrize("text", ["000321", "no 321"])
def test_a_bare_number_not_theirs_opens_no_complaint(app, text):
    # Typing a number they saw elsewhere, with nothing open to add it to: the citizen
    # hears it is not among their reports, never "laporan Anda sudah kami terima".
    _ticket(321)
    mine = _ticket(77, status="closed")
    before = _tickets()
    assert _says(mine, text).outcome == "status"
    assert _tickets() == before
    assert _last_reply().startswith("Maaf, laporan bernomor 321 tidak ditemukan")


def test_a_bare_number_with_a_ticket_open_is_still_added_to_it(app):
    mine = _ticket(77)
    result = _says(mine, "000321")
    assert result.outcome != "status" and result.ticket_id == mine.id
