"""Telegram: route "telegram", one Bot API update per stored event."""

from __future__ import annotations

import json

from channels.telegram_parse import normalize
from ticketing.inbound.events import Inbound


def read(payload: str) -> Inbound:
    """Returns the messages in one stored update; raises ValueError when unreadable."""
    update = json.loads(payload)
    if not isinstance(update, dict):
        raise ValueError("stored Telegram update is not a JSON object")
    return Inbound(normalize(update))
