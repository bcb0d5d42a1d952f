"""The citizen of an open emergency who writes more (the address, "ada anak di lantai 2")
hears that the 112 desk has it: a short acknowledgement, at most one per ADDED_GAP, while
the desk is told every word as before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from tests.ticketing.helpers import Citizen
from ticketing.emergencies import ADDED_GAP
from ticketing.models import Outbound, Ticket
from ticketing.texts import t


@pytest.fixture
def citizen(app, fake_telegram, tg_post, drain):
    factories.officer("Operator 112", group="DESK112", address="911116")
    db.session.commit()
    return Citizen(fake_telegram, tg_post, drain)


def purposes() -> list[str]:
    return list(db.session.execute(select(Outbound.purpose).order_by(Outbound.id)).scalars())


def test_the_address_sent_after_the_alarm_is_acknowledged_and_told_to_the_desk(citizen):
    citizen.says("TOLONG ada kebakaran rumah, apinya sudah besar!!")
    before = len(citizen.replies())
    citizen.says("alamatnya Jl. Kapasari gang 3 no 12, rumah cat hijau")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert citizen.replies()[before:] == [t("emergency_added", number=ticket.number)]
    assert "emergency_more" in purposes()


def test_more_words_within_the_gap_get_one_acknowledgement_then_another_after_it(citizen):
    citizen.says("TOLONG ada kebakaran rumah, apinya sudah besar!!")
    citizen.says("alamatnya Jl. Kapasari gang 3 no 12")
    citizen.says("rumah cat hijau, dekat musholla")
    assert purposes().count("emergency_added") == 1
    ack = db.session.execute(
        select(Outbound).where(Outbound.purpose == "emergency_added")
    ).scalar_one()
    ack.created_at -= ADDED_GAP + timedelta(seconds=5)  # sent ADDED_GAP ago
    db.session.commit()
    citizen.says("ada anak kecil di lantai 2")
    assert purposes().count("emergency_added") == 2


def test_thanks_alone_gets_no_acknowledgement(citizen):
    citizen.says("TOLONG ada kebakaran rumah, apinya sudah besar!!")
    citizen.says("terima kasih pak")
    assert "emergency_added" not in purposes()
