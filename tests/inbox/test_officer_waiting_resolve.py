"""An officer who asked the citizen something (the report waits for the answer) and then
fixed the problem anyway (found the place, the citizen never answered) had no way to say
so: the page showed only "Menunggu jawaban warga" and no form. The page still offers
"Selesaikan" while it waits; the question stays open to the citizen until then."""

from __future__ import annotations

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import form_fields, link_tokens
from ticketing import actions
from ticketing.models import utcnow


def test_a_waiting_report_can_still_be_resolved_by_its_officer(client, app):
    officer = factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    actions.ask_citizen(ticket, actions.Actor.officer(officer, None), "Nomor rumah berapa?")
    db.session.commit()
    (token,) = link_tokens("officer_notify").values()
    page = client.get(f"/o/{token}").get_data(as_text=True)
    assert "Menunggu jawaban warga" in page
    assert f'action="/o/{token}/resolve"' in page
    assert f'action="/o/{token}/progress"' not in page  # progress waits for the answer
    data = {**form_fields(page), "note": "Lokasi ketemu, saluran sudah dibersihkan"}
    assert client.post(f"/o/{token}/resolve", data=data).status_code == 302
    db.session.refresh(ticket)
    assert ticket.status == "resolved"
