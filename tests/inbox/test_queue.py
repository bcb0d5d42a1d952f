"""Every ticket is reachable: keyset pages on every tab and sort, counts per tab, search."""

from __future__ import annotations

import base64
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import delete

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing import contacts, queue, search
from ticketing.models import Message, utcnow

NEXT = re.compile(r'href="([^"]*after=[^"]*)"')
PREV = re.compile(r'href="([^"]*before=[^"]*)"')
NUMBER = re.compile(r'data-number="(MC-\d{4}-\d{6})"')


def _open_tickets(count: int) -> list:
    now = utcnow()
    items = []
    for i in range(count):
        kind, opd = ("info_request", "PPID") if i == count - 1 else ("complaint", "DSDABM")
        item = factories.ticket(created=now - timedelta(minutes=i), kind=kind, opd=opd)
        clocks.start(item, item.created_at)
        items.append(item)
    db.session.commit()
    return items


def _walk(client, url: str) -> list[str]:
    seen = []
    for _ in range(20):
        html = client.get(url).get_data(as_text=True)
        seen += NUMBER.findall(html)
        found = NEXT.search(html)
        if not found:
            return seen
        url = found.group(1).replace("&amp;", "&")
    raise AssertionError("pager never ended")


@pytest.mark.parametrize("sort", ["urgent", "new", "old"])
def test_53_open_tickets_are_all_reachable_page_by_page(client, app, sort):
    items = _open_tickets(53)
    login(client, make_user())
    seen = _walk(client, f"/inbox?view=open&sort={sort}")
    assert sorted(seen) == sorted(t.number for t in items)  # the PPID one included, no repeats
    html = client.get(f"/inbox?sort={sort}").get_data(as_text=True)
    assert len(NUMBER.findall(html)) == queue.PAGE_SIZE
    page2 = client.get(NEXT.search(html).group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert len(NUMBER.findall(page2)) == 3
    back = client.get(PREV.search(page2).group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert NUMBER.findall(back) == NUMBER.findall(html)


def test_tabs_show_their_counts(client, app):
    _open_tickets(3)
    now = utcnow()
    factories.ticket(created=now, status="triage", opd=None)
    factories.ticket(created=now, status="resolved")
    emergency = factories.ticket(created=now, kind="emergency", opd="BPBD")
    emergency.priority = 2
    db.session.commit()
    login(client, make_user())
    html = client.get("/inbox").get_data(as_text=True)
    counts = dict(re.findall(r'data-tab="(\w+)">[^<]*<span class="count">(\d+\+?)</span>', html))
    assert counts == {
        "open": "5",
        "mine": "0",
        "unassigned": "5",
        "triage": "1",
        "waiting": "0",
        "emergency": "1",
        "overdue": "0",
        "resolved": "1",
        "closed": "0",
    }
    assert NUMBER.findall(html)[0] == emergency.number  # the most urgent first


def test_ties_and_missing_deadlines_page_without_gaps_or_repeats(app):
    now = utcnow()
    items = [factories.ticket(created=now) for _ in range(7)]  # same arrival, no clocks
    for item in items[:3]:
        item.first_response_due_at = now + timedelta(hours=1)
    items[4].priority = 1
    db.session.commit()
    for sort in queue.SORTS:
        seen, cursor = [], None
        while True:
            result = queue.page(queue.tab_query("open"), sort, after=cursor, size=2)
            seen += [t.id for t in result.tickets]
            if not result.next:
                break
            cursor = result.next
        assert sorted(seen) == sorted(t.id for t in items), sort
        assert len(seen) == len(set(seen))
    first = queue.page(queue.tab_query("open"), "urgent", size=7).tickets
    assert first[0].id == items[4].id


def test_bad_tabs_sorts_and_cursors_are_400(client, app):
    login(client, make_user())
    for url in ("/inbox?view=nope", "/inbox?sort=nope", "/inbox?after=%%%", "/inbox?after=WzFd"):
        assert client.get(url).status_code == 400, url


def test_cursors_with_numbers_past_the_columns_are_400_not_500(client, app):
    login(client, make_user())

    def cursor(values: list) -> str:
        return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")

    due = "2026-01-01T00:00:00"
    hostile = {
        "urgent": ([1, due, 10**30], [10**30, due, 1], [1, due, -(10**30)], [1, due, 1e300]),
        "new": ([10**30], [-(10**30)], [1.5e300]),
        "old": ([10**30],),
    }
    for sort, cursors in hostile.items():
        for values in cursors:
            for direction in ("after", "before"):
                url = f"/inbox?sort={sort}&{direction}={cursor(values)}"
                assert client.get(url).status_code == 400, (url, values)
    infinite = base64.urlsafe_b64encode(b"[Infinity]").decode().rstrip("=")
    assert client.get(f"/inbox?sort=new&after={infinite}").status_code == 400


def test_cursors_with_times_without_a_zone_or_past_the_calendar_are_not_500(client, app):
    """A due time the inbox never writes (no zone, a bare date) reached the database and
    failed the page ("naive datetime stored"); the calendar's ends must not either."""
    _open_tickets(3)
    login(client, make_user())

    def cursor(values: list) -> str:
        return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")

    naive = ("2026-01-01T00:00:00", "2026-01-01", "9999-12-31T23:59:59", "0001-01-01T00:00:00")
    for due in naive:
        for direction in ("after", "before"):
            url = f"/inbox?sort=urgent&{direction}={cursor([0, due, 5])}"
            assert client.get(url).status_code == 400, url
    edges = ("0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59-12:00", "2026-01-01T00:00:00Z")
    for due in edges:
        for direction in ("after", "before"):
            url = f"/inbox?sort=urgent&{direction}={cursor([0, due, 5])}"
            assert client.get(url).status_code in (200, 400), url


@pytest.mark.parametrize("query", ["²", "¹²³", "٣", "7²"])
def test_searching_digits_int_cannot_read_is_no_match_not_a_500(client, app, query):
    """ "²" is str.isdigit() but not int(): the serial-number shortcut raised ValueError."""
    login(client, make_user())
    assert client.get("/inbox", query_string={"q": query}).status_code == 200


def test_search_finds_by_number_phone_name_and_words(client, app):
    now = utcnow()
    first = factories.ticket(created=now, summary="Lampu PJU mati di Jl. Kenjeran")
    second = factories.ticket(created=now, summary="Sampah menumpuk")
    third = factories.ticket(created=now, summary="")
    db.session.add(
        Message(
            contact_id=third.contact_id,
            identity_id=third.identity_id,
            ticket_id=third.id,
            channel="telegram",
            external_id="m-1",
            text="Saluran got di gang Dukuh Kupang tersumbat",
            sent_at=now,
        )
    )
    second.contact.name = "Siti Rahayu"
    contacts.link_phone(second.contact, "0812-3456-7890")
    db.session.commit()

    def found(query: str) -> list[str]:
        return [t.number for t in search.search(query).tickets]

    assert found(first.number.lower().replace("-", " ")) == [first.number]
    assert found("+62 812 3456 7890") == [second.number]
    assert found("rahayu") == [second.number]
    assert found("dukuh tersumbat") == [third.number]
    assert found("kenjeran") == [first.number]
    assert found("tidak ada yang cocok") == []
    serial = first.number.rsplit("-", 1)[1]  # "000001": the serial alone, zeros or not
    assert found(serial) == [first.number] and found(str(int(serial))) == [first.number]
    assert found(f"#{int(serial)}") == [first.number]  # a help desk's "#55" (walk15)
    login(client, make_user())
    html = client.get("/inbox?q=dukuh").get_data(as_text=True)
    assert NUMBER.findall(html) == [third.number]


def test_the_first_search_keeps_its_index_for_later_requests(app):
    """SQLite builds its FTS index on the first search, inside a GET that never commits:
    the index must outlive that request, or later searches miss the older messages and
    deleting a message (retention, erasure) fails with "database disk image is malformed"."""
    now = utcnow()
    item = factories.ticket(created=now, summary="")
    db.session.add(
        Message(
            contact_id=item.contact_id,
            identity_id=item.identity_id,
            ticket_id=item.id,
            channel="telegram",
            external_id="m-fts",
            text="Pohon tumbang di Jl. Ngagel",
            sent_at=now,
        )
    )
    db.session.commit()
    with app.app_context():  # the first search, in a request that only reads
        assert [t.number for t in search.search("ngagel").tickets] == [item.number]
        db.session.remove()
    with app.app_context():  # a later request
        assert [t.number for t in search.search("tumbang").tickets] == [item.number]
        db.session.execute(delete(Message))
        db.session.commit()


def test_search_is_paginated_newest_first(app):
    now = utcnow()
    items = [factories.ticket(created=now, summary=f"Banjir di RW {i}") for i in range(5)]
    db.session.commit()
    first = search.search("banjir", size=3)
    assert [t.id for t in first.tickets] == [t.id for t in items[::-1][:3]]
    rest = search.search("banjir", after=first.next, size=3)
    assert [t.id for t in rest.tickets] == [items[1].id, items[0].id] and rest.next is None


def test_search_keeps_the_unit_and_channel_filters(client, app):
    """A search within a unit or a channel lists only its tickets, and each form keeps
    the other's choice (choosing a unit dropped the search, and the search the unit)."""
    now = utcnow()
    dlh = factories.ticket(created=now, summary="Banjir di RW 1", opd="DLH")
    sms = factories.ticket(created=now, summary="Banjir di RW 2", opd="DLH", channel="sms")
    other = factories.ticket(created=now, summary="Banjir di RW 3", opd="DSDABM")
    db.session.commit()

    def found(**filters: str) -> list[str]:
        return [t.number for t in search.search("banjir", **filters).tickets]

    assert found() == [other.number, sms.number, dlh.number]
    assert found(opd="DLH") == [sms.number, dlh.number]
    assert found(opd="DLH", channel="sms") == [sms.number]
    assert found(channel="whatsapp") == []
    serial = dlh.number.rsplit("-", 1)[1]  # the serial's own ticket leads, if it is in the unit
    assert [t.number for t in search.search(serial, opd="DSDABM").tickets] == []
    login(client, make_user())
    html = client.get("/inbox?q=banjir&opd=DLH").get_data(as_text=True)
    assert NUMBER.findall(html) == [sms.number, dlh.number]
    assert '<input type="hidden" name="q" value="banjir">' in html  # in the unit filter's form
    assert '<input type="hidden" name="opd" value="DLH">' in html  # in the search form


def test_the_channel_menu_tells_the_two_whatsapp_routes_apart(client, app):
    login(client, make_user())
    html = client.get("/inbox").get_data(as_text=True)
    menu = html[html.index('name="channel"') :].split("</select>")[0]
    names = re.findall(r'<option value="\w*"[^>]*>([^<]+)</option>', menu)
    assert len(names) == len(set(names)), names  # two "WhatsApp" could not be told apart
    assert '<option value="whatsapp_cloud">WhatsApp (Cloud API)</option>' in menu


def test_search_results_are_in_the_order_their_number_header_shows(client, app):
    """The "Nomor" header of search results toggled to "↑" (oldest first) while the
    results stayed newest first: search honours both number sorts, pages included."""
    now = utcnow()
    items = [factories.ticket(created=now, summary=f"Banjir di RW {i}") for i in range(5)]
    db.session.commit()
    numbers = [t.number for t in items]
    login(client, make_user())
    html = client.get("/inbox?q=banjir").get_data(as_text=True)
    header = re.search(r'<a href="([^"]+)" data-sort="number">Nomor([^<]*)</a>', html)
    assert NUMBER.findall(html) == numbers[::-1] and header.group(2) == " ↓"
    html = client.get(header.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert NUMBER.findall(html) == numbers
    assert 'data-sort="number">Nomor ↑</a>' in html
    first = search.search("banjir", size=2, sort="old")
    second = search.search("banjir", after=first.next, size=2, sort="old")
    third = search.search("banjir", after=second.next, size=2, sort="old")
    walked = [t.number for p in (first, second, third) for t in p.tickets]
    assert walked == numbers and third.next is None
    back = search.search("banjir", before=second.prev, size=2, sort="old")
    assert [t.number for t in back.tickets] == numbers[:2]


def test_a_bare_serial_finds_its_ticket_first_among_house_numbers(app):
    """ "3" is ticket MC-YYYY-000003 and a word of many addresses: at scale the ticket
    sat on a later page behind the newest "nomor 3"s (position 86 of 296 for "123" at
    100,000 tickets). It leads the first page, and only there."""
    now = utcnow()
    for _ in range(2):
        factories.ticket(created=now, summary="Banjir")
    wanted = factories.ticket(created=now, summary="Pohon tumbang")
    assert wanted.number.endswith("-000003")
    others = [factories.ticket(created=now, summary=f"Rumah nomor 3 RT {i}") for i in range(60)]
    db.session.commit()
    first = search.search("3")
    assert first.tickets[0].number == wanted.number and len(first.tickets) == 51
    second = search.search("3", after=first.next)
    seen = [t.number for t in first.tickets + second.tickets]
    assert sorted(seen) == sorted([wanted.number] + [t.number for t in others])
    back = search.search("3", before=second.prev)
    assert [t.number for t in back.tickets] == [t.number for t in first.tickets]
    oldest = search.search("3", sort="old")
    assert oldest.tickets[0].number == wanted.number
    assert [t.number for t in oldest.tickets[1:4]] == [t.number for t in others[:3]]


def test_the_first_page_offers_no_link_to_itself(client, app):
    """Page 1 of a long queue offered "Halaman pertama" next to "Berikutnya": a link
    to the very page the agent is on. Only a later page offers it."""
    _open_tickets(queue.PAGE_SIZE + 1)
    login(client, make_user())
    first = client.get("/inbox").get_data(as_text=True)
    assert NEXT.search(first) and "Halaman pertama" not in first
    later = client.get(NEXT.search(first).group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "Halaman pertama" in later
