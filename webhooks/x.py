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

from collections.abc import Mapping
from typing import Any

from werkzeug.exceptions import BadRequest, Forbidden, NotFound
from werkzeug.wrappers import Request, Response

from channels.x_parse import crc_response, is_crc_token, verify_signature
from webhooks.intake import Store, ignored, json_answer, parse_json, read_body, whole_body

# Payload keys that carry a citizen's message; others (favourites, follows, typing
# indicators, read receipts) are answered 200 and dropped.
HANDLED = ("tweet_create_events", "direct_message_events")


def _secret(config: Mapping[str, Any]) -> str:
    secret = config["X_CONSUMER_SECRET"]
    if not secret or not config["X_WEBHOOK_ENABLED"]:
        raise NotFound()  # the webhook is off: X is polled (or not configured) here
    return secret


def x_crc(request: Request, config: Mapping[str, Any]) -> Response:
    secret = _secret(config)
    token = request.args.get("crc_token", "")
    if not is_crc_token(token):
        raise BadRequest("crc_token missing or not a token.")
    return json_answer(**crc_response(token, secret))


def x_activity(request: Request, config: Mapping[str, Any]) -> Store | Response:
    secret = _secret(config)
    body = read_body(request, config["WEBHOOK_MAX_BYTES"])
    if not verify_signature(secret, body, request.headers.get("x-twitter-webhooks-signature")):
        raise Forbidden("Invalid signature.")
    payload = parse_json(body)
    if not isinstance(payload, dict):
        raise BadRequest("Not an Account Activity payload.")
    account = config["X_ACCOUNT_ID"]
    if account and str(payload.get("for_user_id") or account) != account:
        return ignored("another account")
    if not any(payload.get(key) for key in HANDLED):
        return ignored("event type not handled")
    return whole_body("x_activity", body)
