"""A message that cites a ticket number and says more than a status check: whose ticket
it is, whether the words are more about it, and the links of a new report to it.

Only the citizen's own open ticket keeps their words ("MC-2026-000123 jalannya masih
bolong pak": its timeline, for the unit and the desk); someone else's number is answered
by ticketing/status.py and adds nothing to that ticket."""

from __future__ import annotations

import re
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from aduan.extensions import db
from ticketing.audit import record
from ticketing.models import OPEN_STATUSES, Ticket
from ticketing.routing import Decision
from ticketing.status import Request
from ticketing.status_words import FILLER, POSSESSIVE, follows_up

_WORD = re.compile(r"[a-z]{3,}")


def numbers(request: Request) -> tuple[str, ...]:
    """Returns the ticket numbers `request` certainly cites (no guesses, no PPID
    registration without its request)."""
    return tuple(c.number for c in request.cited if c.certain and c.number)


def own_open(contact_id: int | None, request: Request) -> Ticket | None:
    """Returns the one open ticket (no emergency: its desk has its own rules) that
    `request` cites and contact `contact_id` reported, else None (none, or several)."""
    cited = numbers(request)
    if contact_id is None or not cited:
        return None
    stmt = select(Ticket).where(
        Ticket.number.in_(cited),
        Ticket.contact_id == contact_id,
        Ticket.status.in_(OPEN_STATUSES),
        Ticket.kind != "emergency",
    )
    found = list(db.session.execute(stmt.limit(2)).scalars())
    return found[0] if len(found) == 1 else None


def says_more(request: Request) -> bool:
    """True when a status check says more than the number and its asking words: a word
    of its own ("masih bolong", "belum diperbaiki") or that it is still not handled
    ("kok blm dikerjain"). "cek MC-2026-000123" or "gimana MC-... ?" says nothing more."""
    words = _WORD.findall(request.rest.lower())
    if any(w not in FILLER and POSSESSIVE.sub("", w) not in FILLER for w in words):
        return True
    return follows_up(request.rest, True)


def about(ticket: Ticket, cited: tuple[str, ...], decision: Decision | None) -> bool:
    """True when a message citing `cited` says more about the open `ticket` (it cites
    it, and what it says is no other kind of request and for no other unit the
    classifier is sure of) rather than a new problem."""
    if ticket.number not in cited or decision is None:
        return False
    if decision.kind in ("not_complaint", "status_check"):
        return True
    sure = decision.confidence >= current_app.config["ROUTING_THRESHOLD"]
    return decision.kind == "complaint" and (not sure or decision.opd in (None, ticket.opd_code))


def link(ticket: Ticket, cited: tuple[str, ...], now: datetime) -> None:
    """Links a new report to the earlier tickets its message cites (both timelines)."""
    for number in cited:
        earlier = db.session.execute(select(Ticket).where(Ticket.number == number)).scalar()
        if earlier is None or earlier.contact_id != ticket.contact_id:
            continue  # someone else's number: only the citizen's own tickets are linked
        record(ticket, "follows_up", note=number, earlier=number, at=now)
        record(earlier, "followed_by", note=ticket.number, later=ticket.number, at=now)
