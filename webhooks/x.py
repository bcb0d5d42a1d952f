"""GET/POST /webhooks/x: the optional X Account Activity webhook.

Polling (ticketing.inbound.x) is the baseline; this route lets an account with Account
Activity access get the same tweets and DMs at once. GET answers X's CRC check, POST is
verified with `x-twitter-webhooks-signature` over the raw body and stored whole (route
"x_activity"). A tweet that also arrives by polling still makes one message: both paths
end in ingest(), which is unique on (channel, tweet id).

The route answers 404 unless X_WEBHOOK_ENABLED is set (and X_CONSUMER_SECRET known): a
desk that polls has no reason to sign CRC tokens for strangers. Its CRC answer can never
serve as a POST signature: channels.x_parse answers only token-shaped text and reads only
JSON-object bodies, two sets with nothing in common."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import abort, current_app, jsonify, request

from channels.x_parse import crc_response, is_crc_token, verify_signature
from webhooks.intake import accept, ignored, parse_json, read_body

# Payload keys that carry a citizen's message; others (favourites, follows, typing
# indicators, read receipts) are answered 200 and dropped.
HANDLED = ("tweet_create_events", "direct_message_events")


def _secret() -> str:
    secret = current_app.config["X_CONSUMER_SECRET"]
    if not secret or not current_app.config["X_WEBHOOK_ENABLED"]:
        abort(404)  # the webhook is off: X is polled (or not configured) here
    return secret


def x_crc() -> Any:
    secret = _secret()
    token = request.args.get("crc_token", "")
    if not is_crc_token(token):
        abort(400, "crc_token missing or not a token.")
    return jsonify(crc_response(token, secret))


def x_activity() -> Any:
    secret = _secret()
    body = read_body()
    if not verify_signature(secret, body, request.headers.get("x-twitter-webhooks-signature")):
        abort(403, "Invalid signature.")
    payload = parse_json(body)
    if not isinstance(payload, dict):
        abort(400, "Not an Account Activity payload.")
    account = current_app.config["X_ACCOUNT_ID"]
    if account and str(payload.get("for_user_id") or account) != account:
        return ignored("another account")
    if not any(payload.get(key) for key in HANDLED):
        return ignored("event type not handled")
    return accept("x_activity", "sha256:" + hashlib.sha256(body).hexdigest(), body.decode())
