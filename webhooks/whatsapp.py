"""GET/POST /webhooks/whatsapp: the WhatsApp Cloud API (Meta, direct).

GET is Meta's subscription handshake (hub.verify_token = WHATSAPP_VERIFY_TOKEN). POST is
checked against X-Hub-Signature-256 over the exact raw body (WHATSAPP_APP_SECRET) and
stored once as it came: one body may carry several messages and delivery statuses, which
the worker splits (messages are unique per wamid, statuses only move forward). Meta
retries a body it got no 200 for, so the body's hash is the event's dedupe key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Request, Response

from webhooks.intake import Store, ignored, meta_signed_json, meta_subscription, whole_body

OBJECT = "whatsapp_business_account"


def whatsapp_subscribe(request: Request, config: Mapping[str, Any]) -> Response:
    return meta_subscription(request, config, "WHATSAPP_VERIFY_TOKEN")


def whatsapp(request: Request, config: Mapping[str, Any]) -> Store | Response:
    body, payload = meta_signed_json(request, config, "WHATSAPP_APP_SECRET")
    if not isinstance(payload, dict):
        raise BadRequest("Body is not a JSON object.")
    if payload.get("object") != OBJECT:  # signed by Meta, but for another product
        return ignored("not a WhatsApp Business Account webhook")
    if not _has_events(payload):
        return ignored("no messages, statuses or errors")
    return whole_body("whatsapp_cloud", body)


def _has_events(payload: dict[str, Any]) -> bool:
    """True when a "messages" change carries messages, statuses or errors (template and
    account updates on other fields are not ours to store). A signed body that is not
    shaped like Meta's is stored too: the job records why it cannot be read, and the
    admin can replay it once the reader knows better."""
    entries = payload.get("entry")
    if not isinstance(entries, list):
        return True
    for entry in entries:
        changes = entry.get("changes") if isinstance(entry, dict) else None
        if not isinstance(changes, list):
            return True
        for change in changes:
            if not isinstance(change, dict):
                return True
            value = change.get("value")
            if change.get("field") != "messages":
                continue
            if not isinstance(value, dict):
                return True
            if any(value.get(k) for k in ("messages", "statuses", "errors")):
                return True
    return False
