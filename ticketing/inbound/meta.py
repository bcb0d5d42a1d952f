"""Facebook Page messages and Instagram DMs: route "meta", one Messenger Platform
webhook body (object "page" or "instagram") per stored event."""

from __future__ import annotations

import json

from channels.meta import normalize
from ticketing.inbound.events import Inbound


def read(payload: str) -> Inbound:
    """Returns the messages in one stored body; raises ValueError when unreadable."""
    data = json.loads(payload)
    if not isinstance(data, dict):
        raise ValueError("stored Meta webhook is not a JSON object")
    return Inbound(normalize(data))
