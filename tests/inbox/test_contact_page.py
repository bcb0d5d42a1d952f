"""The contact page's header names the citizen as the ticket page does: a web form's
name stays on its report's identity (ticketing.contacts.unproven), not "Tanpa nama"."""

from __future__ import annotations

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing.models import utcnow


def test_a_web_form_contact_is_named_as_the_form_said(client, app):
    ticket = factories.ticket(created=utcnow(), channel="web")
    assert ticket.contact.name is None and ticket.identity.display_name == "Warga Uji"
    db.session.commit()
    login(client, make_user())
    html = client.get(f"/contacts/{ticket.contact_id}").get_data(as_text=True)
    assert f"{ticket.contact_id} · Warga Uji</h1>" in html
    assert "Tanpa nama" not in html


def test_a_reply_names_the_ticket_it_was_about(client, app):
    """The contact page's conversation linked a citizen's message to its ticket but left
    the column empty for the desk's replies (acknowledgement, updates, resolution)."""
    from ticketing import outbox

    ticket = factories.ticket(created=utcnow())
    outbox.to_identity(ticket.identity, "Laporan sedang ditangani", ticket=ticket, purpose="reply")
    db.session.commit()
    login(client, make_user())
    html = client.get(f"/contacts/{ticket.contact_id}").get_data(as_text=True)
    row = html[html.index("Laporan sedang ditangani") :].split("</tr>")[0]
    assert f'href="/tickets/{ticket.number}"' in row


def test_a_web_forms_internal_sender_id_is_not_shown_as_an_address(client, app):
    """A web report's identity is "anon-<form token>": the ticket and contact pages showed
    it masked with a "Tampilkan" button, as if it were a number to reveal."""
    from ticketing import contacts

    identity = contacts.resolve("web", "anon-R9M3BU83H0Sdgk8oYXoeagb", "Warga Uji", utcnow())
    ticket = factories.ticket(created=utcnow(), channel="web", identity=identity)
    db.session.commit()
    login(client, make_user())
    for url in (f"/tickets/{ticket.number}", f"/contacts/{ticket.contact_id}"):
        html = client.get(url).get_data(as_text=True)
        assert "anon-" not in html and "eagb" not in html, url
        assert f"identity:{identity.id}" not in html, url
