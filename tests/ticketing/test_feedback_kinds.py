""" "Belum" on a resolved information request or emergency reopens it without starting a
complaint's 3-day resolution clock (which would escalate as a late complaint), and a
requester hears about their "permohonan"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing import actions, feedback
from ticketing.models import Outbound, utcnow

AGENT = actions.Actor("agent", None, "Agen")


def _last_to_citizen() -> str | None:
    """The text of the newest message to a citizen."""
    stmt = select(Outbound.text).where(Outbound.identity_id.is_not(None))
    return db.session.execute(stmt.order_by(Outbound.id.desc())).scalars().first()


@pytest.mark.parametrize(("kind", "opd"), [("info_request", "PPID"), ("emergency", "DPKP")])
def test_belum_reopens_without_a_complaint_clock(app, kind, opd):
    then = utcnow() - timedelta(days=1)
    ticket = factories.ticket(kind=kind, opd=opd, created=then - timedelta(hours=2))
    ticket.registration_number = "PPID-2026-00042" if kind == "info_request" else None
    clocks.start(ticket, then - timedelta(hours=2))
    actions.resolve(ticket, AGENT, "Sudah dijawab", now=then)
    db.session.commit()
    assert feedback.handle(ticket.identity, "belum, datanya kurang", utcnow()) == ticket
    db.session.commit()
    assert ticket.status == "in_progress" and clocks.get(ticket, "resolution") is None
    last = _last_to_citizen()
    if kind == "info_request":
        assert last.startswith(
            f"Mohon maaf informasinya belum lengkap. Permohonan informasi PPID-2026-00042 "
            f"(tiket {ticket.number}) kami buka kembali"
        )
    else:
        assert last.startswith("Mohon maaf masalahnya belum selesai.")


def test_belum_on_a_ticket_no_unit_handled_goes_back_to_triage(app):
    then = utcnow() - timedelta(days=1)
    ticket = factories.ticket(status="triage", opd=None, created=then - timedelta(hours=2))
    clocks.start(ticket, then - timedelta(hours=2))
    actions.resolve(ticket, AGENT, "Sudah kami jelaskan", now=then)  # the desk answered it
    db.session.commit()
    assert feedback.handle(ticket.identity, "belum", utcnow()) == ticket
    db.session.commit()
    assert (ticket.status, ticket.opd_code) == ("triage", None)  # an agent decides again
    assert clocks.get(ticket, "triage").status == "running"
    last = _last_to_citizen()
    assert "akan ditinjau petugas Media Center" in last  # no unit was told: none handled it
