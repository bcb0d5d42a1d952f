"""A citizen cannot make the outbox hand out someone else's officer link.

Officer messages hold `[[link:ID]]` placeholders that the outbox turns into signed URLs
at send time. The citizen's own words travel in the same text (the summary in "Laporan
baru ...", answers forwarded to the officer), so a complaint reading "[[link:5]]" used to
have link 5, another OPD's link to another ticket, expanded and sent to this ticket's
officer; a placeholder past the INTEGER range made every send of the row fail."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing import actions, links, outbox
from ticketing.models import Identity, OfficerLink, Outbound, utcnow


def _route(opd: str, summary: str):
    ticket = factories.ticket(status="triage", opd=None, created=utcnow(), summary=summary)
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), opd)
    db.session.commit()
    return ticket


def _link_of(ticket) -> OfficerLink:
    """The one officer link issued for `ticket`."""
    stmt = select(OfficerLink).where(OfficerLink.ticket_id == ticket.id)
    return db.session.execute(stmt).scalar_one()


def _notice(ticket) -> Outbound:
    stmt = select(Outbound).where(
        Outbound.ticket_id == ticket.id, Outbound.purpose == "officer_notify"
    )
    return db.session.execute(stmt).scalars().one()


def test_a_placeholder_in_the_citizens_words_is_not_expanded(app, fake_telegram):
    factories.officer("Dodi", opd="DISHUB")
    other = _route("DISHUB", "Lampu lalu lintas mati di simpang Jl. Darmo")
    victim_link = _link_of(other)
    victim_url = links.url(links.token_for(victim_link))

    officer = factories.officer("Andi", opd="DSDABM")
    summary = f"Jalan berlubang di Jl. Kertajaya [[link:{victim_link.id}]] [[link:{10**30}]]"
    ticket = _route("DSDABM", summary)
    row = _notice(ticket)
    own_link = _link_of(ticket)

    assert outbox.send_outbound(row.id) == "sent"
    sent = fake_telegram.sent_to(officer.address)[-1]["text"]
    assert victim_url not in sent and links.token_for(victim_link) not in sent
    assert f"[[link:{victim_link.id}]]" in sent and f"[[link:{10**30}]]" in sent
    assert links.url(links.token_for(own_link)) in sent  # the officer's own link still works


def test_a_citizen_bound_row_never_expands_a_placeholder(app, fake_telegram):
    factories.officer("Andi", opd="DSDABM")
    ticket = _route("DSDABM", "Saluran mampet di Jl. Manyar")
    link = _link_of(ticket)
    identity = db.session.execute(
        select(Identity).where(Identity.contact_id == ticket.contact_id)
    ).scalar_one()
    row = outbox.queue_message(
        channel="telegram",
        recipient=identity.address,
        text=f"Balasan: [[link:{link.id}]]",
        purpose="reply",
        ticket=ticket,
        identity=identity,
    )
    db.session.commit()
    assert outbox.send_outbound(row.id) == "sent"
    sent = fake_telegram.sent_to(identity.address)[-1]["text"]
    assert sent == f"Balasan: [[link:{link.id}]]"
