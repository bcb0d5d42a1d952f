"""A message that only calls for the emergency number ("112!!", "SOS", "panggil 112
cepat") is an emergency: the citizen is told at once to call 112 and the 112 desk is
alerted. It read as an information request ('00' after the digits were normalised) or
as a complaint to Dinsos ("sos")."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from tests.ticketing.helpers import Citizen
from ticketing import classifier
from ticketing.models import Outbound, Ticket
from ticketing.routing import emergency
from ticketing.texts import t


@pytest.mark.parametrize(
    "text",
    ["112!!", "112", "SOS", "sos pak!!", "911!!!", "tlp 112 cpt", "Panggilkan 112 segera",
     "tolong pak telpon 112", "112 112 112", "Please call 112"],
)  # fmt: skip
def test_a_bare_call_for_the_emergency_number_is_an_emergency(app, text):
    decision = classifier.classify(text, "telegram")
    assert decision.kind == "emergency" and decision.emergency_type == "call", decision.reason
    assert not decision.triage


@pytest.mark.parametrize(
    "text",
    ["nomor 112 berapa?", "cek 112", "lampu PJU di Jl. Raya 112 mati",
     "kemarin saya telp 112 lama diangkat"],
)  # fmt: skip
def test_words_beyond_the_call_are_read_as_they_are(app, text):
    decision = classifier.classify(text, "telegram")
    assert decision.emergency_type != "call"


def test_the_caller_gets_the_112_advice_and_the_desk_is_alerted(app, fake_telegram, tg_post, drain):
    factories.officer("Operator 112", group="DESK112", address="911114")
    db.session.commit()
    citizen = Citizen(fake_telegram, tg_post, drain)
    citizen.says("112!!")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert ticket.kind == "emergency" and ticket.status != "triage"
    assert any("112" in reply for reply in citizen.replies())
    purposes = set(db.session.execute(select(Outbound.purpose)).scalars())
    assert {"emergency", "emergency_alert"} <= purposes


@pytest.mark.parametrize(
    "text",
    ["112 gak bisa ditelpon", "112 tidak bisa dihubungi", "telp 112 ga nyambung tolong",
     "112 gak bisa ditelpon dari tadi", "udah telpon 112 sibuk terus pak",
     "nelpon 112 gk diangkat2 tolong", "tidak bisa hubungi 112!!", "pak 112 gak nyambung",
     "no 112 tidak bisa dihubungi"],
)  # fmt: skip
def test_who_cannot_reach_112_is_an_emergency(app, text):
    decision = classifier.classify(text, "telegram")
    assert decision.kind == "emergency" and decision.unreached_112, decision.reason
    assert decision.emergency_type == "unreached_112" and decision.opd == "BPBD"
    assert not decision.triage


def test_an_emergency_named_beside_an_unreachable_112_keeps_its_type(app):
    decision = classifier.classify("rumah sebelah kebakaran, 112 gak bisa ditelpon", "telegram")
    assert decision.kind == "emergency" and decision.emergency_type == "fire"
    assert decision.unreached_112 and not decision.triage


@pytest.mark.parametrize(
    "text",
    ["kemarin 112 lama angkatnya, tolong diperbaiki", "kemarin 112 tidak bisa dihubungi",
     "112 sering tidak bisa dihubungi, tolong diperbaiki", "nomor 112 berapa?", "cek 112",
     "Jl. Raya 112 gak bisa dilewati motor", "sampah di gang 112 tidak diangkat",
     "air PDAM tidak masuk ke rumah no 112 sudah 3 hari", "surat no 112 belum dijawab"],
)  # fmt: skip
def test_a_complaint_about_the_112_line_is_no_emergency(app, text):
    decision = classifier.classify(text, "telegram")
    assert decision.kind != "emergency" and not decision.unreached_112, decision.reason


def test_who_cannot_reach_112_is_told_the_desk_has_it_and_the_desk_is_alerted(
    app, fake_telegram, tg_post, drain
):
    app.config["EMERGENCY_OTHER_NUMBERS"] = "Damkar 113, PSC 119"
    factories.officer("Operator 112", group="DESK112", address="911115")
    db.session.commit()
    citizen = Citizen(fake_telegram, tg_post, drain)
    citizen.says("112 gak bisa ditelpon tolong")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert ticket.kind == "emergency" and ticket.status != "triage"
    expected = t("emergency_unreached", number=ticket.number, others="")
    others = t("emergency_other_numbers", numbers="Damkar 113, PSC 119")
    assert citizen.replies()[-1] == expected + others
    purposes = set(db.session.execute(select(Outbound.purpose)).scalars())
    assert {"emergency", "emergency_alert"} <= purposes


def test_a_long_run_of_punctuation_is_read_in_linear_time():
    """ "112 tidak nyambung" and 8,000 dots held the intake worker over four seconds:
    every dot began another try at "a sentence that starts with 112" (failed before)."""
    started = time.perf_counter()
    for tail in ("." * 7900, ", " * 3900, "!?" * 3900):
        assert emergency.unreached_112("nomer 112 tidak nyambung " + tail) is None
    assert time.perf_counter() - started < 0.3
    assert emergency.unreached_112("halo... pak 112 gak bisa dihubungi") is not None
    assert emergency.unreached_112("tolong!! 112 tidak nyambung, kebakaran") is not None
