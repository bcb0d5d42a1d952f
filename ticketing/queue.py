"""The inbox's tabs as keyset-paginated queries: every ticket is reachable, and each
page (the first or the thousandth) is one walk of an index that serves its sort
(ticketing/models/workspace.py), however long the backlog.

A cursor is the sort key of the last (or first) row shown, encoded for a URL; counts
per tab are capped (`COUNT_CAP`) and kept in Redis until a ticket changes (a generation
number, bumped after every commit that records an event on a ticket), so a busy inbox
does not count a million rows on every refresh, and a new ticket's row never shows
beside a count without it."""

from __future__ import annotations

import base64
import contextlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from redis.exceptions import RedisError
from sqlalchemy import Select, and_, func, literal, or_, select, text, tuple_

from aduan.extensions import db
from aduan.inputs import MAX_ID
from aduan.queue import call_after_commit, redis_conn
from ticketing.models import OPEN_SQL, Ticket, User, UTCDateTime, utcnow
from ticketing.models.workspace import urgency

TABS = (
    "open",
    "mine",
    "unassigned",
    "triage",
    "waiting",
    "emergency",
    "overdue",  # past the deadline the citizen waits on: a supervisor's end-of-shift list
    "resolved",
    "closed",
)
SORTS = ("urgent", "new", "old")
PAGE_SIZE = 50
COUNT_CAP = 10_000
COUNT_SECONDS = 60  # a safety net: any change recorded on a ticket makes them stale
GENERATION = "aduan:tabcounts-generation"  # bumped after every commit that changes tickets
OPEN_TICKETS = text("tickets." + OPEN_SQL)
# What a list row shows, selected as plain rows (attribute access like a Ticket, without
# building ORM objects: a third of a page's cost went there).
LIST_COLUMNS = (
    Ticket.id,
    Ticket.number,
    Ticket.status,
    Ticket.kind,
    Ticket.channel,
    Ticket.opd_code,
    Ticket.summary,
    Ticket.priority,
    Ticket.pii_flag,
    Ticket.assignee_id,
    Ticket.first_response_due_at,
    Ticket.first_responded_at,
    Ticket.reopened,  # answered(): a reopened ticket the desk had resolved was answered
    Ticket.desk_replied_at,
    Ticket.resolution_due_at,
    Ticket.queue_due_at,
    Ticket.created_at,
    Ticket.last_citizen_at,
    Ticket.incident_id,
    func.coalesce(func.nullif(User.name, ""), User.email).label("assignee_name"),
)


def listing() -> Select[Any]:
    """Returns the select of LIST_COLUMNS (the assignee's name by a join: one round trip)."""
    return select(*LIST_COLUMNS).outerjoin(User, User.id == Ticket.assignee_id)


class BadQuery(ValueError):
    """An unknown tab, sort or a cursor that cannot be read."""


@dataclass
class Page:
    """One page of a tab: its tickets, and the cursors of the pages around it."""

    tickets: list[Any]  # rows with LIST_COLUMNS' attributes
    next: str | None = None
    prev: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def default_sort(tab: str) -> str:
    """Returns the sort a tab opens with: handled tickets newest first, the rest by urgency."""
    return "new" if tab in ("resolved", "closed") else "urgent"


def tab_query(
    tab: str, user_id: int | None = None, opd: str | None = None, channel: str | None = None
) -> Select[Any]:
    """Returns the (unsorted) select of tab `tab` (LIST_COLUMNS rows); raises BadQuery for
    an unknown tab."""
    stmt = listing()
    if tab in ("open", "mine", "unassigned", "emergency", "overdue"):
        stmt = stmt.where(OPEN_TICKETS)
    if tab == "mine":
        stmt = stmt.where(Ticket.assignee_id == (user_id or 0))
    elif tab == "unassigned":
        stmt = stmt.where(Ticket.assignee_id.is_(None))
    elif tab == "emergency":
        stmt = stmt.where(Ticket.kind == "emergency")
    elif tab == "overdue":  # a paused clock (waiting for the citizen) is not late
        stmt = stmt.where(Ticket.status != "waiting", _past_awaited_due(utcnow()))
    elif tab in ("triage", "waiting", "resolved", "closed"):
        stmt = stmt.where(Ticket.status == tab)
    elif tab != "open":
        raise BadQuery(f"unknown tab {tab!r}")
    if opd:
        stmt = stmt.where(Ticket.opd_code == opd)
    if channel:
        stmt = stmt.where(Ticket.channel == channel)
    return stmt


def _past_awaited_due(now: datetime) -> Any:
    """The SQL of awaited_due(ticket) < now: the first response's due until it was
    given (or, in triage, until routed), then the resolution's (a ticket without either is
    not late)."""
    unanswered = func.coalesce(Ticket.first_response_due_at, Ticket.resolution_due_at)
    never = and_(Ticket.first_responded_at.is_(None), Ticket.reopened == 0)  # not answered()
    awaits_first = or_(never, Ticket.status == "triage")
    return or_(
        and_(awaits_first, unanswered < now),
        and_(~awaits_first, Ticket.resolution_due_at < now),
    )


def sort_keys(sort: str) -> tuple[list[Any], bool]:
    """Returns the sort's key expressions and whether they descend."""
    if sort == "urgent":
        return [*urgency(), Ticket.id], False
    if sort in ("new", "old"):
        return [Ticket.id], sort == "new"
    raise BadQuery(f"unknown sort {sort!r}")


def key_of(ticket: Any, sort: str) -> list[Any]:
    """Returns the values of `sort`'s keys for `ticket` (what a cursor holds)."""
    if sort == "urgent":
        due = ticket.queue_due_at or ticket.created_at
        return [-ticket.priority, due, ticket.id]
    return [ticket.id]


def encode(values: list[Any]) -> str:
    """Returns a URL-safe cursor for sort key `values`."""
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode(cursor: str, sort: str) -> list[Any]:
    """Returns the sort key values in `cursor`; raises BadQuery when it is not one."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if sort == "urgent":
            priority, due, ident = raw
            return [_small(priority), _moment(due), _small(ident)]
        (ident,) = raw
        return [_small(ident)]
    except (ValueError, TypeError, OverflowError, json.JSONDecodeError) as exc:
        raise BadQuery("unreadable cursor") from exc


def _moment(value: Any) -> datetime:
    """Returns a cursor's due time as an aware UTC datetime; raises ValueError for one
    without a zone (a cursor the inbox made always has one: a naive time could not be
    bound and failed the page with a 500) or TypeError for a non-string."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("cursor time without a zone")
    return moment.astimezone(UTC)


def _small(value: Any) -> int:
    """Returns a cursor number as an int the INTEGER columns can be compared with (a
    larger one would overflow the database driver); raises ValueError otherwise."""
    number = int(value)
    if not -MAX_ID <= number <= MAX_ID:
        raise ValueError("cursor number out of range")
    return number


def _after(keys: list[Any], values: list[Any], forward: bool) -> Any:
    """Returns the condition "comes after `values`" (before, when not `forward`)."""
    typed = [literal(v, UTCDateTime()) if isinstance(v, datetime) else literal(v) for v in values]
    left = keys[0] if len(keys) == 1 else tuple_(*keys)
    right = typed[0] if len(keys) == 1 else tuple_(*typed)
    return left > right if forward else left < right


def page(
    stmt: Select[Any],
    sort: str,
    after: str | None = None,
    before: str | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """Returns one page of `stmt` in `sort` order after cursor `after` (or before
    `before`). Raises BadQuery for an unknown sort or a bad cursor."""
    keys, descending = sort_keys(sort)
    backwards = before is not None and after is None
    cursor = before if backwards else after
    if cursor:
        stmt = stmt.where(_after(keys, decode(cursor, sort), forward=descending == backwards))
    reverse = descending != backwards
    stmt = stmt.order_by(*[k.desc() if reverse else k.asc() for k in keys]).limit(size + 1)
    rows = list(db.session.execute(stmt).all())
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    result = Page(rows)
    if rows:
        first, last = encode(key_of(rows[0], sort)), encode(key_of(rows[-1], sort))
        result.next = last if (more or backwards) else None
        result.prev = first if (cursor and not backwards) or (backwards and more) else None
    return result


def counts_key(user_id: int | None, opd: str | None = None, channel: str | None = None) -> str:
    """Returns the Redis key of the cached counts of this agent and filter."""
    return f"aduan:tabcounts:{user_id or 0}:{opd or ''}:{channel or ''}"


def counts(user_id: int | None, opd: str | None = None, channel: str | None = None) -> dict:
    """Returns {tab: count} (a count at COUNT_CAP means "at least"), from Redis when
    nothing changed since they were counted."""
    try:
        cached, generation = redis_conn().mget(counts_key(user_id, opd, channel), GENERATION)
    except RedisError:  # Redis down: count, do not fail the page
        cached = generation = None
    return counts_from(cached, generation, user_id, opd, channel)


def counts_from(
    cached: bytes | None,
    generation: bytes | None,
    user_id: int | None,
    opd: str | None = None,
    channel: str | None = None,
) -> dict:
    """Returns counts() given what Redis held under counts_key and GENERATION (read
    together, before counting): the cached counts while the generation is the one they
    were counted in, else counted now and kept with that generation."""
    now = int(generation or 0)
    if cached:
        kept = json.loads(cached)
        # counts kept by the release before may lack a tab added since (a 500 on /inbox)
        if kept.get("generation") == now and set(kept.get("counts", ())) == set(TABS):
            return kept["counts"]
    found = {}
    for tab in TABS:
        ids = tab_query(tab, user_id, opd, channel).with_only_columns(Ticket.id).limit(COUNT_CAP)
        found[tab] = db.session.execute(select(func.count()).select_from(ids.subquery())).scalar()
    kept = json.dumps({"generation": now, "counts": found})
    with contextlib.suppress(RedisError):  # a miss next time is the only cost
        redis_conn().set(counts_key(user_id, opd, channel), kept, ex=COUNT_SECONDS)
    return found


def cached_count(name: str, stmt: Select[Any]) -> int:
    """Returns the count `stmt` selects, kept in Redis under aduan:tabcounts:<name> as
    the tabs' counts are (until a ticket changes): the API's exact totals count every
    matching row, a third of a million open ones at 1M."""
    key = f"aduan:tabcounts:{name}"
    generation = 0
    with contextlib.suppress(RedisError):
        cached, generation = redis_conn().mget(key, GENERATION)
        generation = int(generation or 0)
        if cached is not None:
            kept = json.loads(cached)  # a bare number: kept by the release before
            if isinstance(kept, dict) and kept.get("generation") == generation:
                return int(kept["count"])
    found = int(db.session.execute(stmt).scalar_one())
    with contextlib.suppress(RedisError):
        kept = json.dumps({"generation": generation, "count": found})
        redis_conn().set(key, kept, ex=COUNT_SECONDS)
    return found


def changed() -> None:
    """Marks the current transaction as changing what the tabs count: when it commits,
    every cached count is stale (ticketing.audit.record calls this for every event)."""
    call_after_commit("tab-counts", forget_counts)


def forget_counts() -> None:
    """Makes every cached count stale: the next page counts afresh. One INCR, sent
    after the change committed, so a page counting meanwhile keeps the old generation."""
    with contextlib.suppress(RedisError):  # they expire within COUNT_SECONDS anyway
        redis_conn().incr(GENERATION)
