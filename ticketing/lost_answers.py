"""An agent's reply that failed for good and went out no other way did not answer the
citizen: the desk's reply it recorded is taken back (and the first response, where the
reply was the answer itself: a ticket no unit owns a promise for). An agent's reply
never meets an OPD's clock (ticketing/actions.py:reply), so no clock changes here."""

from __future__ import annotations

from datetime import datetime, timedelta

from aduan.extensions import db
from ticketing.audit import record
from ticketing.models import OPEN_STATUSES, Outbound, Ticket

# actions.reply records the desk's reply just before it queues the row
SAME_ACT = timedelta(seconds=10)


def take_back(row: Outbound, now: datetime) -> bool:
    """Takes back the desk's reply `row` (an agent's reply that reached the citizen no
    way at all) recorded on its open ticket; returns whether it did. A first response
    someone else gave since (an officer accepted, progress was sent) stays."""
    if row.purpose != "reply" or row.ticket_id is None or row.officer_id is not None:
        return False
    ticket = db.session.get(Ticket, row.ticket_id)
    if ticket is None or ticket.status not in OPEN_STATUSES:
        return False
    replied = ticket.desk_replied_at
    if replied is None or not replied <= row.created_at <= replied + SAME_ACT:
        return False
    ticket.desk_replied_at = None
    if ticket.first_responded_at == replied:
        ticket.first_responded_at = None
    record(ticket, "answer_lost", at=now, outbox_id=row.id)
    return True
