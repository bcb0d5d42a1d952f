"""The officer's signed link in a real browser: every form has its field to type in."""

from __future__ import annotations

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import link_tokens
from ticketing import actions
from ticketing.models import Outbound, utcnow


def test_the_officer_types_progress_and_the_citizen_gets_it(page, app):
    now = utcnow()
    factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=now)
    clocks.start(ticket, now)
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    (token,) = link_tokens("officer_notify").values()
    page.goto(f"/o/{token}")
    page.click("text=Terima & tangani")
    for name in ("text", "question", "note", "reason"):
        assert page.locator(f"form textarea[name={name}]").count() == 1, name
    assert "&lt;textarea" not in page.content() and "<textarea name" not in page.inner_text("main")
    page.fill("form textarea[name=text]", "Petugas sudah menuju lokasi, besok pagi dikerjakan")
    page.click("text=Kirim ke warga")
    page.wait_for_selector("text=Perkembangan dikirim ke warga")
    db.session.expire_all()
    texts = [o.text for o in db.session.query(Outbound).filter_by(ticket_id=ticket.id)]
    assert any("Petugas sudah menuju lokasi" in t for t in texts)
