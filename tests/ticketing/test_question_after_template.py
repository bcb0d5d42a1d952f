"""An officer asked a WhatsApp citizen something after their 24-hour window had closed:
the question itself was refused and the citizen got only the status template ("Ada
kabar terbaru untuk laporan ...: menunggu informasi dari Anda. Balas pesan ini ...").
Their reply to it ("ok, apa infonya?") was taken as the answer: the officer was sent
it, the clocks ran again, and the citizen never read the question. The reply that
reopens the window now gets the question itself; the next message answers it."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from aduan.extensions import db
from channels.base import InboundMessage
from sla import clocks
from tests import factories
from tests.inbox.helpers import citizen_texts
from ticketing import actions, waiting
from ticketing.ingest import ingest
from ticketing.models import Outbound, utcnow


def says(ticket, text: str, n: int) -> InboundMessage:
    return InboundMessage(
        channel=ticket.channel,
        external_id=f"SMq{n}",
        sender_id=ticket.identity.address,
        sent_at=utcnow(),
        text=text,
        sender_name="Siti",
    )


def asked_by_template(ticket, officer):
    actions.ask_citizen(ticket, actions.Actor.officer(officer, None), "Nomor tiang berapa?")
    db.session.flush()
    asked = db.session.execute(
        select(Outbound).where(Outbound.ticket_id == ticket.id, Outbound.purpose == "ask")
    ).scalar_one()
    asked.status, asked.error_code = "failed", "63016"  # the window had closed
    db.session.add(
        Outbound(
            channel=asked.channel,
            recipient=asked.recipient,
            text=asked.text,
            purpose="ask",
            ticket_id=ticket.id,
            contact_id=asked.contact_id,
            identity_id=asked.identity_id,
            status="delivered",
            template="aduan_status_update",
            dedupe_key=f"wa-template-{asked.id}",
        )
    )
    db.session.commit()


def test_the_reply_to_the_template_gets_the_question_not_taken_as_the_answer(app):
    officer = factories.officer("Andi", opd="DISHUB")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow(), channel="whatsapp")
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DISHUB")
    asked_by_template(ticket, officer)
    ingest(says(ticket, "ok, apa infonya?", 1))
    db.session.commit()
    db.session.refresh(ticket)
    assert ticket.status == "waiting"
    assert "Nomor tiang berapa?" in citizen_texts(ticket)[-1]
    to_officer = select(Outbound.text).where(Outbound.officer_id == officer.id)
    assert not any("ok, apa infonya" in t for t in db.session.execute(to_officer).scalars())
    ingest(says(ticket, "tiang nomor 17", 2))  # now the answer
    db.session.commit()
    db.session.refresh(ticket)
    assert ticket.status != "waiting"
    assert any("tiang nomor 17" in t for t in db.session.execute(to_officer).scalars())


def test_a_reply_by_sms_gets_the_question_by_sms_and_the_next_one_answers(app):
    """The same number wrote by SMS: the question went to WhatsApp again, whose window
    an SMS does not open (the template again, and each SMS swallowed the same way)."""
    officer = factories.officer("Andi", opd="DISHUB")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow(), channel="whatsapp")
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DISHUB")
    asked_by_template(ticket, officer)
    ingest(replace(says(ticket, "ok, apa infonya?", 1), channel="sms"))
    db.session.commit()
    last = db.session.execute(select(Outbound).order_by(Outbound.id.desc()).limit(1)).scalar()
    assert (last.purpose, last.channel) == ("ask", "sms")
    assert "Nomor tiang berapa?" in last.text
    ingest(replace(says(ticket, "tiang nomor 17", 2), channel="sms"))
    db.session.commit()
    to_officer = select(Outbound.text).where(Outbound.officer_id == officer.id)
    assert any("tiang nomor 17" in t for t in db.session.execute(to_officer).scalars())


def test_a_question_sent_as_the_template_at_once_is_sent_again_on_the_reply(app):
    """The desk knew the window was closed (the citizen's last message days old): the
    question's own row went out as the template (no refusal, no "wa-template-" row), and
    the reply to it was taken as the answer."""
    officer = factories.officer("Andi", opd="DISHUB")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow(), channel="whatsapp")
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DISHUB")
    actions.ask_citizen(ticket, actions.Actor.officer(officer, None), "Nomor tiang berapa?")
    db.session.flush()
    asked = db.session.execute(
        select(Outbound).where(Outbound.ticket_id == ticket.id, Outbound.purpose == "ask")
    ).scalar_one()
    asked.status, asked.template = "delivered", "aduan_status_update"
    db.session.commit()
    ingest(says(ticket, "ok, apa infonya?", 1))
    db.session.commit()
    db.session.refresh(ticket)
    assert ticket.status == "waiting"
    assert "Nomor tiang berapa?" in citizen_texts(ticket)[-1]


def test_two_replies_processed_at_once_send_the_question_once(app, monkeypatch):
    """Two messages processed at once both saw the question unseen (the template the
    latest "ask" row) and both sent it again: the citizen got the question twice."""
    officer = factories.officer("Andi", opd="DISHUB")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow(), channel="whatsapp")
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DISHUB")
    asked_by_template(ticket, officer)
    template = waiting.unseen_question(ticket)
    assert template is not None
    monkeypatch.setattr(waiting, "unseen_question", lambda _ticket: template)  # both saw it
    assert ingest(says(ticket, "ok", 1)).outcome == "appended"
    assert ingest(says(ticket, "oke pak", 2)).outcome == "appended"
    db.session.commit()
    again = select(Outbound).where(
        Outbound.ticket_id == ticket.id, Outbound.purpose == "ask", Outbound.id > template.id
    )
    rows = db.session.execute(again).scalars().all()
    assert len(rows) == 1
