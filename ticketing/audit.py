"""Writes the audit trail: one TicketEvent per thing that happens to a ticket."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aduan.extensions import db
from ticketing import hooks, queue
from ticketing.models import Ticket, TicketEvent, utcnow


def record(
    ticket: Ticket,
    action: str,
    *,
    actor_kind: str = "system",
    actor_id: int | None = None,
    actor_name: str = "",
    note: str = "",
    at: datetime | None = None,
    **data: Any,
) -> TicketEvent:
    """Adds (does not commit) an event to the ticket's timeline and returns it. A
    citizen's event is credited to the reporter's name when none is given (their report
    was: "Warga" would read like somebody else)."""
    if actor_kind == "citizen" and not actor_name and ticket.identity is not None:
        actor_name = ticket.identity.display_name or ""
    event = TicketEvent(
        ticket_id=ticket.id,  # by id: appending to ticket.events would load them all
        at=at or utcnow(),
        actor_kind=actor_kind,
        actor_id=actor_id,
        actor_name=actor_name or ("Sistem" if actor_kind == "system" else ""),
        action=action,
        note=note,
        data=data,
    )
    db.session.add(event)
    hooks.after_record(ticket, event)
    queue.changed()  # the inbox's cached tab counts are stale once this commits
    return event
