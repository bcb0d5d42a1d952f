"""A list page costs the same number of SQL statements however many rows it shows: no
look-up per row (assignee, messages, presence), the regression guard of the inbox's speed
(bench/inbox.py measures the speed itself)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from aduan.extensions import db
from inbox.api import tokens
from sla import clocks
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing import queue
from ticketing.models import Message, User, utcnow


def _message(item, external_id: str, text: str) -> Message:
    """A citizen's Telegram message on `item`, received now."""
    now = utcnow()
    return Message(
        contact_id=item.contact_id,
        identity_id=item.identity_id,
        ticket_id=item.id,
        channel="telegram",
        external_id=external_id,
        text=text,
        sent_at=now,
        received_at=now,
    )


@contextmanager
def counting() -> Iterator[list[str]]:
    """Collects the SQL statements sent while the block runs."""
    sent: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def _tickets(count: int, start: int) -> None:
    """Adds `count` open tickets, each with its own assignee, a citizen message, a
    different kind now and then, so any per-row look-up would show."""
    now = utcnow()
    for i in range(start, start + count):
        kind = ("complaint", "info_request", "emergency")[i % 3]
        item = factories.ticket(created=now - timedelta(minutes=i), kind=kind, summary=f"Got {i}")
        agent = User(email=f"petugas{i}@example.org", name=f"Petugas {i}", role="agent")
        agent.password_hash = "-"  # never signs in
        db.session.add(agent)
        db.session.flush()
        item.assignee_id = agent.id
        db.session.add(_message(item, f"m-{i}", f"Got mampet {i}"))
        clocks.start(item, item.created_at)
    db.session.commit()


def _statements(client, url: str, headers: dict | None = None, cold: bool = False) -> list[str]:
    if cold:
        queue.forget_counts()
    else:
        client.get(url, headers=headers)  # the tab counts cached, as on every refresh
    db.session.remove()
    with counting() as sent:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return sent


URLS = ("/inbox?view=open", "/inbox?view=mine", "/inbox?view=resolved", "/inbox?q=mampet")


def test_an_inbox_page_costs_the_same_statements_for_2_or_40_rows(client, app):
    agent = make_user()
    login(client, agent)
    _tickets(2, 0)
    few = {url: _statements(client, url) for url in URLS}
    cold_few = _statements(client, URLS[0], cold=True)
    _tickets(38, 2)
    for url in URLS:
        assert len(_statements(client, url)) == len(few[url]), url
    assert len(_statements(client, URLS[0], cold=True)) == len(cold_few)
    # the user and the page (counts come from Redis); the counts cost one per tab
    assert len(few["/inbox?view=open"]) <= 3
    assert len(cold_few) <= len(few["/inbox?view=open"]) + len(queue.TABS)


def test_the_api_list_costs_the_same_statements_for_2_or_40_tickets(client, app):
    owner = make_user("agent", email="api@example.org")
    _, secret = tokens.issue(owner, "112 Command Center", ("tickets:read",))
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    url = "/api/v1/tickets?limit=50"
    _tickets(2, 0)
    few = _statements(client, url, headers)
    _tickets(38, 2)
    many = _statements(client, url, headers)
    assert len(many) == len(few), many
    assert len(client.get(url, headers=headers).get_json()["tickets"]) == 40


def test_a_contact_page_reads_its_tickets_rows_not_their_messages(client, app):
    """A citizen with 3,000 reports: the contact page loaded every ticket as an object,
    and with it every message of every ticket and their attachments (half a second at
    100,000 tickets). It reads the rows it lists, and the same statements for 2 or 40."""
    login(client, make_user())
    first = factories.ticket(created=utcnow(), summary="Got 0")
    contact_id, identity_id = first.contact_id, first.identity_id
    now = utcnow()

    def more(count: int, start: int) -> None:
        for i in range(start, start + count):
            item = factories.ticket(created=now, summary=f"Got {i}")
            item.contact_id, item.identity_id = contact_id, identity_id
            db.session.flush()
            db.session.add(_message(item, f"c-{i}", f"Got mampet {i}"))
        db.session.commit()

    url = f"/contacts/{contact_id}"
    more(1, 1)
    few = _statements(client, url)
    more(38, 2)
    many = _statements(client, url)
    assert len(many) == len(few), many
    assert not [s for s in many if "FROM messages" in s and "messages.ticket_id IN" in s]
    html = client.get(url).get_data(as_text=True)
    assert html.count('class="tag status-') == 40  # each ticket listed
    assert html.count('href="/tickets/') == 40 + 39  # and each message's ticket linked


def test_a_contact_page_lists_the_newest_tickets_and_says_how_many_there_are(
    client, app, monkeypatch
):
    """Every ticket of a citizen with 3,000 reports made a 700-KB page."""
    import inbox.contacts

    monkeypatch.setattr(inbox.contacts, "TICKETS_SHOWN", 5)
    login(client, make_user())
    first = factories.ticket(created=utcnow(), summary="Lampu 0")
    numbers = [first.number]
    for i in range(1, 8):
        item = factories.ticket(created=utcnow(), summary=f"Lampu {i}")
        item.contact_id, item.identity_id = first.contact_id, first.identity_id
        numbers.append(item.number)
    db.session.commit()
    html = client.get(f"/contacts/{first.contact_id}").get_data(as_text=True)
    assert [n for n in numbers if f">{n}</a>" in html] == numbers[3:]  # the newest five
    assert "5 laporan terbaru dari 8." in html
