"""What an outgoing event says. Every partner gets the ticket's number, state, unit,
kecamatan and times; only an endpoint marked trusted also gets what a citizen wrote or
where they are (the summary, the address and coordinates, notes, the citizen's first
name). Phone numbers and other identities are never sent."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from ticketing.models import Ticket, TicketEvent

API_VERSION = "2026-12-01"
# Keys of the audit event's data that are safe for every partner.
PUBLIC_DATA = ("opd", "previous", "reason", "clock", "step", "due", "rating", "kind")
# A reason every partner may read is a code ("no_reply", "bukan_wewenang"); a routing
# reason quotes the citizen's words ("rule: emergency keyword 'bunuh diri' ...").
REASON_CODE = re.compile(r"[a-z_]{1,40}")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def ticket_view(ticket: Ticket, trusted: bool) -> dict[str, Any]:
    """Returns the ticket as partners see it (personal data only when `trusted`)."""
    view: dict[str, Any] = {
        "number": ticket.number,
        "registration_number": ticket.registration_number,
        "status": ticket.status,
        "kind": ticket.kind,
        "opd": ticket.opd_code,
        "channel": ticket.channel,
        "priority": ticket.priority,
        "kecamatan": ticket.kecamatan,
        "created_at": _iso(ticket.created_at),
        "first_response_due_at": _iso(ticket.first_response_due_at),
        "first_responded_at": _iso(ticket.first_responded_at),
        "resolution_due_at": _iso(ticket.resolution_due_at),
        "resolved_at": _iso(ticket.resolved_at),
        "closed_at": _iso(ticket.closed_at),
        "close_reason": ticket.close_reason,
        "rating": ticket.rating,
        "reopened": ticket.reopened,
        "bounces": ticket.bounces,
    }
    if trusted:
        named = ticket.contact.name if ticket.contact else None
        named = named or (ticket.identity.display_name if ticket.identity else None)
        name = (named or "").split()
        view["summary"] = ticket.summary
        view["citizen_first_name"] = name[0] if name else None
        view["location"] = (
            {"latitude": ticket.latitude, "longitude": ticket.longitude, "address": ticket.address}
            if ticket.latitude is not None or ticket.address
            else None
        )
    return view


def body(
    event_id: str,
    event_type: str,
    ticket: Ticket,
    event: TicketEvent,
    trusted: bool,
    previous_status: str | None = None,
) -> str:
    """Returns the JSON body (the exact text that is signed and sent)."""
    data = {key: event.data[key] for key in PUBLIC_DATA if key in (event.data or {})}
    if not trusted and not REASON_CODE.fullmatch(str(data.get("reason", ""))):
        data.pop("reason", None)
    if event_type == "ticket.status_changed":
        data["status"] = ticket.status
        data["previous_status"] = previous_status
    if trusted and event.note:
        data["note"] = event.note
    payload = {
        "id": event_id,
        "type": event_type,
        "api_version": API_VERSION,
        "occurred_at": _iso(event.at),
        "action": event.action,
        "actor_kind": event.actor_kind,
        "data": data,
        "ticket": ticket_view(ticket, trusted),
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
