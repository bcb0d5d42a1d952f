"""The resend and settle controls of a failed or unknown send, their answers and their
timeline entries read in English on an English screen (they were added in Indonesian
only, and the admin alert's changed wording lost its translation)."""

from __future__ import annotations

from flask_babel import refresh

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing.models import Outbound, utcnow


def test_resend_and_settle_read_in_english(client, app):
    item = factories.ticket(created=utcnow())
    rows = [
        Outbound(
            ticket_id=item.id,
            channel="sms",
            recipient=f"+62812345678{n}",
            text="Halo",
            purpose="ack",
            status=status,
            next_attempt_at=utcnow(),
        )
        for n, status in enumerate(("unknown", "failed"))
    ]
    db.session.add_all(rows)
    db.session.commit()
    login(client, make_user("admin"))
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    try:
        alert = client.get("/admin/").get_data(as_text=True)
        # one unknown send: the singular (walk14 fixed "1 outgoing messages")
        assert "1 outgoing message may or may not have been delivered" in alert
        assert "Check it on its ticket: resend, or mark as received." in alert
        page = client.get(f"/tickets/{item.number}").get_data(as_text=True)
        assert ">Received</button>" in page
        assert "The provider may have delivered it: ask the recipient" in page
        token = csrf(page)
        unknown, failed = rows
        base = f"/tickets/{item.number}/outbound"
        client.post(f"{base}/{unknown.id}/settle", data={"csrf_token": token})
        page = client.get(f"/tickets/{item.number}").get_data(as_text=True)
        assert "The message is marked as received." in page
        assert "message marked as received by staff" in page
        client.post(f"{base}/{failed.id}/resend", data={"csrf_token": token})
        client.post(f"{base}/{failed.id}/resend", data={"csrf_token": token})
        page = client.get(f"/tickets/{item.number}").get_data(as_text=True)
        assert "The message is back in the send queue." in page
        assert "message resent by staff" in page
        assert "This message needs no resend" in page
    finally:
        client.get("/lang/id")
        refresh()
