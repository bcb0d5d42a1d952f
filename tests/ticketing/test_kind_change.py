"""When an agent changes what a ticket is, the citizen gets a correction in place of the
earlier promise, never a second acknowledgement."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing import actions, kind_change, triage
from ticketing.models import Outbound, Ticket, utcnow
from ticketing.routing import Decision

AGENT = actions.Actor("agent", None, "Agen")


def opened(decision: Decision, summary: str) -> Ticket:
    ticket = factories.ticket(created=utcnow(), status="new", opd=None, summary=summary)
    triage.apply(ticket, decision, now=utcnow())
    db.session.commit()
    return ticket


def citizen_texts(ticket: Ticket) -> list[tuple[str, str]]:
    stmt = (
        select(Outbound.purpose, Outbound.text)
        .where(Outbound.ticket_id == ticket.id, Outbound.officer_id.is_(None))
        .order_by(Outbound.id)
    )
    return [tuple(row) for row in db.session.execute(stmt)]


def test_an_emergency_made_a_complaint_gets_a_correction_not_an_acknowledgement(app):
    desk = factories.officer("Petugas 112", group="DESK112")
    ticket = opened(
        Decision("emergency", "BPBD", 0.9, "rule: test", (), emergency_type="fallen_tree"),
        "Pohon tumbang kemarin sudah dipinggirkan, rantingnya masih di trotoar",
    )
    assert [p for p, _ in citizen_texts(ticket)] == ["emergency"]
    kind_change.change_kind(ticket, AGENT, "complaint")
    db.session.commit()
    (first, _), (purpose, text) = citizen_texts(ticket)
    assert first == "emergency" and purpose == "correction"
    assert "Koreksi" in text and "bukan keadaan darurat" in text and ticket.number in text
    assert not any(p == "ack" for p, _ in citizen_texts(ticket))
    assert ticket.kind == "complaint" and ticket.status == "triage"
    assert db.session.execute(select(Outbound).where(Outbound.officer_id == desk.id)).first()


def test_a_complaint_made_an_information_request_names_its_registration(app):
    ticket = opened(
        Decision("complaint", "DSDABM", 0.9, "model: test", (("DSDABM", 0.9),)),
        "Saya minta data anggaran perbaikan jalan 2026",
    )
    kind_change.change_kind(ticket, AGENT, "info_request")
    db.session.commit()
    purposes = [p for p, _ in citizen_texts(ticket)]
    assert purposes == ["ack", "correction"]
    text = citizen_texts(ticket)[-1][1]
    assert ticket.registration_number and ticket.registration_number in text
    assert "UU 14/2008" in text


def test_a_complaint_made_an_emergency_says_call_112_once(app):
    desk = factories.officer("Petugas 112", group="DESK112")
    ticket = opened(
        Decision("complaint", "DLH", 0.9, "model: test", (("DLH", 0.9),)),
        "Pohon besar di depan rumah miring mau roboh ke kabel",
    )
    kind_change.change_kind(ticket, AGENT, "emergency")
    db.session.commit()
    purposes = [p for p, _ in citizen_texts(ticket)]
    assert purposes == ["ack", "correction"]
    assert "TELEPON 112" in citizen_texts(ticket)[-1][1]
    alerts = db.session.execute(select(Outbound).where(Outbound.officer_id == desk.id))
    assert len(alerts.scalars().all()) == 1


def test_each_change_gets_its_own_correction(app):
    ticket = opened(
        Decision("complaint", "DLH", 0.9, "model: test", (("DLH", 0.9),)),
        "Pohon besar di depan rumah miring mau roboh ke kabel",
    )
    kind_change.change_kind(ticket, AGENT, "emergency")
    db.session.commit()
    kind_change.change_kind(ticket, AGENT, "complaint")
    db.session.commit()
    purposes = [p for p, _ in citizen_texts(ticket)]
    assert purposes == ["ack", "correction", "correction"]
    kind_change.change_kind(ticket, AGENT, "complaint")  # no change of kind: nothing to correct
    db.session.commit()
    assert len(citizen_texts(ticket)) == 3


@pytest.mark.parametrize(
    ("closed_as", "was"),
    [
        ("external", "bukan urusan di luar kewenangan Pemerintah Kota"),
        ("not_complaint", "bukan sekadar pesan"),
    ],
)
def test_a_reopened_ticket_made_a_complaint_names_what_it_was_before(app, closed_as, was):
    """Closed as outside the remit (or as not a complaint), reopened by an agent, then
    made a complaint: the correction names the earlier kind, never "a regular complaint,
    not a regular complaint"."""
    ticket = opened(
        Decision(
            closed_as,
            "EXTERNAL" if closed_as == "external" else None,
            0.9,
            "rule: test",
            (),
            external_body="PLN" if closed_as == "external" else None,
        ),
        "listrik rumah saya mati dari tadi pagi",
    )
    assert ticket.status == "closed"
    actions.reopen(ticket, AGENT, "Warga menjelaskan yang mati lampu PJU, bukan listrik rumah")
    kind_change.change_kind(ticket, AGENT, "complaint")
    db.session.commit()
    purpose, text = citizen_texts(ticket)[-1]
    assert purpose == "correction"
    assert was in text and "bukan pengaduan biasa" not in text


@pytest.mark.parametrize("body", ["X" * 30, "NOPE", "<b>PLN</b>"])
def test_an_external_body_not_on_the_list_is_refused_and_nothing_changes(app, body):
    """The form's list was the only check: a crafted value was stored (on PostgreSQL one
    longer than the column was a 500) and the citizen got the "others" reply."""
    ticket = factories.ticket(created=utcnow(), status="triage", opd=None)
    db.session.commit()
    with pytest.raises(actions.ActionError):
        kind_change.change_kind(ticket, AGENT, "external", body)
    db.session.rollback()
    assert (ticket.kind, ticket.status, ticket.external_body) == ("complaint", "triage", None)
    assert citizen_texts(ticket) == []


def test_a_listed_external_body_closes_the_ticket_naming_it(app):
    ticket = factories.ticket(created=utcnow(), status="triage", opd=None)
    db.session.commit()
    kind_change.change_kind(ticket, AGENT, "external", "PLN")
    assert (ticket.kind, ticket.status, ticket.external_body) == ("external", "closed", "PLN")


TRIAGED = Decision("complaint", None, 0.2, "model: test", (("DLH", 0.2),), triage=True)


@pytest.mark.parametrize(
    ("kind", "body", "purpose", "starts"),
    [
        ("info_request", None, "ack", "Permohonan informasi Anda terdaftar dengan nomor"),
        ("emergency", None, "emergency", "PENTING: untuk keadaan darurat segera TELEPON 112"),
        ("external", "PLN", "external", "Laporan {number} sudah kami periksa."),
        ("not_complaint", None, "not_complaint", "Laporan {number} sudah kami periksa: pesan"),
    ],
)
def test_a_triage_ticket_told_only_being_reviewed_gets_the_new_kinds_first_message(
    app, kind, body, purpose, starts
):
    """Acknowledged only as "being reviewed by the Media Center", the citizen was never
    told what their report is: no "Koreksi ... Pesan kami sebelumnya tidak berlaku lagi"."""
    ticket = opened(TRIAGED, "Mohon dibantu pak soal yang kemarin di kampung kami")
    assert ticket.status == "triage"
    assert [p for p, _ in citizen_texts(ticket)] == ["ack"]
    kind_change.change_kind(ticket, AGENT, kind, body)
    db.session.commit()
    texts = citizen_texts(ticket)
    assert len(texts) == 2
    said_purpose, said = texts[-1]
    assert said_purpose == purpose and said.startswith(starts.format(number=ticket.number))
    assert "Koreksi" not in said and "koreksi" not in said and ticket.number in said
    if kind == "info_request":
        assert ticket.registration_number in said


def test_a_triage_ticket_changed_twice_gets_a_correction_the_second_time(app):
    ticket = opened(TRIAGED, "Mohon dibantu pak soal yang kemarin di kampung kami")
    kind_change.change_kind(ticket, AGENT, "info_request")
    db.session.commit()
    kind_change.change_kind(ticket, AGENT, "complaint")
    db.session.commit()
    purposes = [p for p, _ in citizen_texts(ticket)]
    assert purposes == ["ack", "ack", "correction"]
    assert citizen_texts(ticket)[-1][1].startswith("Koreksi untuk laporan")


@pytest.mark.parametrize("start", ["triage", "routed"])
def test_a_complaint_again_after_an_information_request_runs_on_a_clock(app, start):
    """Made a complaint again, the ticket waits in triage and the citizen is promised an
    answer within 1x24 working hours: its clocks run again (they escalate and show as
    overdue), not stopped or met from the earlier pass."""
    decision = TRIAGED
    if start == "routed":
        decision = Decision("complaint", "DSDABM", 0.9, "model: test", (("DSDABM", 0.9),))
    ticket = opened(decision, "Mohon dibantu pak soal yang kemarin di kampung kami")
    kind_change.change_kind(ticket, AGENT, "info_request")
    db.session.commit()
    kind_change.change_kind(ticket, AGENT, "complaint")
    db.session.commit()
    assert ticket.status == "triage"
    running = {c.kind for c in clocks.clocks_of(ticket) if c.status == "running"}
    assert {"triage", "first_response", "resolution"} <= running
