"""The map names every ticket it shows."""

from __future__ import annotations

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing.models import utcnow


def test_a_location_sent_without_words_is_not_a_blank_marker(client, app):
    """A citizen who only shared a location: its marker read "MC-… · " with nothing."""
    ticket = factories.ticket(created=utcnow(), status="triage", opd=None)
    ticket.summary, ticket.latitude, ticket.longitude = "", -7.2655, 112.7501
    db.session.commit()
    login(client, make_user())
    [point] = client.get("/inbox/map.json").get_json()["points"]
    assert point["number"] == ticket.number and point["summary"] == "(foto/lokasi)"
