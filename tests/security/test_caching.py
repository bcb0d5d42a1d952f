"""What only staff, an officer's link or an API token may open carries citizens'
personal data (names, what they wrote, revealed numbers, their photos): no browser or
proxy keeps a copy of it (Cache-Control: no-store), so a shared desk computer's cache or
the back button after signing out shows nothing; a ticket's photos only the agent's own
browser keeps (private). Public pages and static files stay cacheable."""

from __future__ import annotations

from aduan.extensions import db
from inbox.api import tokens
from tests import factories
from tests.factories import png
from tests.inbox.helpers import link_tokens, login, make_user
from ticketing import actions, storage
from ticketing.models import Attachment, Message, utcnow


def _photo(ticket) -> Attachment:
    message = Message(
        contact_id=ticket.contact_id,
        identity_id=ticket.identity_id,
        ticket_id=ticket.id,
        channel=ticket.channel,
        external_id="cache-photo",
        sent_at=utcnow(),
    )
    db.session.add(message)
    db.session.flush()
    storage.save("2026/01/cache.png", png(), "image/png")
    item = Attachment(
        message_id=message.id,
        kind="photo",
        ref="x",
        mime_type="image/png",
        status="stored",
        storage_path="2026/01/cache.png",
    )
    db.session.add(item)
    db.session.commit()
    return item


def _kept(response) -> bool:
    return "no-store" not in response.headers.get("Cache-Control", "")


def test_staff_pages_officer_links_and_the_api_are_never_stored(app, client):
    factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    photo = _photo(ticket)
    (link,) = link_tokens("officer_notify").values()
    officer_answers = [client.get(f"/o/{link}"), client.get(f"/o/{link}/media/{photo.id}")]
    owner = make_user("agent", email="cache-agent@example.org")
    _, secret = tokens.issue(owner, "cache test", tokens.allowed(owner))
    api = client.get("/api/v1/tickets", headers={"Authorization": f"Bearer {secret}"})
    login(client, owner)
    staff_answers = [
        client.get(url)
        for url in (
            "/inbox",
            f"/tickets/{ticket.number}",
            f"/contacts/{ticket.contact_id}",
        )
    ]
    # A ticket's photos stay in the agent's own browser for an hour, never a shared cache.
    staff_photo = client.get(f"/media/{photo.id}")
    assert staff_photo.cache_control.private and not staff_photo.cache_control.public
    for response in [*officer_answers, api, *staff_answers]:
        assert response.status_code == 200, response.request.path
        assert not _kept(response), (response.request.path, response.headers)


def test_public_pages_and_static_files_stay_cacheable(app, client):
    assert _kept(client.get("/lapor"))
    assert _kept(client.get("/peta"))
    login(client, make_user("agent", email="cache-static@example.org"))
    assert _kept(client.get("/static/inbox.js"))
    assert _kept(client.get("/publik/static/peta.js"))
