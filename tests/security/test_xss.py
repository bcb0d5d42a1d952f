"""Stored XSS through everything a citizen controls: names, social handles, message
text, addresses and venue names, a document's file name and declared type, the web
form's and Open311's fields. Each report goes through the real pipeline; then every
page that shows it is read as HTML (agent's ticket page, list, search, contact page and
map; the officer's page; the public tracking page and map) and no markup of the
citizen's survives as markup."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import link_tokens, login, make_user
from tests.public.helpers import form, jpeg, partner_key
from tests.ticketing.helpers import Citizen
from ticketing.models import Ticket

ATTACK = "<script>alert(1)</script><img src=x onerror=alert(2)><svg/onload=alert(3)>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
LIVE = re.compile(r"<script>alert|<img src=x|<svg/onload|onerror=alert\(2\)>", re.I)


def _inert(html: str, where: str) -> None:
    found = LIVE.search(html)
    assert found is None, f"{where}: {html[max(0, found.start() - 200) : found.end() + 50]}"


def _staff_pages(client, ticket: Ticket) -> None:
    pages = [
        f"/tickets/{ticket.number}",
        "/inbox",
        "/inbox?view=triage",
        "/inbox?q=alert",
        f"/contacts/{ticket.contact_id}",
        "/inbox/map",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _inert(response.get_data(as_text=True), url)
    shown = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert ESCAPED in shown  # the citizen's words are there, as text
    points = client.get("/inbox/map.json")
    assert points.mimetype == "application/json"


def _officer_page(client) -> None:
    tokens = link_tokens("officer_notify")
    assert tokens, "the report was routed to an OPD with an officer"
    for token in tokens.values():
        page = client.get(f"/o/{token}")
        assert page.status_code == 200
        _inert(page.get_data(as_text=True), "officer page")
        assert ESCAPED in page.get_data(as_text=True)


def _public_pages(client, ticket: Ticket) -> None:
    for url in (f"/lacak/{ticket.number}", "/peta", "/kinerja"):
        response = client.get(url)
        assert response.status_code == 200, url
        _inert(response.get_data(as_text=True), url)


def _only_ticket() -> Ticket:
    db.session.rollback()
    return db.session.execute(select(Ticket)).scalar_one()


def test_a_web_form_report(app, client, drain):
    factories.officer("Andi", opd="DSDABM")
    db.session.commit()

    def fields(**extra):
        return form(
            client,
            description=f"Jalan berlubang besar {ATTACK} di depan sekolah",
            name=ATTACK,
            address_string=f"Jl. Darmo {ATTACK}",
            phone="081234567001",
            photo=(io.BytesIO(jpeg()), f"{ATTACK}.jpg"),
            photo_public="1",
            **extra,
        )

    bogus = client.post(
        "/lapor", data=fields(**{"attribute[ukuran]": ATTACK}), content_type="multipart/form-data"
    )
    assert bogus.status_code == 400  # not an offered answer: refused, and not echoed live
    _inert(bogus.get_data(as_text=True), "the form with its error")
    response = client.post("/lapor", data=fields(), content_type="multipart/form-data")
    assert response.status_code == 303
    drain()
    _inert(client.get(response.headers["Location"]).get_data(as_text=True), "token page")
    ticket = _only_ticket()
    _officer_page(client)
    _public_pages(client, ticket)
    login(client, make_user())
    _staff_pages(client, ticket)


def test_an_open311_report(app, client, drain):
    factories.officer("Andi", opd="DSDABM")
    key = partner_key()
    data = {
        "api_key": key,
        "service_code": "jalan-rusak",
        "lat": "-7.2656",
        "long": "112.7418",
        "address_string": f"Jl. Tunjungan {ATTACK}",
        "description": f"Aspal rusak {ATTACK}",
        "first_name": ATTACK,
        "last_name": ATTACK,
        "email": "warga@example.org",
        "media_url": 'https://foto.example.org/"><script>alert(1)</script>',
        "attribute[ukuran]": "besar",
    }
    answer = client.post("/open311/v2/requests.json", data=data)
    assert answer.status_code in (200, 201), answer.get_data(as_text=True)
    drain()
    ticket = _only_ticket()
    request_id = client.get(f"/open311/v2/requests/{ticket.number}.json")
    assert request_id.mimetype == "application/json"
    xml = client.get(f"/open311/v2/requests/{ticket.number}.xml").get_data(as_text=True)
    _inert(xml, "open311 xml")
    _officer_page(client)
    _public_pages(client, ticket)
    login(client, make_user())
    _staff_pages(client, ticket)


def test_a_telegram_chat(app, client, fake_telegram, tg_post, drain):
    factories.officer("Andi", opd="DSDABM")
    db.session.commit()
    citizen = Citizen(fake_telegram, tg_post, drain, name=ATTACK)
    citizen.says(f"Jalan berlubang besar di Jl. Rungkut Madya {ATTACK}")
    venue = citizen.update(location=(-7.3211, 112.7722))
    venue["message"]["venue"] = {
        "location": venue["message"]["location"],
        "title": ATTACK,
        "address": f"Jl. Rungkut {ATTACK}",
    }
    assert tg_post(venue).status_code == 200
    document = (
        b"<svg onload=alert(1)/>",
        f"{ATTACK}.svg",
        'image/svg+xml"><script>alert(9)</script>',
    )
    citizen.says(ATTACK, document=document)
    drain()
    ticket = _only_ticket()
    login(client, make_user())
    _staff_pages(client, ticket)
    _officer_page(client)


def test_a_whatsapp_profile_name(app, client, twilio, settle):
    factories.officer("Andi", opd="DSDABM")
    db.session.commit()
    twilio.citizen_whatsapp(
        "+6281234500099", f"Jalan berlubang di Jl. Kertajaya {ATTACK}", profile_name=ATTACK
    )
    settle()
    ticket = _only_ticket()
    login(client, make_user())
    _staff_pages(client, ticket)
