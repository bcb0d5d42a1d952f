"""A merge or split of the reporter's contact reads on the ticket's timeline in the
agent's language: the note was built in Indonesian outside the catalogue ("Kontak #2
digabung ke #1." in the English timeline), with the channel as its code."""

from __future__ import annotations

from flask_babel import refresh
from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing.models import Identity, utcnow


def _page(client, code: str, number: str) -> str:
    client.get(f"/lang/{code}")
    refresh()  # the test's app context outlives requests and caches the locale
    return client.get(f"/tickets/{number}").get_data(as_text=True)


def test_a_merge_and_a_split_read_in_the_agents_language(client, app):
    first = factories.ticket(created=utcnow(), channel="telegram")
    second = factories.ticket(created=utcnow(), channel="sms")
    db.session.commit()
    kept, other = first.contact_id, second.contact_id
    login(client, make_user())
    page = client.get(f"/contacts/{kept}").get_data(as_text=True)
    client.post(
        f"/contacts/{kept}/merge",
        data={"other": f"#{other}", "csrf_token": csrf(page)},
        follow_redirects=True,
    )
    english = _page(client, "en", second.number)
    assert f"Contact #{other} merged into #{kept}." in english
    assert "digabung ke" not in english
    assert f"Kontak #{other} digabung ke #{kept}." in _page(client, "id", second.number)

    identity = db.session.execute(select(Identity).where(Identity.channel == "sms")).scalar_one()
    page = client.get(f"/contacts/{kept}").get_data(as_text=True)
    client.post(
        f"/contacts/{kept}/split",
        data={"identity_id": identity.id, "csrf_token": csrf(page)},
        follow_redirects=True,  # the flash, said in Indonesian, is read here
    )
    english = _page(client, "en", second.number)
    assert f"split off from contact #{kept}." in english
    assert "dipisahkan dari" not in english and "sms " not in english
    indonesian = _page(client, "id", second.number)
    assert f"dipisahkan dari kontak #{kept}." in indonesian and "SMS " in indonesian
