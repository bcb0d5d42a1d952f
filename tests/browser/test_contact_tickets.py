"""A citizen writes about a ticket already closed ("ambles lagi di tempat yang sama"):
that opens a new ticket, and its page lists the citizen's other tickets, the closed one
with its status and words, so the agent knows which place is meant."""

from __future__ import annotations

from datetime import timedelta

from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing.models import Ticket, utcnow


def test_a_new_ticket_shows_the_citizens_earlier_tickets(page, login):
    now = utcnow()
    old = factories.ticket(created=now - timedelta(days=2), summary="Jalan ambles di Kalibokor")
    old.status, old.closed_at = "closed", now - timedelta(days=1)
    new = Ticket(
        number="MC-2026-000777",
        contact_id=old.contact_id,
        identity_id=old.identity_id,
        channel=old.channel,
        status="triage",
        kind="complaint",
        summary="pak, jalannya ambles lagi di tempat yang sama",
        created_at=now,
        last_citizen_at=now,
    )
    stranger = factories.ticket(created=now, summary="Sampah di TPS Keputran")
    db.session.add(new)
    db.session.flush()
    clocks.start(new, now)
    db.session.commit()
    login()
    page.goto(f"/tickets/{new.number}")
    card = page.locator("#contact-tickets")
    words = card.inner_text()
    assert "Laporan lain dari warga ini" in words
    assert old.number in words and "Ditutup" in words and "Jalan ambles di Kalibokor" in words
    assert stranger.number not in words and new.number not in words
    with page.expect_navigation():
        card.locator(f"text={old.number}").click()
    assert page.url.endswith(f"/tickets/{old.number}")
