"""Personal data never leaves through the public side: the redactor's cases, and a desk
full of personal tickets that no public endpoint or page (JSON, XML, HTML, map data)
ever returns, nor any phone number, NIK, name or exact location."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aduan.extensions import db
from tests.public.helpers import listed_ticket
from ticketing import places, publication
from ticketing.models import TicketEvent
from ticketing.privacy import redact

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hubungi 0812-3456-7890 ya", "hubungi [telepon] ya"),
        ("WA +62 812 3456 7890", "WA [telepon]"),
        ("kantor (031) 531 2144", "kantor [telepon]"),
        ("NIK 3578 0123 4567 0001 hilang", "NIK [NIK] hilang"),
        ("email budi.s@mail.co.id", "email [email]"),
        ("mobil L 1234 AB parkir di trotoar", "mobil [nopol] parkir di trotoar"),
        ("motor w1234xyz kabur", "motor [nopol] kabur"),
        ("rumah saya Jl. Kenjeran No. 45", "rumah saya [alamat]"),
        ("Pak Budi Santoso bilang", "Pak [nama] bilang"),
        # a surname the channel never told us, and a name the citizen gives
        ("Saya Budi Prakoso NIK 3578 0123 4567 0001", "Saya [nama] NIK [NIK]"),
        ("nama saya Rina Wulandari, got mampet", "nama saya [nama], got mampet"),
        ("lampu mati, a.n. Siti Aminah", "lampu mati, a.n. [nama]"),
        # a chat's lower case: the public page showed "nama saya siti aminah"
        ("nama saya siti aminah warga kenjeran", "nama saya [nama] warga kenjeran"),
        ("sampah numpuk, namaku dewi. tolong", "sampah numpuk, namaku [nama]. tolong"),
        # not personal: a street without a house number, RT/RW, distances, durations
        ("lubang di Jl. Rungkut Madya dekat RT 03 RW 05", None),
        ("macet 3 km, sudah 2 jam, di 3 titik", None),
    ],
)
def test_the_redactor_masks_contact_details_plates_and_names(text, expected):
    assert redact(text, ["Budi Santoso"]) == (expected if expected is not None else text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a self-introduction with no "nama" and a name the channel never told us
        ("Saya Joko Widodo, warga Rungkut. Lampu mati", "Saya [nama], warga Rungkut. Lampu mati"),
        ("saya Eko Prasetyo ingin melapor got mampet", "saya [nama] ingin melapor got mampet"),
        ("Selamat pagi, saya Hendra dari RT 4", "Selamat pagi, saya [nama] dari RT 4"),
        ("Saya Pak Sugeng Warga Kenjeran", "Saya Pak [nama] Warga Kenjeran"),
        # what follows "saya" in a sentence or a description is no name
        ("Saya Warga Kenjeran, jalan berlubang", None),
        ("Saya Mau Lapor Jalan Rusak Di Tambaksari", None),
        ("Saya Sangat Kecewa Dengan Pelayanan Dinas", None),
        ("Saya Melaporkan Sampah Menumpuk Di Gubeng", None),
        ("Saya Tinggal Di Wonokromo dekat pasar", None),
        ("Saya Ibu Rumah Tangga", None),
        # chat slang is a word too, not a name: "gak" is "tidak", "udah" is "sudah"
        ("Saya Gak Terima Pelayanan Kelurahan", None),
        ("Saya Udah Lapor Berkali Kali", None),
        ("SAYA MAU LAPOR BANJIR", None),
    ],
)
def test_a_name_given_after_saya_is_masked_not_the_sentence(text, expected):
    assert redact(text) == (expected if expected is not None else text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a neighbour named in a landmark or a story (walk13: "rumah Bu Sri" on /lacak)
        ("depan rumah Bu Sri, gang 3", "depan rumah Bu [nama], gang 3"),
        ("kata pak Hartono Wijaya tetangga", "kata pak [nama] tetangga"),
        ("Pak Haji Slamet jualan di trotoar", "Pak Haji [nama] jualan di trotoar"),
        ("Mbak Rina Lestari Di Rungkut", "Mbak [nama] Di Rungkut"),
        # an office, a role, a place or a phrase is nobody's name
        ("sudah lapor ke Pak RT dan Bu Lurah", None),
        ("Pak Camat Rungkut tidak respon", None),
        ("pindah ke Ibu Kota Nusantara", None),
        ("Bapak Ibu sekalian, pak polisi diam saja", None),
    ],
)
def test_a_name_after_an_honorific_is_masked_not_an_office(text, expected):
    assert redact(text) == (expected if expected is not None else text)


SECRETS = ("3456", "7890", "3578012345670001", "Kartini", "siti@", "L 9999 XY", "-7.251234")


def _personal_desk() -> list[str]:
    """Adds a ticket of every unlisted kind (each with contact details in its text) and
    returns their numbers."""
    text = "Bu Kartini, NIK 3578012345670001, HP 0812-3456-7890, siti@mail.com, L 9999 XY"
    numbers = []
    for kind, opd, private in [
        ("info_request", "PPID", False),
        ("emergency", "DPKP", False),
        ("not_complaint", None, False),
        ("external", "EXTERNAL", False),
        ("complaint", "DSDABM", True),  # marked private by an agent
        ("complaint", "DINSOS", False),  # a unit whose complaints are personal
        ("complaint", "DP3APPKB", False),
        ("complaint", None, False),  # still in triage
    ]:
        ticket = listed_ticket(NOW - timedelta(days=1), summary=text, opd=opd, kind=kind)
        ticket.private = private
        ticket.contact.name = "Kartini"
        ticket.latitude, ticket.longitude = -7.251234, 112.751234
        numbers.append(ticket.number)
    return numbers


def _everything(client, numbers: list[str], listed: str) -> dict[str, str]:
    """Returns every public output, keyed by URL."""
    urls = ["/peta", "/peta?status=open", "/peta?status=resolved", "/kinerja", "/lapor"]
    for fmt in ("json", "xml"):
        urls += [
            f"/open311/v2/requests.{fmt}",
            f"/open311/v2/requests.{fmt}?status=open,closed",
            f"/open311/v2/requests.{fmt}?service_request_id={','.join([*numbers, listed])}",
            f"/open311/v2/requests.{fmt}?service_code=DSDABM,DINSOS,DP3APPKB,PPID,DPKP",
            f"/open311/v2/services.{fmt}",
        ]
        urls += [f"/open311/v2/requests/{n}.{fmt}" for n in [*numbers, listed]]
    urls += [f"/lacak/{n}" for n in [*numbers, listed]]
    return {url: client.get(url).get_data(as_text=True) for url in urls}


def test_no_public_endpoint_or_page_returns_personal_tickets_or_data(app, client):
    numbers = _personal_desk()
    listed = listed_ticket(
        NOW - timedelta(hours=5),
        summary="Lubang di depan rumah Bu Kartini, hubungi 0812-3456-7890, mobil L 9999 XY",
    )
    listed.contact.name = "Kartini"
    listed.latitude, listed.longitude = -7.251234, 112.751234
    db.session.commit()
    outputs = _everything(client, numbers, listed.number)
    unknown = "MC-2026-999999"
    for url, body in outputs.items():
        for secret in SECRETS:
            assert secret not in body, (url, secret)
        for number in numbers:
            if number not in url:
                assert number not in body, (url, number)
            else:  # asked by number: exactly what a number that never existed gets
                nothing = client.get(url.replace(number, unknown)).get_data(as_text=True)
                assert body.replace(number, "N") == nothing.replace(unknown, "N"), url
    page = outputs[f"/lacak/{listed.number}"]
    assert "Lubang di depan rumah Bu [nama], hubungi [telepon], mobil [nopol]" in page
    assert outputs["/open311/v2/requests.json"].count(listed.number) == 1
    shown = client.get(f"/open311/v2/requests/{listed.number}.json").get_json()[0]
    assert (shown["lat"], shown["long"]) == places.coarse(-7.251234, 112.751234)
    assert abs(shown["lat"] + 7.251234) * 111_320 < 50  # the same block, not the house
    for number in numbers:
        assert client.get(f"/lacak/{number}").status_code == 404
        assert client.get(f"/open311/v2/requests/{number}.json").status_code == 404


def test_a_report_without_a_shared_location_has_no_coordinates(app, client):
    ticket = listed_ticket(NOW, lat=None, long=None)
    db.session.commit()
    item = publication.views([ticket])[0]
    assert (item.lat, item.long) == (None, None)
    body = client.get(f"/open311/v2/requests/{ticket.number}.json").get_json()
    assert body[0]["lat"] is None and body[0]["long"] is None


def test_marking_a_ticket_private_takes_it_off_every_public_page(app, client):
    from tests.inbox.helpers import csrf, login, make_user

    ticket = listed_ticket(NOW)
    db.session.commit()
    assert client.get(f"/lacak/{ticket.number}").status_code == 200
    login(client, make_user("agent"))
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    response = client.post(
        f"/tickets/{ticket.number}/private", data={"private": "1", "csrf_token": csrf(page)}
    )
    assert response.status_code == 302
    assert client.get(f"/lacak/{ticket.number}").status_code == 404
    assert client.get("/open311/v2/requests.json").get_json() == []


def test_an_incidents_public_timeline_masks_every_reporters_name(app, client):
    # A merged report shows its parent's timeline (the officers work on the parent);
    # an officer's note naming the parent's reporter was masked on the parent's page
    # but read in full on the merged report's page, and the other way round.
    parent = listed_ticket(NOW - timedelta(hours=5))
    child = listed_ticket(NOW - timedelta(hours=4))
    parent.contact.name, child.contact.name = "Sutrisno", "Kartini"
    child.incident_id, child.incident_confirmed = parent.id, True
    _progress(parent, "Sudah dicek bersama Pak Sutrisno dan Bu Kartini, tambal besok")
    db.session.commit()
    for ticket in (parent, child):
        page = client.get(f"/lacak/{ticket.number}").get_data(as_text=True)
        assert "Sudah dicek bersama Pak [nama] dan Bu [nama], tambal besok" in page, ticket


@pytest.mark.parametrize("hidden", [{"private": True}, {"kind": "emergency", "opd": "BPBD"}])
def test_a_listed_report_merged_into_an_unlisted_one_does_not_publish_its_timeline(
    app, client, hidden
):
    # A merged report shows its parent's timeline; a parent the public pages never list
    # (marked private, an emergency, a PPID request) had its notes published that way.
    opd = hidden.pop("opd", "DSDABM")
    parent = listed_ticket(NOW - timedelta(hours=5), opd=opd)
    for name, value in hidden.items():
        setattr(parent, name, value)
    child = listed_ticket(NOW - timedelta(hours=4))
    child.incident_id, child.incident_confirmed = parent.id, True
    _progress(parent, "Korban dievakuasi ke rumah sakit terdekat")
    db.session.commit()
    assert not publication.is_listed(parent) and publication.is_listed(child)
    response = client.get(f"/lacak/{child.number}")
    assert response.status_code == 200
    assert "Korban dievakuasi" not in response.get_data(as_text=True)
    listed = client.get(f"/open311/v2/requests/{child.number}.json").get_data(as_text=True)
    assert "Korban dievakuasi" not in listed


def _progress(ticket, note: str) -> None:
    """An officer's progress note on `ticket`, three hours ago."""
    db.session.add(
        TicketEvent(
            ticket_id=ticket.id,
            at=NOW - timedelta(hours=3),
            actor_kind="officer",
            action="progress",
            note=note,
        )
    )


def test_a_registration_number_tells_the_public_nothing(client):
    """/lacak?nomor=PPID-2026-00001 redirected to the request's ticket number, an
    unknown registration did not: anyone could count and map every PPID request."""
    from tests import factories

    request = factories.ticket(kind="info_request", opd="PPID", created=NOW)
    request.registration_number = "PPID-2026-00001"
    db.session.commit()
    answers = []
    for registration in ("PPID-2026-00001", "PPID-2026-00077"):
        found = client.get(f"/lacak?nomor={registration}")
        assert request.number not in (found.headers.get("Location") or ""), registration
        answers.append((found.status_code, client.get(f"/lacak/{registration}").status_code))
        one = client.get(f"/open311/v2/requests.json?service_request_id={registration}")
        assert request.number not in one.get_data(as_text=True)
    assert answers[0] == answers[1]
