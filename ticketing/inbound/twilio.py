"""Twilio messaging: SMS and WhatsApp (route "twilio") and the delivery statuses of what
we sent (route "twilio_status").

Twilio sends no timestamp, so the webhook adds RECEIVED_AT (when it stored the form) to
the stored object; it is not a Twilio parameter and is removed before parsing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from channels.twilio_messaging import delivery_status, normalize, parse_status
from ticketing.inbound import statuses
from ticketing.inbound.events import Inbound

RECEIVED_AT = "_received_at"


def stored_form(form: dict[str, str], received_at: datetime) -> str:
    """Returns the payload to store for a Twilio request: its parameters plus when we
    received them."""
    return json.dumps({**form, RECEIVED_AT: received_at.isoformat()}, ensure_ascii=False)


def read_form(payload: str) -> tuple[dict[str, str], datetime | None]:
    """Returns (the Twilio parameters, when our webhook stored them) from a stored
    payload. Raises ValueError when it is not a JSON object."""
    data = json.loads(payload)
    if not isinstance(data, dict):
        raise ValueError("stored Twilio form is not a JSON object")
    stamp = data.pop(RECEIVED_AT, None)
    received = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    if received is not None and received.tzinfo is None:
        received = received.replace(tzinfo=UTC)
    return {str(key): str(value) for key, value in data.items()}, received


def read_messages(payload: str) -> Inbound:
    """Route "twilio": the citizen's SMS or WhatsApp message."""
    form, received = read_form(payload)
    return Inbound(normalize(form, received))


def read_status(payload: str) -> Inbound:
    """Route "twilio_status": one status callback, applied to the outbox."""
    status = delivery_status(parse_status(read_form(payload)[0]))
    return Inbound([], lambda event: statuses.apply_all([status]))
