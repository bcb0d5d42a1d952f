"""Signatures on outgoing webhooks, in the shape partners know from payment providers:

    X-Aduan-Signature: t=1764650000,v1=5257a869e7ec…(64 hex digits)

v1 is the hex HMAC-SHA256, keyed with the endpoint's secret, of the ASCII timestamp, a
full stop and the raw request body. Each attempt is signed afresh (a retry carries a new
timestamp over the same body), so receivers can refuse timestamps older than a few
minutes and replays of the same event (X-Aduan-Event-Id) are recognisable."""

from __future__ import annotations

import base64
import hashlib
import hmac

HEADER = "X-Aduan-Signature"
TOLERANCE_SECONDS = 300


def endpoint_secret(secret_key: str, endpoint_id: int, nonce: str) -> str:
    """Returns an endpoint's signing secret, derived from the app's SECRET_KEY and the
    endpoint's nonce (so the database alone never holds it)."""
    message = f"partner-webhook:{endpoint_id}:{nonce}".encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).digest()
    return "whsec_" + base64.urlsafe_b64encode(digest).decode().rstrip("=")


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """Returns the signature header value for `body` sent at `timestamp` (Unix seconds)."""
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, now: int) -> bool:
    """Returns True when `header` signs `body` with `secret` within TOLERANCE_SECONDS of
    `now` (what a partner's receiver does; docs/partners.md has the same in a snippet)."""
    pairs = [part.strip().split("=", 1) for part in header.split(",") if "=" in part]
    stamps = [value for key, value in pairs if key == "t"]
    try:
        timestamp = int(stamps[0])
    except (IndexError, ValueError):
        return False
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = sign(secret, timestamp, body).split("v1=", 1)[1]
    return any(hmac.compare_digest(expected, value) for key, value in pairs if key == "v1")
