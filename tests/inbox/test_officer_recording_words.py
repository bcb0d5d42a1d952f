"""A phone complaint nobody could transcribe has no words: the officer's notice and page
say it is a recording to listen to, not an empty summary or "(foto/lokasi)"."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import link_tokens
from ticketing import actions
from ticketing.models import Outbound, utcnow


def test_an_untranscribed_call_reaches_the_officer_as_a_recording(client, app):
    officer = factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow(), channel="voice")
    ticket.summary = ""
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    notice = db.session.execute(
        select(Outbound.text).where(Outbound.purpose == "officer_notify")
    ).scalar_one()
    assert "untuk DSDABM: (rekaman telepon, dengarkan lewat tautan) | Batas" in notice
    page = client.get(f"/o/{link_tokens('officer_notify')[officer.id]}").get_data(as_text=True)
    assert "(rekaman telepon: dengarkan rekamannya)" in page and "(foto/lokasi)" not in page
