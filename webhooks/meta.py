"""GET/POST /webhooks/meta: Facebook Page messages and Instagram DMs (Messenger Platform).

GET is Meta's subscription handshake (META_VERIFY_TOKEN). POST is verified with
`X-Hub-Signature-256` over the raw body (META_APP_SECRET) and stored once, whole (route
"meta", external id "sha256:<hex of the body>": Meta's retries of the same delivery are
no-ops; a message delivered again in another body is deduplicated on its mid by
ingest). Bodies with nothing a citizen wrote (echoes of our sends, delivery and read
receipts) are answered 200 and not stored."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.wrappers import Request, Response

from channels.meta import CHANNELS, event_ids
from webhooks.intake import Store, ignored, meta_signed_json, meta_subscription, whole_body


def meta_verify(request: Request, config: Mapping[str, Any]) -> Response:
    return meta_subscription(request, config, "META_VERIFY_TOKEN")


def meta_events(request: Request, config: Mapping[str, Any]) -> Store | Response:
    body, payload = meta_signed_json(request, config, "META_APP_SECRET")
    kind = payload.get("object") if isinstance(payload, dict) else None
    if not isinstance(kind, str) or kind not in CHANNELS:
        return ignored("not a Page or Instagram messaging payload")
    try:
        if not event_ids(payload):
            return ignored("no messages (echo, delivery or read receipt)")
    except Exception:  # any shape the reader refuses: stored, and the job records why
        pass  # (kept for replay from the admin's failed-events list)
    return whole_body("meta", body)
