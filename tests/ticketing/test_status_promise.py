"""A citizen's "cek" gives the deadline they were promised (1x24 working hours), not
the desk's own 2-hour triage clock."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from aduan import timefmt
from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing import status

WIB = ZoneInfo("Asia/Jakarta")


def test_a_ticket_in_triage_tells_the_1x24_promise(app):
    created = datetime(2026, 12, 3, 23, 13, tzinfo=WIB).astimezone(UTC)  # a Thursday
    ticket = factories.ticket(status="triage", opd=None, created=created)
    clocks.start(ticket, created)
    db.session.commit()
    promised = clocks.get(ticket, "first_response").due_at
    triage = clocks.get(ticket, "triage").due_at
    assert triage < promised
    text = status.line(ticket)
    assert f"Batas tanggapan: {timefmt.human(promised)}." in text
    assert timefmt.human(triage) not in text


def test_a_routed_ticket_keeps_its_first_response_deadline(app):
    created = datetime(2026, 12, 3, 9, 0, tzinfo=WIB).astimezone(UTC)
    ticket = factories.ticket(status="routed", opd="DSDABM", created=created)
    clocks.start(ticket, created)
    db.session.commit()
    due = clocks.get(ticket, "first_response").due_at
    assert f"Batas tanggapan: {timefmt.human(due)}." in status.line(ticket)


def test_a_ticket_waiting_for_the_citizen_tells_no_deadline(app):
    """After an agent's question the citizen's "cek" said "menunggu informasi dari Anda.
    ... Batas tanggapan: <date>": the clocks stand still until they answer, so that date
    was untrue (it moves by the pause)."""
    from ticketing import actions

    created = datetime(2026, 12, 3, 9, 0, tzinfo=WIB).astimezone(UTC)
    ticket = factories.ticket(status="routed", opd="DLH", created=created)
    clocks.start(ticket, created)
    db.session.commit()
    due = clocks.get(ticket, "first_response").due_at
    agent = actions.Actor("agent", None, "Agen")
    actions.ask_citizen(ticket, agent, "TPS yang mana tepatnya?", now=created)
    db.session.commit()
    text = status.line(ticket)
    assert "menunggu informasi dari Anda" in text
    assert "Batas tanggapan" not in text and timefmt.human(due) not in text
    # what they are to send is told again: the question may be far up the chat
    assert text.endswith("Pertanyaan petugas: TPS yang mana tepatnya?")
