"""What the citizen reads when their report is resolved: the note when there is one,
never a placeholder when there is none."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from ticketing import actions
from ticketing.models import Outbound, utcnow

AGENT = actions.Actor("agent", None, "Agen")


def _resolved_text(note: str, kind: str = "complaint") -> str:
    ticket = factories.ticket(created=utcnow(), status="routed", opd="DSDABM", kind=kind)
    actions.resolve(ticket, AGENT, note)
    db.session.commit()
    row = db.session.execute(
        select(Outbound).where(Outbound.ticket_id == ticket.id, Outbound.purpose == "resolved")
    ).scalar_one()
    return row.text


def test_the_resolve_note_is_quoted(app):
    text = _resolved_text("Sudah diaspal ulang")
    assert "diselesaikan oleh Media Center Surabaya: Sudah diaspal ulang\n" in text


def test_no_note_leaves_no_placeholder(app):
    text = _resolved_text("   ")
    assert "diselesaikan oleh Media Center Surabaya.\nSudah beres?" in text
    assert ": -" not in text


def test_an_information_request_answered_without_a_note_reads_cleanly(app):
    text = _resolved_text("", kind="info_request")
    assert "telah dijawab oleh Media Center Surabaya.\nBalas angka 1-5" in text
