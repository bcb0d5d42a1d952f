"""The WhatsApp Cloud API: route "whatsapp_cloud", one raw webhook body per stored
event; it may carry citizens' messages and delivery statuses of what we sent."""

from __future__ import annotations

import json
import logging

from channels.whatsapp_cloud import delivery_status, normalize, parse_errors, parse_statuses
from ticketing.inbound import statuses
from ticketing.inbound.events import Inbound

log = logging.getLogger(__name__)


def read(payload: str) -> Inbound:
    """Returns the body's messages, and its statuses to apply after them. Value-level
    errors (not tied to one message) are logged. Raises ValueError when unreadable."""
    data = json.loads(payload)
    if not isinstance(data, dict):
        raise ValueError("stored WhatsApp webhook is not a JSON object")
    messages = normalize(data)
    updates = [delivery_status(update) for update in parse_statuses(data)]
    for error in parse_errors(data):
        log.warning("WhatsApp Cloud reported error %s: %s", error["code"], error["title"])
    return Inbound(messages, (lambda event: statuses.apply_all(updates)) if updates else None)
