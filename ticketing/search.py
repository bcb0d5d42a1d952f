"""Finding tickets by number, phone, name or the words citizens wrote, paginated like the
inbox's tabs (newest first, keyset).

One module, two dialects:
* PostgreSQL: full-text search (`to_tsvector('simple', ...)`, GIN) on message text and
  ticket summaries, trigram (pg_trgm, GIN) on contact and identity names.
* SQLite (the embedded default): an FTS5 table over messages kept by triggers. It is a
  derived index, not part of the schema: `ensure_fts()` creates it (and fills it from the
  messages already there) when it is missing, so a fresh or copied database heals itself.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Integer, Select, column, func, select, text, union

from aduan.extensions import db
from ticketing import contacts
from ticketing.models import Contact, Identity, Message, Ticket, utcnow
from ticketing.models.workspace import folded
from ticketing.models.workspace import fts as fts_of
from ticketing.queue import BadQuery, Page, decode, listing, page
from ticketing.status import find_numbers

MAX_QUERY = 200
WINDOW = 20_000  # ids: where a search first looks for its page (search())
MIN_NAME = 3  # shorter fragments match half the city (and no trigram index helps)
WORD = re.compile(r"\w+", re.UNICODE)
SYMBOLS = 20_000  # newest messages a query of emoji or signs alone looks through

FTS5_SETUP = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(text, content='messages',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS messages_fts_ai AFTER INSERT ON messages BEGIN"
    " INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS messages_fts_ad AFTER DELETE ON messages BEGIN"
    " INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.id, old.text);"
    " END",
    "CREATE TRIGGER IF NOT EXISTS messages_fts_au AFTER UPDATE OF text ON messages BEGIN"
    " INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.id, old.text);"
    " INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text); END",
)
FTS5_TRIGGERS = ("messages_fts_ai", "messages_fts_ad", "messages_fts_au")


def dialect() -> str:
    return db.session.get_bind().dialect.name


def ensure_fts() -> bool:
    """SQLite: creates the FTS5 table and its triggers when missing and indexes the
    messages already stored; returns True when it had to (re)build. No-op elsewhere."""
    if dialect() != "sqlite":
        return False
    found = db.session.execute(
        text(
            "SELECT count(*) FROM sqlite_master"
            " WHERE type = 'trigger' AND name LIKE 'messages_fts_a%'"
        )
    ).scalar()
    if found == len(FTS5_TRIGGERS):
        return False
    # Its own committed transaction: a read-only page ends in a rollback, which would
    # undo the rebuild but not the table (DDL autocommits), leaving older messages out of
    # the index and their later deletion failing ("database disk image is malformed").
    with db.engine.begin() as connection:
        for statement in FTS5_SETUP:
            connection.execute(text(statement))
        connection.execute(text("INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')"))
    return True


def _words(query: str) -> list[str]:
    return [w.lower() for w in WORD.findall(query)][:8]


def _like(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    return f"%{escaped}%"


def _text_matches(query: str) -> list[Select[Any]]:
    """Returns selects of ticket ids whose messages or summary contain every word (as a
    word prefix)."""
    words = _words(query)
    if not words:
        return []
    if dialect() == "postgresql":
        q = " & ".join(f"{w}:*" for w in words)
        on_messages = text(f"{fts_of('messages.text')} @@ to_tsquery('simple', :q)").bindparams(q=q)
        on_summary = text(f"{fts_of('tickets.summary')} @@ to_tsquery('simple', :q)").bindparams(
            q=q
        )
        return [
            select(Message.ticket_id.label("id")).where(
                on_messages, Message.ticket_id.is_not(None)
            ),
            select(Ticket.id.label("id")).where(on_summary),
        ]
    ensure_fts()
    match = " ".join('"{}"*'.format(w.replace('"', '""')) for w in words)
    fts = (
        text("SELECT rowid FROM messages_fts WHERE messages_fts MATCH :m")
        .bindparams(m=match)
        .columns(column("rowid", Integer))
    )
    return [
        select(Message.ticket_id.label("id")).where(
            Message.id.in_(fts), Message.ticket_id.is_not(None)
        ),
        select(Ticket.id.label("id")).where(
            func.lower(Ticket.summary).like(_like(query), escape="\\")
        ),
    ]


def _symbol_matches(query: str) -> list[Select[Any]]:
    """A query of emoji or signs alone ("🌊", "⚠️"): the word indexes hold none, so it
    is looked for in the newest SYMBOLS messages (bounded, fast at a million tickets)."""
    wanted = query.replace("\ufe0f", "")  # "⚠️" and "⚠" are one sign
    if _words(query) or not wanted.strip():
        return []
    newest = (
        select(Message.ticket_id, Message.text)
        .where(Message.ticket_id.is_not(None))
        .order_by(Message.id.desc())
        .limit(SYMBOLS)
        .subquery()
    )
    found = newest.c.text.contains(wanted, autoescape=True)
    return [select(newest.c.ticket_id.label("id")).where(found)]


def _tickets_of(contact_ids: Select[Any]) -> Select[Any]:
    """Returns the ids of the tickets of the contacts `contact_ids` selects (one select
    per source, so each can use its index; an OR would scan every ticket)."""
    return select(Ticket.id.label("id")).where(Ticket.contact_id.in_(contact_ids))


def phone_of(query: str) -> str | None:
    """Returns the phone number a search looks up (inbox.lookups counts them), else None:
    a ticket number is not also a phone number, and a number's end is not a number."""
    query = _clean(query)
    if find_numbers(query, registrations=True):
        return None
    return _phone(query)


def _phone(query: str) -> str | None:
    if partial_phone(query) or sum(c.isdigit() for c in query) < 8:
        return None
    return contacts.normalize_phone(query)


# A number's end after a mark for the digits not known: "...5678", "…5678", "*5678",
# "0812 xxx 5678", "+62812****5678" (the page's own mask); or four digits alone.
PARTIAL = re.compile(r"(\+?[0-9][0-9 -]*)?(?:[xX*•]|\.\.|…)[ xX*•.…-]*([0-9][0-9 -]*)")
SHOWN_HEAD = 5  # digits a mask shows of a number's start: +62812****7890


def partial_phone(query: str) -> tuple[str, str] | None:
    """Returns (start, end) of a partly known phone number: `start` the E.164 prefix a mask
    would show ("+62812", "" when not given), `end` its last four digits; else None.

    Only what a masked number shows is matched: more digits on either side would find
    the hidden middle digit by digit, ten searches each (docs/security.md)."""
    if query.isascii() and query.isdigit() and len(query) == 4:
        return "", query
    match = PARTIAL.fullmatch(query.strip())
    if match is None:
        return None
    start = "".join(c for c in match.group(1) or "" if c.isdigit() or c == "+")
    end = "".join(c for c in match.group(2) if c.isdigit())
    if len(end) < 4:
        return None
    if start.startswith("+"):
        start = start[1:]
    elif start.startswith("0"):
        start = "62" + start[1:]
    elif start.startswith("8"):
        start = "62" + start  # 812...: a mobile number without its 0
    elif start and not start.startswith("62"):
        start = ""  # not a start we can place
    return ("+" + start[:SHOWN_HEAD] if start else ""), end[-4:]


def _partial_matches(query: str) -> list[Select[Any]]:
    """Returns selects of ticket ids of the contacts whose number ends (and starts) as a
    partly known number does, by the phone_end indexes."""
    known = partial_phone(query)
    if known is None:
        return []
    start, end = known
    by_contact = select(Contact.id).where(Contact.phone_end == end)
    by_address = select(Identity.contact_id).where(Identity.phone_end == end)
    if start:
        head = start.replace("+", "") + "%"
        by_contact = by_contact.where(Contact.phone.like("+" + head))
        by_address = by_address.where(Identity.address.like("+" + head))
    return [_tickets_of(by_contact), _tickets_of(by_address)]


def found_by_end(query: str, ids: list[int]) -> str | None:
    """Returns the last four digits `query` gives of a phone number when one of the
    tickets `ids` (a page of its results) was found by them, else None: the page says
    so, as the number may be another citizen's with the same ending."""
    parts = _partial_matches(_clean(query)) if ids else []
    if not parts:
        return None
    found = union(*parts).subquery()
    hit = db.session.execute(select(found.c.id).where(found.c.id.in_(ids)).limit(1)).first()
    known = partial_phone(_clean(query))
    return known[1] if hit is not None and known is not None else None


def _contact_matches(query: str) -> list[Select[Any]]:
    """Returns selects of ticket ids of the contacts with this phone number or name."""
    found: list[Select[Any]] = []
    phone = _phone(query)
    if phone:
        found.append(_tickets_of(select(Contact.id).where(Contact.phone == phone)))
        by_address = select(Identity.contact_id).where(
            Identity.channel.in_(contacts.PHONE_CHANNELS), Identity.address == phone
        )  # (channel, address) is the identities' unique index
        found.append(_tickets_of(by_address))
    if len(query) >= MIN_NAME and not phone and not partial_phone(query):
        pattern = _like(query)
        name, handle = folded(Contact.name), folded(Identity.display_name)
        found.append(_tickets_of(select(Contact.id).where(name.like(pattern, escape="\\"))))
        found.append(
            _tickets_of(select(Identity.contact_id).where(handle.like(pattern, escape="\\")))
        )
    return found


def _clean(query: str) -> str:
    """The query as searched: single spaces, at most MAX_QUERY characters."""
    return " ".join(query.split())[:MAX_QUERY]


def matching(query: str, floor: int | None = None) -> Select[Any] | None:
    """Returns the select of tickets matching `query` (a ticket or PPID registration
    number, a phone number, a name, words of the conversation), or None for an empty
    query; with `floor`, only tickets whose id is above it."""
    query = _clean(query)
    if not query:
        return None
    parts: list[Select[Any]] = []
    numbers = find_numbers(query, registrations=True)
    wanted = numbers + _serial_numbers(query)
    if wanted:
        parts.append(select(Ticket.id.label("id")).where(Ticket.number.in_(wanted)))
    parts.append(select(Ticket.id.label("id")).where(Ticket.registration_number == query.upper()))
    if not numbers:  # a ticket number is not also a phone number or a name
        parts += _contact_matches(query) + _partial_matches(query) + _text_matches(query)
        parts += _symbol_matches(query)
    ids = union(*parts).subquery()
    stmt = listing().join(ids, Ticket.id == ids.c.id)
    # On the union's column, so PostgreSQL applies it in every branch (with the full-text
    # index: a BitmapAnd with the ticket_id index instead of fetching every match).
    return stmt if floor is None else stmt.where(ids.c.id > floor)


FIRST_YEAR = 2020


def _serial_numbers(query: str) -> tuple[str, ...]:
    """ "000123", "123" or "#123": the ticket with that serial in any year (the numbers'
    index serves it); longer digit runs are phone numbers."""
    query = query.removeprefix("#")
    if not (query.isascii() and query.isdigit() and len(query) <= 6 and int(query)):
        return ()
    years = range(utcnow().year, FIRST_YEAR - 1, -1)
    return tuple(f"MC-{year}-{int(query):06d}" for year in years)


def search(
    query: str,
    after: str | None = None,
    before: str | None = None,
    size: int = 50,
    sort: str = "new",
    opd: str | None = None,
    channel: str | None = None,
) -> Page:
    """Returns one page of the tickets matching `query`, newest first (`sort` "new") or
    oldest first ("old"), of unit `opd` and `channel` when given; an empty page for an
    empty query. Raises queue.BadQuery for a bad cursor or another sort.

    Words common in a million tickets match thousands of them, and the newest 50 are
    wanted: the page is first looked for among the newest WINDOW ids below the cursor,
    then in a window ten times wider, and so on, until a window holds a full page (the
    same rows as one query over every ticket, read from far fewer)."""
    if sort not in ("new", "old"):
        raise BadQuery(f"unknown search sort {sort!r}")
    query = _clean(query)
    if not query:
        return Page([])
    serials = _serial_numbers(query)
    within: list[Any] = []  # (a comparison has no truth value to filter a list by)
    if opd:
        within.append(Ticket.opd_code == opd)
    if channel:
        within.append(Ticket.channel == channel)
    result = _pages(query, after, before, size, sort, serials, within)
    if serials and result.prev is None:  # the first page: "123" is ticket 123 first
        exact = listing().where(Ticket.number.in_(serials), *within).order_by(Ticket.id.desc())
        result.tickets = [*db.session.execute(exact).all(), *result.tickets]
    return result


def _pages(
    query: str,
    after: str | None,
    before: str | None,
    size: int,
    sort: str,
    skip: tuple[str, ...],
    within: list[Any],
) -> Page:
    """Returns search()'s page of the matches (`within`: the unit's and channel's
    conditions) but the tickets numbered `skip` (the serial's own tickets, which lead the
    first page instead of hiding among the house numbers of a hundred addresses)."""

    def matches(floor: int | None = None) -> Select[Any]:
        stmt = matching(query, floor)
        assert stmt is not None
        stmt = stmt.where(*within)
        return stmt.where(Ticket.number.not_in(skip)) if skip else stmt

    if sort == "old" or before is not None or find_numbers(query, registrations=True):  # one query
        return page(matches(), sort, after, before, size)
    top = decode(after, "new")[0] if after else _newest() + 1
    window = WINDOW
    while True:
        floor = top - window
        result = page(matches(floor if floor > 0 else None), "new", after, None, size)
        if floor <= 0 or result.next is not None:  # a full page above the floor
            return result
        window *= 10


def _newest() -> int:
    return db.session.execute(select(func.max(Ticket.id))).scalar() or 0
