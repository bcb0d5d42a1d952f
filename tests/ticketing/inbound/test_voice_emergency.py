"""A call from the number of a citizen whose emergency is open. Caller ID is forged
easily: the call never joins that emergency (a forger must not tell the desk "sudah
padam" on a real fire, nor learn of it); it is a report of its own, an emergency the
112 desk is alerted to as a call from that number, linked on both timelines."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from tests.ticketing.inbound.test_voice_repeat import call
from ticketing.models import Message, Outbound, Ticket

CALLER = "+6281234500015"  # test_voice_repeat's caller
FIRE = "TOLONG ada kebakaran rumah di Jl. Kapasari gang 3, apinya sudah besar!!"


@pytest.fixture
def desk(app):
    factories.officer("Operator 112", group="DESK112", address="911117")
    db.session.commit()


def tickets() -> list[Ticket]:
    db.session.rollback()
    return list(db.session.execute(select(Ticket).order_by(Ticket.id)).scalars())


def alerts() -> list[str]:
    rows = select(Outbound.text).where(Outbound.purpose == "emergency_alert")
    return list(db.session.execute(rows.order_by(Outbound.id)).scalars())


@pytest.mark.parametrize(
    "spoken",
    [
        "apinya sudah padam pak, tidak usah datang, terima kasih banyak",
        "Tolong apinya tambah besar sekarang merembet ke rumah sebelah",
    ],
    ids=["more words", "another alarm"],
)
def test_a_call_from_an_emergency_reporters_number_is_a_marked_report_of_its_own(
    twilio, settle, desk, spoken
):
    twilio.citizen_sms(CALLER, FIRE)
    settle()
    (fire,) = tickets()
    assert fire.kind == "emergency" and len(alerts()) == 1
    call(twilio, settle, spoken)
    first, phoned = tickets()
    assert first.id == fire.id and [m.channel for m in first.messages] == ["sms"]
    assert phoned.kind == "emergency" and phoned.channel == "voice"
    assert [m.text for m in phoned.messages] == [spoken]
    assert phoned.routing_reason.startswith(
        f"phone: a call from the number of open emergency {fire.number}"
    )
    new_alert = alerts()[-1]
    assert len(alerts()) == 2 and phoned.number in new_alert and "Telepon" in new_alert
    assert "dipalsukan" in new_alert
    assert {e.action: e.note for e in phoned.events}["phoned_from_number"] == fire.number
    assert {e.action: e.note for e in first.events}["phoned_after"] == phoned.number
    # nothing of the first emergency goes to the caller's line
    to_caller = select(Outbound.text).where(
        Outbound.recipient == CALLER, Outbound.ticket_id == phoned.id
    )
    assert all(fire.number not in text for text in db.session.execute(to_caller).scalars())
    assert db.session.execute(select(Message).where(Message.ticket_id == fire.id)).scalars().all()


def test_a_call_nobody_recognised_from_that_number_alerts_the_desk_to_listen(twilio, settle, desk):
    twilio.citizen_sms(CALLER, FIRE)
    settle()
    call(twilio, settle, "apinya sudah padam", confidence=0.21)
    fire, phoned = tickets()
    assert [m.channel for m in fire.messages] == ["sms"] and len(alerts()) == 2
    assert phoned.kind == "emergency" and "listen_needed" in [e.action for e in phoned.events]
