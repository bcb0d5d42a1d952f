"""Ids typed into staff forms and query strings (not URL paths, which the id converter
guards): a number past what the id columns hold, or a digit int() refuses ("²"), is
"not found", never a 500 from the database driver or from int()."""

from __future__ import annotations

import pytest

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing.models import utcnow

HOSTILE = ("99999999999999999999999", "2147483648", "²", "١٢", "1" * 5000)


@pytest.mark.parametrize("value", HOSTILE)
def test_typed_ids_past_the_columns_or_not_ascii_are_never_a_500(app, client, value):
    item = factories.ticket(created=utcnow())
    db.session.commit()
    number, contact = item.number, item.contact_id
    login(client, make_user("admin", email="typed-ids@example.org"))
    token = csrf(client.get("/inbox").get_data(as_text=True))
    gets = [
        f"/inbox/live?since={value}",
        f"/tickets/{number}/canned?canned={value}",
    ]
    posts = [
        (f"/tickets/{number}/assign", {"user": value}),
        (f"/contacts/{contact}/split", {"identity_id": value}),
        (f"/reveal/contact/{contact}/identity:{value}", {}),
        ("/canned/", {"id": value, "title": "Salam", "body": "Terima kasih."}),
        ("/admin/api/tokens", {"owner_id": value, "name": "x", "scopes": "tickets:read"}),
    ]
    for url in gets:
        assert client.get(url).status_code < 500, url
    for url, data in posts:
        answer = client.post(url, data={**data, "csrf_token": token})
        assert answer.status_code < 500, (url, answer.status_code)
