"""An open ticket page learns, with its presence poll (every 5 s), that the citizen
wrote or something was recorded since it was loaded, and says so with a reload link:
an agent must not answer without seeing the citizen's newest message."""

from __future__ import annotations

import re

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from tests.inbox.test_statements import _message
from ticketing import audit
from ticketing.models import Ticket, utcnow

SEEN = re.compile(r'name="seen" value="([^"]+)"')


def _poll(client, number: str, page: str) -> str:
    data = {"csrf_token": csrf(page), "typing": "0", "seen": SEEN.search(page).group(1)}
    response = client.post(f"/tickets/{number}/presence", data=data)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_ticket_page_is_told_when_the_citizen_writes_or_something_happens(client, app):
    ticket = factories.ticket(created=utcnow())
    db.session.add(_message(ticket, "m-1", "Jalan berlubang di depan rumah"))
    db.session.commit()
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "presence-changed" not in _poll(client, ticket.number, page)

    db.session.add(_message(ticket, "m-2", "Tambahan: sekarang ada motor jatuh"))
    db.session.commit()
    said = _poll(client, ticket.number, page)
    assert "Warga mengirim pesan baru sejak halaman ini dibuka." in said
    assert f'href="/tickets/{ticket.number}"' in said

    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)  # reloaded
    assert "presence-changed" not in _poll(client, ticket.number, page)
    audit.record(db.session.get(Ticket, ticket.id), "progress", note="Petugas menuju lokasi")
    db.session.commit()
    said = _poll(client, ticket.number, page)
    assert "Ada perkembangan baru pada laporan ini sejak halaman ini dibuka." in said


def test_the_agents_own_action_on_the_page_is_nothing_new(client, app):
    ticket = factories.ticket(created=utcnow())
    db.session.commit()
    user = make_user()
    login(client, user)
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    url = f"/reveal/contact/{ticket.contact_id}/identity:{ticket.identity_id}"
    revealed = client.post(
        f"{url}?ticket={ticket.number}",
        data={"csrf_token": csrf(page)},
        headers={"HX-Request": "1"},
    )  # htmx: the page stays as it was
    assert revealed.status_code == 200
    assert "presence-changed" not in _poll(client, ticket.number, page)

    other = make_user(email="lain@example.org")  # a colleague's action is news
    audit.record(db.session.get(Ticket, ticket.id), "note", actor_kind="agent", actor_id=other.id)
    db.session.commit()
    assert "Ada perkembangan baru" in _poll(client, ticket.number, page)
