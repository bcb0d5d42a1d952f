"""Builds a ticket's timeline: citizen messages, outgoing messages and audit events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from aduan.extensions import db
from ticketing.models import Message, Officer, Outbound, Ticket, TicketEvent

# Events that duplicate what the message/outbox entries already show.
HIDDEN_EVENTS = {"citizen_message", "reply"}


@dataclass
class Entry:
    at: datetime
    kind: str  # "in" | "out" | "event"
    item: Any


def build(ticket: Ticket) -> list[Entry]:
    """Returns the ticket's timeline, oldest first."""
    entries = [Entry(m.received_at, "in", m) for m in ticket.messages]
    outgoing = db.session.execute(
        select(Outbound).where(Outbound.ticket_id == ticket.id).order_by(Outbound.id)
    ).scalars()
    entries += [Entry(o.created_at, "out", o) for o in outgoing]
    events = db.session.execute(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id)
    ).scalars()
    entries += [Entry(e.at, "event", e) for e in events if e.action not in HIDDEN_EVENTS]
    order = {"in": 0, "event": 1, "out": 2}
    # Nothing happens to a ticket before it exists: an event stamped with the intake's
    # clock (an automatic incident link) read "digabung ke kejadian yang sama" above the
    # citizen's message and "laporan dibuat"; it is shown right after the creation.
    created = next(
        (e.at for e in entries if e.kind == "event" and e.item.action == "created"), None
    )

    def when(e: Entry) -> datetime:
        return max(e.at, created) if created and e.kind == "event" else e.at

    return sorted(entries, key=lambda e: (when(e), order[e.kind]))


def version(ticket_id: int, viewer: int) -> str:
    """Returns "<newest message id>-<newest event id>" of the ticket: the ticket page
    sends it back with its presence (every 5 s) to learn whether something happened
    since it was loaded (changed()). The viewing agent's own events do not count: what
    they did on the page without reloading it (a revealed number) is nothing new."""
    newest_message = select(func.max(Message.id)).where(Message.ticket_id == ticket_id)
    newest_event = select(func.max(TicketEvent.id)).where(
        TicketEvent.ticket_id == ticket_id,
        (TicketEvent.actor_kind != "agent") | TicketEvent.actor_id.is_distinct_from(viewer),
    )
    stmt = select(newest_message.scalar_subquery(), newest_event.scalar_subquery())
    message, event = db.session.execute(stmt).one()
    return f"{message or 0}-{event or 0}"


def changed(seen: str | None, now: str) -> str | None:
    """Returns what happened since the page showed version `seen`: "message" (the
    citizen wrote), "event" (anything else recorded), or None."""
    if not seen or seen == now:
        return None
    return "message" if seen.partition("-")[0] != now.partition("-")[0] else "event"


def officer_names(entries: list[Entry]) -> dict[int, tuple[str, bool]]:
    """Returns {id: (name, in a group)} of the officers the timeline's outgoing messages
    went to; a group's member (the 112 desk, the supervisors, the mayor's office) is no
    unit's officer, and the page names it without "petugas"."""
    ids = {e.item.officer_id for e in entries if e.kind == "out" and e.item.officer_id}
    if not ids:
        return {}
    stmt = select(Officer.id, Officer.name, Officer.group_code).where(Officer.id.in_(ids))
    return {oid: (name, group is not None) for oid, name, group in db.session.execute(stmt)}


def contact_messages(ticket: Ticket, limit: int = 20) -> list[Message]:
    """Returns the contact's recent messages that belong to no ticket (greetings, checks)."""
    stmt = (
        select(Message)
        .where(Message.contact_id == ticket.contact_id, Message.ticket_id.is_(None))
        .order_by(Message.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())


def contact_tickets(ticket: Ticket, limit: int = 5) -> list[Ticket]:
    """Returns the contact's other tickets, newest first: a message about a closed one
    ("ambles lagi di tempat yang sama") opens a new ticket, and its agent needs the old."""
    stmt = (
        select(Ticket)
        .where(Ticket.contact_id == ticket.contact_id, Ticket.id != ticket.id)
        .order_by(Ticket.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())
