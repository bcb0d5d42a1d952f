"""Webhook payloads of the Graph sandbox, built and signed the way Meta does.

Payload builders for WhatsApp Cloud messages and statuses and for Messenger / Instagram
messaging events; `encode()` serialises like Meta (compact JSON, non-ASCII and "/"
escaped), and `post_signed()` POSTs the exact bytes with `X-Hub-Signature-256` (HMAC-SHA256
of those bytes under the app secret) and the legacy sha1 `X-Hub-Signature`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sandbox.graph_api import GraphApi

# (code, title, details) of the asynchronous failures the sandbox produces.
RE_ENGAGE = (
    131047,
    "Re-engagement message",
    "Message failed to send because more than 24 hours have passed since the customer "
    "last replied to this number.",
)
TEMPLATE_MISSING = (
    132001,
    "Template name does not exist in the translation",
    "template name ({name}) does not exist in id",
)
ERROR_HREF = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"
STATUS_RANK = {"accepted": 0, "sent": 1, "delivered": 2, "read": 3, "failed": 4}


def encode(payload: dict[str, Any]) -> bytes:
    """Returns the body bytes as Meta sends them: compact JSON with non-ASCII characters as
    \\uXXXX and "/" as "\\/" (so a receiver that re-serialises before checking the
    signature fails, as it would in production)."""
    return json.dumps(payload, separators=(",", ":")).replace("/", "\\/").encode()


def signature_headers(app_secret: str, body: bytes) -> dict[str, str]:
    """Returns the headers Meta puts on a webhook POST of `body`."""
    key = app_secret.encode()
    return {
        "Content-Type": "application/json",
        "User-Agent": "facebookexternalua",
        "X-Hub-Signature": "sha1=" + hmac.new(key, body, hashlib.sha1).hexdigest(),
        "X-Hub-Signature-256": "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest(),
    }


def post_signed(
    url: str, body: bytes, app_secret: str, timeout: float
) -> tuple[int | None, str, str | None]:
    """POST `body` to `url`, signed. Returns (HTTP status or None, response text,
    error or None); an error is any non-2xx answer or a connection failure."""
    headers = signature_headers(app_secret, body)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxies
    try:
        with opener.open(request, timeout=timeout) as response:
            text = response.read().decode("utf-8", "replace")
            ok = 200 <= response.status < 300
            return response.status, text, None if ok else f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        text = exc.read().decode("utf-8", "replace")
        exc.close()
        return exc.code, text, f"HTTP {exc.code} {exc.reason}"
    except OSError as exc:
        return None, "", f"Connection failed: {exc}"


def new_wamid() -> str:
    return "wamid." + secrets.token_urlsafe(36)


def new_instagram_mid() -> str:
    """An Instagram message id as long as real ones (about 160 characters, as in
    tests/fixtures/meta): a shorter fake hid that they did not fit the desk's columns."""
    return "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlE" + secrets.token_urlsafe(98)


def _wa_value(api: GraphApi, **content: Any) -> dict[str, Any]:
    metadata = {"display_phone_number": api.display_phone_number}
    metadata["phone_number_id"] = api.phone_number_id
    value = {"messaging_product": "whatsapp", "metadata": metadata, **content}
    change = {"value": value, "field": "messages"}
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": api.waba_id, "changes": [change]}],
    }


def wa_message_payload(
    api: GraphApi, wa_id: str, name: str, message: dict[str, Any]
) -> dict[str, Any]:
    """Returns the webhook payload for one citizen message (`message` holds id, from,
    timestamp, type and the type's object)."""
    contacts = [{"profile": {"name": name}, "wa_id": wa_id}]
    return _wa_value(api, contacts=contacts, messages=[message])


def wa_status_payload(
    api: GraphApi,
    wamid: str,
    wa_id: str,
    status: str,
    stamp: int,
    failure: tuple[int, str, str] | None = None,
) -> dict[str, Any]:
    """Returns the webhook payload for one status of a message we sent; `failure` is
    (code, title, details) for status "failed"."""
    item: dict[str, Any] = {"id": wamid, "status": status, "timestamp": str(stamp)}
    item["recipient_id"] = wa_id
    if failure:
        code, title, details = failure
        error = {"code": code, "title": title, "message": title}
        item["errors"] = [error | {"error_data": {"details": details}, "href": ERROR_HREF}]
    else:
        conversation = {
            "id": hashlib.sha256(wa_id.encode()).hexdigest()[:32],
            "origin": {"type": "service"},
        }
        if status == "sent":
            conversation["expiration_timestamp"] = str(stamp + 24 * 3600)
        item["conversation"] = conversation
        item["pricing"] = {"billable": False, "pricing_model": "PMP", "category": "service"}
        item["pricing"]["type"] = "free_customer_service"
    return _wa_value(api, statuses=[item])


def messaging_payload(
    object_type: str, account_id: str, sender: str, stamp_ms: int, message: dict[str, Any]
) -> dict[str, Any]:
    """Returns a Messenger Platform webhook payload (`object` "page" or "instagram") with one
    message event from `sender` to our account."""
    event = {"sender": {"id": sender}, "recipient": {"id": account_id}, "timestamp": stamp_ms}
    event["message"] = message
    entry = {"id": account_id, "time": stamp_ms, "messaging": [event]}
    return {"object": object_type, "entry": [entry]}
