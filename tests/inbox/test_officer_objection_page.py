"""The PPID superior opens an objection (keberatan) from their link: the page names the
objection and its 30-working-day period, not the request's 10 working days next to the
objection's date."""

from __future__ import annotations

from datetime import timedelta

from aduan.extensions import db
from channels.base import InboundMessage
from sla import clocks
from tests import factories
from tests.inbox.helpers import link_tokens
from ticketing import actions
from ticketing.ingest import ingest
from ticketing.models import utcnow

AGENT = actions.Actor("agent", None, "Agen")


def test_the_superior_sees_the_objection_period_not_the_request_period(client, app):
    head = factories.officer("Kepala PPID", opd="PPID", role="head")
    then = utcnow() - timedelta(days=2)
    ticket = factories.ticket(kind="info_request", opd="PPID", created=then, summary="APBD")
    ticket.registration_number = "PPID-2026-00077"
    clocks.start(ticket, then)
    actions.resolve(ticket, AGENT, "Dokumen APBD terlampir", now=then + timedelta(hours=1))
    db.session.commit()
    ingest(
        InboundMessage(
            channel=ticket.channel,
            external_id="objection-page-1",
            sender_id=ticket.identity.address,
            sent_at=utcnow(),
            text="saya keberatan",
            sender_name="Warga",
        )
    )
    db.session.commit()
    token = link_tokens("objection")[head.id]
    page = client.get(f"/o/{token}").get_data(as_text=True)
    assert "Jangka waktu jawaban PPID" not in page
    assert "Keberatan pemohon" in page and "30 hari kerja" in page
    assert "Batas tanggapan keberatan:" in page
