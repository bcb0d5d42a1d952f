"""The tab counts are cached, but never beside rows they do not count: every commit that
records something on a ticket makes them stale (ticketing.queue.changed), however the
change came (a citizen's message through a worker, an agent, an officer)."""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from aduan.extensions import db
from aduan.queue import redis_conn
from tests import factories
from tests.inbox.helpers import login, make_user
from tests.inbox.test_statements import counting
from tests.ticketing.helpers import Citizen
from ticketing import audit, queue
from ticketing.models import Ticket, utcnow

COUNTS = re.compile(r'data-tab="(\w+)">[^<]*<span class="count">(\d+\+?)</span>')
NUMBER = re.compile(r'data-number="(MC-\d{4}-\d{6})"')


def _page(client) -> tuple[dict[str, str], list[str]]:
    html = client.get("/inbox").get_data(as_text=True)
    return dict(COUNTS.findall(html)), NUMBER.findall(html)


def _counted(sent: list[str]) -> int:
    return sum("count(" in statement.lower() for statement in sent)


def test_a_citizens_new_ticket_is_counted_on_the_next_refresh(
    client, app, fake_telegram, tg_post, drain
):
    factories.ticket(created=utcnow())
    db.session.commit()
    login(client, make_user())
    counts, rows = _page(client)
    assert (counts["open"], len(rows)) == ("1", 1)
    db.session.remove()
    with counting() as sent:  # nothing changed: the counts come from Redis
        assert _page(client)[0] == counts
    assert _counted(sent) == 0

    Citizen(fake_telegram, tg_post, drain).says("Lampu PJU di Jl. Kenjeran 12 mati semua")

    counts, rows = _page(client)  # within a second: no waiting for the cache to expire
    assert (counts["open"], len(rows)) == ("2", 2)


def test_the_counts_go_stale_only_when_the_change_commits(client, app):
    item = factories.ticket(created=utcnow())
    db.session.commit()
    login(client, make_user())
    counts, _ = _page(client)

    with app.app_context():  # its own session, as a worker's would be
        audit.record(db.session.get(Ticket, item.id), "assigned", note="rolled back")
        db.session.rollback()
    db.session.remove()
    with counting() as sent:
        assert _page(client)[0] == counts
    assert _counted(sent) == 0

    item = db.session.get(Ticket, item.id)
    item.status = "resolved"
    audit.record(item, "resolved")
    db.session.commit()
    counts, rows = _page(client)
    assert (counts["open"], counts["resolved"], rows) == ("0", "1", [])


def test_the_api_total_follows_the_same_generation(client, app):
    factories.ticket(created=utcnow())
    db.session.commit()
    before = queue.cached_count("probe", _open_count())
    assert queue.cached_count("probe", _open_count()) == before == 1
    item = factories.ticket(created=utcnow())
    audit.record(item, "created")
    db.session.commit()
    assert queue.cached_count("probe", _open_count()) == 2


def _open_count():
    return select(func.count(Ticket.id)).where(queue.OPEN_TICKETS)


def test_a_count_kept_by_the_release_before_is_counted_again(app):
    factories.ticket(created=utcnow())
    db.session.commit()
    redis_conn().set("aduan:tabcounts:probe", 7, ex=queue.COUNT_SECONDS)  # a bare number
    assert queue.cached_count("probe", _open_count()) == 1


def test_tab_counts_kept_by_the_release_before_a_new_tab_are_counted_again(app):
    """Counts cached before the 'overdue' tab existed lacked its key: the inbox answered
    500 (the template read counts['overdue']) until they expired."""
    factories.ticket(created=utcnow())
    db.session.commit()
    old = {tab: 0 for tab in queue.TABS if tab != "overdue"}
    generation = redis_conn().get(queue.GENERATION)
    kept = json.dumps({"generation": int(generation or 0), "counts": old})
    redis_conn().set(queue.counts_key(1, None, None), kept, ex=queue.COUNT_SECONDS)
    cached, generation = redis_conn().mget(queue.counts_key(1, None, None), queue.GENERATION)
    counts = queue.counts_from(cached, generation, 1, None, None)
    assert set(counts) == set(queue.TABS) and counts["open"] == 1
