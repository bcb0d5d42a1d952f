"""Whether a ticket shows on the public side: an agent keeps it off every public page
and Open311, or lists it again where ticketing/publication.py allows (moved out of
ticketing/actions.py, which was at its 400 lines)."""

from __future__ import annotations

from datetime import datetime

from ticketing.actions import Actor, log_action
from ticketing.models import Ticket, utcnow


def set_private(ticket: Ticket, actor: Actor, private: bool, now: datetime | None = None) -> None:
    """An agent keeps a ticket off every public page and Open311 (or lists it again,
    where ticketing.publication allows); the change is audited."""
    if ticket.private == private:
        return
    ticket.private = private
    log_action(ticket, actor, "made_private" if private else "made_public", now or utcnow())
