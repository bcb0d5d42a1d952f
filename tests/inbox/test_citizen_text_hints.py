"""On the English pages, the boxes whose text reaches a citizen as typed ask for
Indonesian."""

from __future__ import annotations

from aduan.extensions import db
from tests.inbox.helpers import login, make_user


def test_the_texts_a_citizen_reads_ask_for_indonesian_on_the_english_ticket_page(client, app):
    """The question to the citizen and the resolution note are sent as typed; their
    English examples ("E.g. please send a photo...") invited English text for them."""
    from flask_babel import refresh

    from tests import factories
    from ticketing.models import utcnow

    ticket = factories.ticket(created=utcnow(), status="routed", opd="DLH")
    db.session.commit()
    login(client, make_user("agent"))
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "Write the reply in Indonesian" in page
    assert "In Indonesian, e.g. mohon kirim foto dan titik lokasinya" in page
    assert "What was done, in Indonesian (the citizen reads it)" in page
    assert "please send a photo" not in page
