"""An agent's reply that failed for good and went out no other way did not answer the
citizen: the first response it met is taken back (the clock runs again on its due)."""

from __future__ import annotations

from datetime import datetime, timedelta

from aduan.extensions import db
from sla import clocks
from ticketing.audit import record
from ticketing.models import Outbound, Ticket

# actions.reply meets the first response just before it queues the row
SAME_ACT = timedelta(seconds=10)


def take_back(row: Outbound, now: datetime) -> bool:
    """Takes back the first response row `row` (an agent's reply that reached the
    citizen no way at all) gave its ticket; returns whether it did. Nothing changes when
    someone answered since (an officer accepted, progress was sent, it was resolved)."""
    if row.purpose != "reply" or row.ticket_id is None or row.officer_id is not None:
        return False
    ticket = db.session.get(Ticket, row.ticket_id)
    if ticket is None or ticket.status not in ("triage", "routed"):
        return False
    answered = ticket.first_responded_at
    if answered is None or not answered <= row.created_at <= answered + SAME_ACT:
        return False
    clock = clocks.get(ticket, "first_response")
    if clock is None or clock.status != "met" or clock.met_at != answered:
        return False
    clock.status, clock.met_at = "running", None
    clocks.schedule(clock)
    ticket.first_responded_at = None
    clocks.sync(ticket)
    record(ticket, "answer_lost", at=now, outbox_id=row.id)
    return True
