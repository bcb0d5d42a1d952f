"""The PPID officer's page for an information request named its requester "Pelapor:"
(a complainant), while the same page and UU 14/2008 say "Pemohon". It says "Pemohon:"."""

from __future__ import annotations

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import link_tokens
from ticketing import actions
from ticketing.models import utcnow


def test_an_information_request_names_its_requester_pemohon(client, app):
    factories.officer("Putri", opd="PPID")
    ticket = factories.ticket(kind="info_request", status="triage", opd=None, created=utcnow())
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "PPID")
    db.session.commit()
    (token,) = link_tokens("officer_notify").values()
    html = client.get(f"/o/{token}").get_data(as_text=True)
    assert "Pemohon:" in html and "Pelapor:" not in html
