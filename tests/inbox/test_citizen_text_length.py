"""What an officer or agent writes to an SMS citizen beyond the 1600 characters Twilio
takes: progress, a question, a resolve note were queued and failed at the provider (the
citizen heard nothing, the ticket moved on as if told). They are refused at once, with
the length that fits, and nothing changes."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import csrf, form_fields, link_tokens, login, make_user
from ticketing import actions
from ticketing.models import Outbound, Ticket, utcnow

TOO_LONG = "kata " * 340  # 1700 characters


def _sms_ticket(routed: bool = False) -> Ticket:
    ticket = factories.ticket(channel="sms", status="triage", opd=None, created=utcnow())
    clocks.start(ticket, utcnow())
    if routed:
        factories.officer("Andi", opd="DSDABM")
        actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    return ticket


def _sent(ticket: Ticket, purpose: str) -> list[str]:
    stmt = select(Outbound.text).where(Outbound.ticket_id == ticket.id, Outbound.purpose == purpose)
    return list(db.session.execute(stmt).scalars())


def test_an_officers_overlong_progress_is_refused_on_their_page(client, app):
    ticket = _sms_ticket(routed=True)
    (token,) = link_tokens("officer_notify").values()
    page = client.get(f"/o/{token}").get_data(as_text=True)
    response = client.post(f"/o/{token}/progress", data={**form_fields(page), "text": TOO_LONG})
    assert response.status_code == 422  # the page again, with what was written kept
    shown = response.get_data(as_text=True)
    assert "Teks terlalu panjang untuk kanal warga ini (maksimal" in shown
    assert TOO_LONG.strip() in shown
    db.session.expire_all()
    assert _sent(ticket, "progress") == []
    assert db.session.get(Ticket, ticket.id).status == "routed"
    client.post(f"/o/{token}/progress", data={**form_fields(shown), "text": "Besok dikerjakan"})
    assert len(_sent(ticket, "progress")) == 1


def test_an_agents_overlong_question_or_resolve_note_changes_nothing(client, app):
    ticket = _sms_ticket()
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    for action, field in (("ask", "question"), ("resolve", "note")):
        response = client.post(
            f"/tickets/{ticket.number}/{action}", data={field: TOO_LONG, "csrf_token": csrf(page)}
        )
        shown = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "Teks terlalu panjang untuk kanal warga ini (maksimal" in shown, action
        db.session.expire_all()
        assert db.session.get(Ticket, ticket.id).status == "triage", action
    assert _sent(ticket, "ask") == _sent(ticket, "resolved") == []
