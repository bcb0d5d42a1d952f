"""An emergency is an emergency whatever the conversation waits for: a rating of a
resolved ticket, "sudah/belum", the answer to the desk's question, a status check, more
about an open ticket or an incident. The citizen is told at once to call 112 and the 112
desk is alerted, exactly as for a fresh emergency; nothing takes it as an answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from tests.ticketing.helpers import Citizen
from ticketing import actions, classifier, incident_actions
from ticketing.models import Outbound, Ticket, utcnow

AGENT = actions.Actor("agent", None, "Agen")
FIRE = "tolong ada kebakaran di rumah saya, apinya sudah besar"


@pytest.fixture
def citizen(fake_telegram, tg_post, drain):
    factories.officer("Operator 112", group="DESK112", address="911117")
    db.session.commit()
    return Citizen(fake_telegram, tg_post, drain, name="Rini")


def first_ticket(citizen: Citizen) -> Ticket:
    citizen.says("jalan berlubang besar di Jl. Kapasari gang 5, sudah seminggu tidak diperbaiki")
    return db.session.execute(select(Ticket)).scalar_one()


def resolved(citizen: Citizen) -> Ticket:
    ticket = first_ticket(citizen)
    actions.resolve(ticket, AGENT, "Sudah diaspal")
    db.session.commit()
    return ticket


def assert_alarm_heard(citizen: Citizen, earlier: Ticket | None) -> Ticket:
    """The emergency opened its own ticket, its citizen was told to call 112 and the
    desk was alerted; returns that ticket."""
    stmt = select(Ticket).where(Ticket.kind == "emergency")
    alarm = db.session.execute(stmt).scalar_one()
    assert earlier is None or alarm.id != earlier.id
    assert "TELEPON 112" in citizen.replies()[-1] or "TELEPON 112" in citizen.replies()[-2]
    purposes = db.session.execute(select(Outbound.purpose).where(Outbound.ticket_id == alarm.id))
    assert {"emergency", "emergency_alert"} <= set(purposes.scalars())
    return alarm


@pytest.mark.parametrize(
    "text",
    [
        "belum, tolong ada kebakaran di rumah saya",  # "belum" reopened the old one
        "masih ada orang tenggelam di kali, tolong",  # a short "masih ..." reopened it
        "3, tolong ada kebakaran di rumah saya",
        "5. terima kasih. tapi sekarang ada orang pingsan di depan rumah, tolong cepat",
    ],
)
def test_an_emergency_instead_of_a_rating_is_an_emergency(citizen, text):
    ticket = resolved(citizen)
    assert classifier.classify(text, "telegram").kind == "emergency"
    citizen.says(text)
    assert_alarm_heard(citizen, ticket)
    db.session.refresh(ticket)
    # not taken as the answer: the resolved ticket still waits for its rating
    assert ticket.status == "resolved" and ticket.rating is None and ticket.reopened == 0


def test_a_possible_emergency_after_a_rating_is_not_a_rating_note(citizen):
    """A rating then "anak saya hilang": the router names a missing person but, with no
    sign of when, leaves it to an agent (as for the same words alone). It is not a
    rating whose words only the closed ticket's timeline keeps: it opens its own ticket
    for an agent."""
    ticket = resolved(citizen)
    alone = classifier.classify("anak saya hilang", "telegram")
    assert alone.kind != "emergency" and alone.triage and alone.emergency_unsure
    citizen.says("3, anak saya hilang")
    db.session.refresh(ticket)
    assert ticket.status == "resolved" and ticket.rating is None
    new = db.session.execute(select(Ticket).where(Ticket.id != ticket.id)).scalar_one()
    assert new.status == "triage" and "emergency keyword 'anak saya hilang'" in new.routing_reason


def test_an_emergency_instead_of_the_answer_to_the_desks_question(citizen):
    ticket = first_ticket(citizen)
    actions.ask_citizen(ticket, AGENT, "Di nomor berapa persisnya, pak?")
    db.session.commit()
    citizen.says(FIRE)
    assert_alarm_heard(citizen, ticket)
    db.session.refresh(ticket)
    assert ticket.status == "waiting"  # its answer is still to come


@pytest.mark.parametrize(
    "text",
    [
        "cek {number} tolong rumah saya kebakaran",
        "status {number}, tolong ada kebakaran di rumah saya",
        "/cek {number} tolong rumah saya kebakaran",
        "/status {number} tolong ada kebakaran di rumah saya",
    ],
)
def test_an_emergency_in_a_status_check_is_an_emergency(citizen, text):
    ticket = first_ticket(citizen)
    citizen.says(text.format(number=ticket.number))
    alarm = assert_alarm_heard(citizen, ticket)
    assert ticket.number not in alarm.summary or "kebakaran" in alarm.summary


def test_an_emergency_in_a_start_command_is_an_emergency(citizen):
    citizen.says("/start tolong ada kebakaran di rumah saya")
    assert_alarm_heard(citizen, None)


# A fire written with characters that look like the plain letters: a Cyrillic е, а or
# О, a Greek omicron, small capitals, a combining accent, fullwidth and bold letters.
LOOK_ALIKES = [
    "tolong rumah saya t\u0435rbakar",
    "T\u041eLONG ada keb\u0430karan di rumah saya",
    "T\u039fLONG \u0391D\u0391 \u039a\u0395\u0392\u0391\u039a\u0391R\u0391\u039d",
    "tolong ada \u1d0b\u1d07\u0299\u1d00\u1d0b\u1d00\u0280\u1d00\u0274 di rumah saya",
    "tolong ada keba\u0301karan di rumah saya",
    "tolong ada \uff4b\uff45\uff42\uff41\uff4b\uff41\uff52\uff41\uff4e di rumah saya",
    "tolong ada " + "".join(chr(0x1D41A + ord(c) - 97) for c in "kebakaran") + " di rumah saya",
    "\u0455\u043e\u0455",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_an_emergency_written_with_look_alike_letters_is_an_emergency(citizen, text):
    citizen.says(text)
    alarm = assert_alarm_heard(citizen, None)
    assert alarm.messages[0].text == text  # stored and shown as the citizen wrote it


def test_an_emergency_in_look_alike_letters_after_an_open_ticket_is_an_emergency(citizen):
    ticket = first_ticket(citizen)
    citizen.says(LOOK_ALIKES[1])
    assert_alarm_heard(citizen, ticket)


def test_an_emergency_after_an_open_ticket_is_an_emergency(citizen):
    ticket = first_ticket(citizen)
    citizen.says(FIRE)
    assert_alarm_heard(citizen, ticket)
    assert [m.text for m in ticket.messages] == [ticket.messages[0].text]


def test_an_emergency_from_the_citizen_of_a_merged_ticket(citizen):
    ticket = first_ticket(citizen)
    parent = factories.ticket(created=utcnow() - timedelta(hours=2), opd=ticket.opd_code)
    db.session.commit()
    incident_actions.merge_incident(ticket, AGENT, parent.number)
    db.session.commit()
    citizen.says(FIRE)
    assert_alarm_heard(citizen, ticket)


@pytest.mark.parametrize("asked", [False, True], ids=["open", "waiting"])
def test_a_possible_emergency_beside_an_open_ticket_goes_to_an_agent(citizen, asked):
    """ "anak saya hilang" (an alarm word left to an agent) from the citizen of an open
    road report was appended to it, or taken as the answer to its question: only the
    road's officer read it (failed before)."""
    ticket = first_ticket(citizen)
    if asked:
        actions.ask_citizen(ticket, AGENT, "Di nomor berapa persisnya, pak?")
        db.session.commit()
    citizen.says("anak saya hilang")
    new = db.session.execute(select(Ticket).where(Ticket.id != ticket.id)).scalar_one()
    assert new.status == "triage" and "agent to check" in new.routing_reason
    assert len(ticket.messages) == 1
    db.session.refresh(ticket)
    assert ticket.status == ("waiting" if asked else "routed")


@pytest.mark.parametrize("text", ["anak saya hilang", "bapak saya hilang", "suami saya hilang pak"])
def test_a_possible_emergency_left_to_an_agent_still_tells_the_citizen_about_112(citizen, text):
    """Words an alarm rule reads but cannot be sure of ("anak saya hilang": no sign of
    when) go to an agent in triage. The citizen was only told that an agent reviews it
    within 1x24 hours; now they are told to call 112 if it is an emergency, and the
    ticket heads the triage tab (failed before)."""
    decision = classifier.classify(text, "telegram")
    assert decision.kind != "emergency" and decision.emergency_unsure
    citizen.says(text)
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert ticket.status == "triage" and ticket.priority == 1
    assert "TELEPON 112" in citizen.replies()[-1] and ticket.number in citizen.replies()[-1]


def test_a_plain_unsure_report_is_not_told_about_112(citizen):
    citizen.says("mohon dicek pak")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert ticket.status == "triage" and ticket.priority == 0
    assert "112" not in citizen.replies()[-1]


def test_a_possible_emergency_after_an_appeal_in_triage_tells_about_112(citizen):
    """ "tolong bantu saya pak" opens a ticket in triage; the next message, "anak saya
    hilang", was appended to it: no 112 advice and the ticket stayed at the usual
    priority (failed before)."""
    citizen.says("tolong bantu saya pak")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert ticket.status == "triage" and ticket.priority == 0
    citizen.says("anak saya hilang")
    db.session.refresh(ticket)
    tickets = db.session.execute(select(Ticket)).scalars().all()
    assert any(t.priority == 1 for t in tickets)
    assert "TELEPON 112" in citizen.replies()[-1]
