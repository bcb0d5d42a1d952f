"""A complaint that came by chat is published under the category its words name (the
catalogue's, of the unit it went to), not as "Lainnya - <unit>"."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests.ticketing.helpers import Citizen
from ticketing import actions, categories, publication
from ticketing.categories import guess
from ticketing.models import Ticket


@pytest.mark.parametrize(
    ("text", "opd", "code"),
    [
        ("dalan e bolong gede nang ngarep pasar", "DSDABM", "jalan-rusak"),
        ("Aspalnya mengelupas, motor sering jatuh", "DSDABM", None),  # "aspalnya": no word
        ("aspal ngelupas di jl. ngagel, motor jatuh", "DSDABM", "jalan-rusak"),
        ("got depan rumah mampet, air meluber ke jalan", "DSDABM", "saluran-mampet"),
        ("PJU di jalan Rungkut mati sudah seminggu", "DISHUB", "pju-mati"),
        ("lampu merah perempatan Kertajaya mati", "DISHUB", "lampu-lalu-lintas"),
        ("banyak jukir liar minta 5 ribu", "DISHUB", "parkir-liar"),
        ("sampah di TPS belum diangkut 3 hari", "DLH", "sampah"),
        ("air PDAM keruh sejak kemarin", "PDAM", "air-pdam"),
        ("warga kena DBD, minta fogging", "DINKES", "fogging"),
        ("ada ular masuk rumah", "DPKP", "hewan-liar"),
        # Only the unit's own categories: a pothole sent to DISHUB is not "jalan-rusak".
        ("jalan berlubang di bawah lampu merah", "DISHUB", "lampu-lalu-lintas"),
        ("jalan berlubang", "DISHUB", None),
        # A tie between two of the unit's categories: none is guessed.
        ("got dan aspal rusak", "DSDABM", None),
        ("got mampet dan jalan berlubang", "DSDABM", "saluran-mampet"),  # 2 words to 1
        ("tolong dicek", "DSDABM", None),
        ("got mampet", None, None),
    ],
)
def test_the_guess_names_one_category_of_the_unit_or_none(text, opd, code):
    assert guess(text, opd) == code


@pytest.mark.parametrize(
    ("text", "opd", "code"),
    [
        # Written in English (the desk answers in English): routed, so named too; an
        # English reader saw "Other - <unit>" for a street light reported in English.
        ("There is a big pothole on Jalan Darmo", "DSDABM", "jalan-rusak"),
        ("The drain in front of my house is clogged", "DSDABM", "saluran-mampet"),
        ("The street light on Jalan Raya Darmo has been off for a week", "DISHUB", "pju-mati"),
        ("The traffic lights at Kertajaya are broken", "DISHUB", "lampu-lalu-lintas"),
        ("Illegal parking attendants on the sidewalk", "DISHUB", "parkir-liar"),
        ("Garbage has not been collected for 3 days", "DLH", "sampah"),
        ("A fallen tree branch is hanging over the road", "DLH", "pohon"),
        ("Street vendors block the sidewalk", "SATPOLPP", "pkl-trotoar"),
        ("A snake got into my house", "DPKP", "hewan-liar"),
        ("Lots of mosquitoes, two neighbours have dengue", "DINKES", "fogging"),
    ],
)
def test_english_words_name_a_category_too(text, opd, code):
    assert guess(text, opd) == code


@pytest.fixture
def citizen(fake_telegram, tg_post, drain):
    return Citizen(fake_telegram, tg_post, drain)


def test_a_chat_complaint_is_published_under_its_category(app, client, citizen):
    citizen.says("Jalan di depan SDN Ketabang 1 berlubang besar, sudah 2 motor jatuh pak")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert (ticket.opd_code, ticket.service_code) == ("DSDABM", "jalan-rusak")
    page = client.get(f"/lacak/{ticket.number}").get_data(as_text=True)
    assert "Jalan rusak / berlubang" in page and "Lainnya - " not in page
    listed = client.get("/open311/v2/requests.json?service_code=jalan-rusak").get_json()
    assert [r["service_request_id"] for r in listed] == [ticket.number]
    assert listed[0]["service_name"] == "Jalan rusak / berlubang"


def test_a_reroute_takes_the_new_units_category_or_its_general_service(app, citizen):
    citizen.says("Jalan berlubang besar di Jl. Kenjeran, lampu PJU di atasnya juga mati")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    agent = actions.Actor("agent", None, "Agen")
    for unit, category in (("DSDABM", "jalan-rusak"), ("DISHUB", "pju-mati")):
        if ticket.opd_code != unit:
            actions.route(ticket, agent, unit)
        assert ticket.service_code == category
    actions.route(ticket, agent, "DLH")  # nothing of DLH's is named: its general service
    assert ticket.service_code is None


def test_words_never_publish_a_chat_complaint_its_unit_keeps_inside(app):
    # DINKES (health) is not a public unit: a chat message naming DBD is often about a
    # sick child, and its citizen never chose the public "fogging" category of the form.
    said = "anak saya kena DBD dirawat di RS, puskesmas tidak mau fogging"
    ticket = Ticket(channel="telegram", kind="complaint", private=False, summary=said)
    ticket.opd_code = "DINKES"
    categories.categorize(ticket)
    assert ticket.service_code is None and not publication.is_listed(ticket)
    chosen = Ticket(channel="web", kind="complaint", private=False, summary=said)
    chosen.opd_code, chosen.service_code = "DINKES", "fogging"
    categories.categorize(chosen)  # the form's citizen chose the public category
    assert chosen.service_code == "fogging" and publication.is_listed(chosen)


def test_a_form_report_of_lainnya_takes_the_category_its_words_name(app, client, drain):
    """The form's category is written on the ticket after it was routed: "Lainnya / tidak
    tahu" then stayed, though the classifier had sent it to the unit its words name."""
    from tests.public.helpers import form

    text = "got depan rumah saya mampet, air meluber ke jalan tiap hujan"
    data = form(client, service_code="lainnya", description=text)
    client.post("/lapor", data=data, content_type="multipart/form-data")
    drain()
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert (ticket.opd_code, ticket.service_code) == ("DSDABM", "saluran-mampet")
