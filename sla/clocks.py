"""Starting and stopping a ticket's SLA clocks."""

from __future__ import annotations

from datetime import datetime

from sla.calendar import due
from ticketing.models import Ticket

POLICY_BY_KIND = {"emergency": "emergency", "info_request": "ppid"}


def start(ticket: Ticket, now: datetime) -> None:
    """Sets the ticket's first-response due time from its kind's policy."""
    policy = POLICY_BY_KIND.get(ticket.kind, "complaint")
    ticket.first_response_due_at = due(policy, now)


def resume(ticket: Ticket, now: datetime) -> None:
    """The citizen answered: the clock runs again (pauses are measured by sla.engine)."""
    return None
