"""An objection (keberatan, UU 14/2008 Pasal 35) to an answered information request stays
on that request: it reopens for the PPID's superior on the 30-working-day objection clock,
the requester hears the deadline, and no unrelated complaint is opened."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from aduan.extensions import db
from channels.base import InboundMessage
from sla import clocks
from tests import factories
from ticketing import actions
from ticketing.ingest import ingest
from ticketing.models import Outbound, Ticket, utcnow

AGENT = actions.Actor("agent", None, "Agen")
_ids = itertools.count(1)


def _answered(days_ago: float = 2, status: str = "resolved", channel: str = "telegram") -> Ticket:
    then = utcnow() - timedelta(days=days_ago)
    ticket = factories.ticket(
        kind="info_request",
        opd="PPID",
        created=then - timedelta(days=3),
        summary="Minta APBD",
        channel=channel,
    )
    ticket.registration_number = "PPID-2026-00042"
    clocks.start(ticket, then - timedelta(days=3))
    actions.resolve(ticket, AGENT, "Dokumen APBD terlampir", now=then)
    if status == "closed":
        ticket.status, ticket.closed_at = "closed", then + timedelta(hours=1)
    db.session.commit()
    return ticket


def _says(ticket: Ticket, text: str) -> InboundMessage:
    return InboundMessage(
        channel=ticket.channel,
        external_id=f"obj{next(_ids)}",
        sender_id=ticket.identity.address,
        sent_at=utcnow(),
        text=text,
        sender_name="Warga",
    )


def _tickets() -> int:
    return db.session.execute(select(func.count(Ticket.id))).scalar_one()


def _last_to_citizen() -> str:
    stmt = select(Outbound.text).where(Outbound.identity_id.is_not(None))
    return db.session.execute(stmt.order_by(Outbound.id.desc())).scalars().first()


@pytest.mark.parametrize("status", ["resolved", "closed"])
@pytest.mark.parametrize(
    "text",
    [
        "saya keberatan",
        "Saya keberatan atas jawaban PPID, datanya tidak lengkap",
        "mau mengajukan keberatan pak",
        "keberatan pak, belum lengkap",
        "saya mengajukan keberatan atas penolakan informasi",
    ],
)
def test_an_objection_stays_on_the_answered_request(app, text, status):
    ticket = _answered(status=status)
    before = _tickets()
    result = ingest(_says(ticket, text))
    db.session.commit()
    assert result.ticket_id == ticket.id and result.outcome == "objection"
    assert _tickets() == before
    assert ticket.status == "in_progress" and ticket.opd_code == "PPID"
    clock = clocks.get(ticket, "objection")
    assert clock is not None and clock.status == "running"
    assert ticket.resolution_due_at == clock.due_at
    said = _last_to_citizen()
    assert said.startswith("Keberatan Anda atas permohonan informasi PPID-2026-00042")
    assert "30 hari kerja" in said
    events = [event.action for event in ticket.events]
    assert "objection_filed" in events


def test_answering_the_objection_meets_its_clock_and_points_to_the_commission(app):
    ticket = _answered()
    ingest(_says(ticket, "saya keberatan"))
    db.session.commit()
    actions.resolve(ticket, AGENT, "Atasan PPID menguatkan jawaban", now=utcnow())
    db.session.commit()
    assert clocks.get(ticket, "objection").status == "met"
    said = _last_to_citizen()
    assert "Komisi Informasi" in said and "berhak mengajukan keberatan" not in said


def test_the_ppid_unit_is_told_of_the_objection(app):
    officer = factories.officer("Rina", opd="PPID")
    ticket = _answered()
    ingest(_says(ticket, "saya keberatan"))
    db.session.commit()
    row = db.session.execute(select(Outbound).where(Outbound.officer_id == officer.id)).scalar_one()
    assert row.text.startswith("KEBERATAN atas permohonan informasi PPID-2026-00042")


def test_the_objection_goes_to_the_ppid_superior_not_the_officer_who_answered(app):
    # The requester is told "kami teruskan kepada atasan PPID" (Pasal 35-36): the
    # superior (the unit's head) must receive it, not only the officer under review.
    officer = factories.officer("Rina", opd="PPID")
    head = factories.officer("Kepala PPID", opd="PPID", role="head")
    ticket = _answered()
    ingest(_says(ticket, "saya keberatan"))
    db.session.commit()
    rows = db.session.execute(select(Outbound).where(Outbound.officer_id.is_not(None)))
    told = {row.officer_id for row in rows.scalars()}
    assert head.id in told
    assert officer.id not in told


def test_a_belum_after_the_superiors_answer_goes_back_to_the_superior(app):
    # The superior answered the objection; the requester's "belum" to "Sudah beres?"
    # reopened the request and sent the officer whose answer was objected to a fresh
    # link (the unit's officers come before its heads): he could answer it himself.
    officer = factories.officer("Rina", opd="PPID")
    head = factories.officer("Kepala PPID", opd="PPID", role="head")
    ticket = _answered()
    ingest(_says(ticket, "saya keberatan"))
    db.session.commit()
    actions.resolve(ticket, AGENT, "Atasan PPID melengkapi jawaban", now=utcnow())
    db.session.commit()
    assert ingest(_says(ticket, "belum")).outcome == "feedback"
    db.session.commit()
    assert ticket.status == "in_progress"
    rows = select(Outbound.officer_id).where(Outbound.purpose == "reopened")
    told = set(db.session.execute(rows.where(Outbound.officer_id.is_not(None))).scalars())
    assert told == {head.id} and officer.id not in told


@pytest.mark.parametrize(
    "text", ["kalau tidak keberatan, kapan jalan saya diperbaiki", "saya tidak keberatan"]
)
def test_not_minding_is_no_objection(app, text):
    ticket = _answered()
    assert ingest(_says(ticket, text)).outcome != "objection"
    db.session.commit()
    assert clocks.get(ticket, "objection") is None


def test_an_objection_after_thirty_working_days_is_not_taken_on_the_request(app):
    ticket = _answered(days_ago=60)
    assert ingest(_says(ticket, "saya keberatan")).outcome != "objection"
    db.session.commit()
    assert ticket.status == "resolved" and clocks.get(ticket, "objection") is None


def test_a_complaint_resolved_is_no_ground_for_an_objection(app):
    then = utcnow() - timedelta(days=1)
    ticket = factories.ticket(created=then - timedelta(hours=3))
    clocks.start(ticket, then - timedelta(hours=3))
    actions.resolve(ticket, AGENT, "Sudah diaspal", now=then)
    db.session.commit()
    assert ingest(_says(ticket, "saya keberatan")).outcome != "objection"


def test_a_web_form_naming_a_number_files_no_objection_for_its_owner(app):
    """A form's phone number may be a stranger's: it cannot object to their request."""
    ticket = _answered(channel="web")
    assert ingest(_says(ticket, "saya keberatan atas jawaban PPID")).outcome != "objection"
    db.session.commit()
    assert ticket.status == "resolved" and clocks.get(ticket, "objection") is None


@pytest.mark.parametrize(
    "text",
    [
        "Warga keberatan dengan bau limbah pabrik tahu di Jl. Rungkut Industri, sudah seminggu",
        "kami keberatan ada tower dibangun di kampung",
    ],
)
def test_a_new_complaint_about_something_objected_to_is_no_objection(app, text):
    # "warga keberatan dengan ..." is how many complaints begin: it names another matter,
    # not PPID's answer, and must not vanish into the answered request
    ticket = _answered()
    result = ingest(_says(ticket, text))
    db.session.commit()
    assert result.outcome != "objection" and result.ticket_id != ticket.id
    assert ticket.status == "resolved" and clocks.get(ticket, "objection") is None


def test_a_call_from_the_requesters_number_files_no_objection(app):
    # a caller's number proves nobody (it is easily forged) and an objection is written
    ticket = _answered(channel="whatsapp")
    phone = "+6281234567801"
    ticket.identity.address = phone
    ticket.contact.phone = phone
    db.session.commit()
    msg = InboundMessage(
        channel="voice",
        external_id=f"CA{next(_ids)}",
        sender_id=phone,
        sent_at=utcnow(),
        text="saya keberatan",
        phone=phone,
    )
    result = ingest(msg)
    db.session.commit()
    assert result.outcome != "objection" and result.ticket_id != ticket.id
    assert ticket.status == "resolved" and clocks.get(ticket, "objection") is None


def test_an_objection_citing_an_older_request_reopens_that_request(app):
    older = _answered(days_ago=5)
    older.registration_number = "PPID-2026-00041"
    newer = factories.ticket(
        kind="info_request", opd="PPID", created=utcnow() - timedelta(days=3), summary="Minta RTRW"
    )
    newer.contact_id, newer.identity_id = older.contact_id, older.identity_id
    clocks.start(newer, utcnow() - timedelta(days=3))
    actions.resolve(newer, AGENT, "Dokumen RTRW terlampir", now=utcnow() - timedelta(days=1))
    db.session.commit()
    result = ingest(_says(older, "Saya keberatan atas jawaban PPID-2026-00041, datanya kurang"))
    db.session.commit()
    assert result.outcome == "objection" and result.ticket_id == older.id
    assert older.status == "in_progress" and newer.status == "resolved"
    assert clocks.get(newer, "objection") is None


def test_a_status_check_during_the_objection_names_the_objection_deadline(app):
    ticket = _answered()
    ingest(_says(ticket, "saya keberatan"))
    db.session.commit()
    ingest(_says(ticket, f"cek {ticket.number}"))
    db.session.commit()
    said = _last_to_citizen()
    due = clocks.get(ticket, "objection").due_at
    assert "Batas tanggapan keberatan (UU 14/2008 Pasal 36)" in said
    assert "Batas jawaban tertulis" not in said and str(due.year) in said


def test_the_answer_tells_how_to_object_and_doing_so_files_the_objection(app):
    # "Anda berhak mengajukan keberatan" alone leaves the requester asking how: the
    # answer says what to reply, and that reply is taken as the objection.
    ticket = _answered()
    said = _last_to_citizen()
    assert "balas KEBERATAN beserta alasannya" in said
    result = ingest(_says(ticket, "KEBERATAN datanya hanya sebagian"))
    db.session.commit()
    assert result.outcome == "objection"
