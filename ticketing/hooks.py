"""What else happens when something is written to a ticket's audit trail: one explicit
table from the trail's action to the outgoing partner events it means (and the
kecamatan lookup when the ticket learns where it is).

ticketing.audit.record calls `after_record` for every event, so the places where
tickets are created, routed, answered, escalated, resolved and rated need no call of
their own. Nothing here registers itself on import."""

from __future__ import annotations

from collections.abc import Callable

from ticketing import places
from ticketing.models import Ticket, TicketEvent
from ticketing.partners import deliveries

STATUS = "ticket.status_changed"


def _rated(ticket: Ticket, event: TicketEvent) -> tuple[str, ...]:
    return (STATUS, "ticket.rated") if (event.data or {}).get("rating") else (STATUS,)


Events = tuple[str, ...] | Callable[[Ticket, TicketEvent], tuple[str, ...]]

# audit action -> partner event types (docs/partners.md). status_changed is sent only
# when the status differs from the one last announced for the ticket.
EVENTS: dict[str, Events] = {
    "created": ("ticket.created",),
    "routed": ("ticket.routed", STATUS),
    "emergency": ("ticket.routed", STATUS),
    "triage": (STATUS,),
    "accepted": (STATUS,),
    "progress": (STATUS,),
    "acknowledged": (STATUS,),
    "asked_citizen": (STATUS,),
    "resumed": (STATUS,),
    "bounced": (STATUS,),
    "reopened": (STATUS,),
    "objection_filed": (STATUS,),
    "resolved": ("ticket.resolved", STATUS),
    "closed": _rated,
    "sla_remind_officer": ("ticket.sla_step",),
    "sla_warn_head": ("ticket.sla_step",),
    "sla_warn_supervisor": ("ticket.sla_step",),
    "sla_remind_desk": ("ticket.sla_step",),
    "sla_breach": ("ticket.sla_step",),
}
# audit actions after which the ticket may say where it is.
LOCATE = frozenset({"created", "routed", "triage", "citizen_message"})


def after_record(ticket: Ticket, event: TicketEvent) -> None:
    """Runs what the table says for one audit event (adds rows; never commits)."""
    if event.action in LOCATE:
        places.locate(ticket)
    types = EVENTS.get(event.action, ())
    for event_type in types(ticket, event) if callable(types) else types:
        deliveries.emit(ticket, event, event_type)
