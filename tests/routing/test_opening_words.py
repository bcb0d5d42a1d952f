"""A first message that only says the citizen wants to report or be helped ("saya mau
lapor", "tolong bantu saya pak") names no problem yet. The model read its first-person
words as another body's matter: the ticket was closed as outside the city's remit and
the citizen told to go elsewhere (walk18). It is now answered as an opener: asked for
the problem and its place, with 112 for emergencies, and nothing is closed. A bare
appeal ("tolong bantu saya pak") may be distress: an agent reads it in triage."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests.ticketing.helpers import Citizen
from ticketing.models import Ticket

OPENERS = [
    "saya mau lapor",
    "min tolong dong bantu sy, bingung mau lapor kemana 🙏",
    "Assalamualaikum, permisi bu, saya ingin menyampaikan pengaduan",
    "selamat siang kak, mau komplain nih",
    "izin lapor ndan",
]


@pytest.mark.parametrize("text", OPENERS)
def test_an_opener_is_no_other_body_s_matter(classifier, text):
    decision = classifier.classify(text)
    assert decision.kind == "not_complaint" and not decision.triage


@pytest.mark.parametrize("text", ["tolong bantu saya pak", "mohon bantuannya pak"])
def test_a_bare_appeal_is_read_by_an_agent_not_sent_elsewhere(classifier, text):
    decision = classifier.classify(text)
    assert decision.kind not in ("external", "emergency") and decision.triage


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("saya mau lapor jalan berlubang di Jl. Kenjeran no 40, sudah seminggu", {"complaint"}),
        ("tolong bantu saya pak, ada kebakaran di rumah tetangga, apinya besar", {"emergency"}),
        ("mau lapor listrik PLN padam dari pagi di rumah saya", {"external"}),
        ("saya mau tanya kapan sampah di kelurahan saya diangkut", {"complaint", "info_request"}),
    ],
)
def test_a_problem_named_after_the_opening_words_is_read(classifier, text, kinds):
    assert classifier.classify(text).kind in kinds


def test_the_citizen_is_asked_for_the_problem_not_sent_elsewhere(fake_telegram, tg_post, drain):
    citizen = Citizen(fake_telegram, tg_post, drain)
    citizen.says("saya mau lapor")
    assert db.session.execute(select(Ticket)).scalar() is None
    (reply,) = citizen.replies()
    assert "tulis saja masalahnya beserta lokasinya" in reply and "di luar" not in reply


@pytest.mark.parametrize(
    "text",
    ["saya mau tanya laporan saya", "tanya laporan saya dong min", "ini laporan saya kok"],
)
def test_asking_after_one_s_own_report_is_a_status_check(classifier, text):
    # "laporan saya" is a report already made, not one the citizen wants to make
    assert classifier.classify(text).kind == "status_check"


@pytest.mark.parametrize(
    "text",
    [
        "saya mau lapor kebakaran",
        "saya mau lapor kebakaran pak",
        "mau lapor orang tenggelam",
        "saya mau melaporkan ada kebakaran di gang 3",
    ],
)
def test_wanting_to_report_an_emergency_is_no_hypothetical_one(classifier, text):
    # "mau" before "kebakaran" reads as "about to" ("takut mau kebakaran"); "mau lapor"
    # is the citizen's wish to report it, and the words stay an alarm
    decision = classifier.classify(text)
    assert decision.kind == "emergency" or decision.emergency_unsure
