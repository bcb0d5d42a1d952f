"""Search finds the words citizens write next to emoji ("banjir🌊parah" by "banjir" or
"parah"), and a lone emoji finds the messages that hold it (among the newest), on SQLite
and PostgreSQL."""

from __future__ import annotations

import pytest

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing import search
from ticketing.models import Message, utcnow

TEXTS = {
    "sea": "banjir🌊parah di Kenjeran",
    "flag": "jalan⚠️rusak depan sekolah",
    "family": "tolong👨‍👩‍👧pompa air kami mati",
    "angry": "Sampah😡😡menumpuk",
}


@pytest.fixture
def tickets(app):
    now, made = utcnow(), {}
    for key, said in TEXTS.items():
        ticket = factories.ticket(created=now, summary="")
        db.session.add(
            Message(
                contact_id=ticket.contact_id,
                identity_id=ticket.identity_id,
                ticket_id=ticket.id,
                channel="telegram",
                external_id=f"emoji-{key}",
                text=said,
                sent_at=now,
            )
        )
        made[key] = ticket.number
    db.session.commit()
    return made


def found(query: str) -> list[str]:
    return [t.number for t in search.search(query).tickets]


@pytest.mark.parametrize(
    "query, key",
    [
        ("banjir", "sea"),
        ("parah", "sea"),
        ("banjir parah", "sea"),
        ("jalan", "flag"),
        ("rusak", "flag"),
        ("pompa", "family"),
        ("tolong", "family"),
        ("sampah", "angry"),
        ("menumpuk", "angry"),
        ("banjir🌊parah", "sea"),
    ],
)
def test_words_next_to_emoji_are_found(tickets, query, key):
    assert found(query) == [tickets[key]]


@pytest.mark.parametrize(
    "query, keys",
    [("🌊", ["sea"]), ("😡", ["angry"]), ("⚠️", ["flag"]), ("⚠", ["flag"]), ("👨‍👩‍👧", ["family"]),
     ("🌊🌊", []), ("😡😡", ["angry"])],
)  # fmt: skip
def test_a_lone_emoji_finds_the_messages_that_hold_it(client, tickets, query, keys):
    assert found(query) == [tickets[k] for k in keys]
    login(client, make_user())
    assert client.get("/inbox", query_string={"q": query}).status_code == 200
