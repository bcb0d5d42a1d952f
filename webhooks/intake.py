"""The durable half of every webhook: a provider's call becomes a `Store` (the raw event
to commit) or a direct answer; `save` commits the event (ticketing.inbound.events) and
wakes a worker to claim it. Also the Meta preamble (subscription handshake, signed POST)
shared by WhatsApp and Meta. Nothing here needs Flask's request context: the receiver
(webhooks.receiver) calls these outside it, the voice views inside it."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from werkzeug.exceptions import BadRequest, Forbidden, RequestEntityTooLarge, ServiceUnavailable
from werkzeug.wrappers import Request, Response

from channels.meta_common import SIGNATURE_HEADER, verify_signature, verify_subscription
from ticketing.inbound import events

log = logging.getLogger(__name__)
RETRY = 30  # seconds a provider is asked to wait when the database cannot take an event


@dataclass(frozen=True)
class Store:
    """A provider's event to commit: the route its reader is under, the provider's id
    for it (the dedupe key) and the raw payload. `twiml` answers Twilio's way."""

    route: str
    external_id: str
    payload: str
    twiml: bool = False


def read_body(request: Request, limit: int) -> bytes:
    """Returns the raw request body; 413 when it exceeds `limit` bytes."""
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge(f"Body larger than {limit} bytes.")
    body = request.stream.read(limit + 1)
    if len(body) > limit:
        raise RequestEntityTooLarge(f"Body larger than {limit} bytes.")
    return body


def parse_json(body: bytes) -> Any:
    """Returns the parsed body; 400 when it is not UTF-8 JSON or nests too deeply for
    the parser (a RecursionError is the signed sender's mistake, not our 500)."""
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadRequest("Body is not UTF-8 JSON.") from None
    except RecursionError:
        raise BadRequest("Body nests too deeply.") from None


def json_answer(code: int = 200, /, **fields: Any) -> Response:
    """Returns a JSON answer for a provider, byte for byte what Flask's jsonify gives
    the rest of the app's answers (sorted keys, compact)."""
    body = json.dumps(fields, separators=(",", ":"), sort_keys=True) + "\n"
    return Response(body, status=code, mimetype="application/json")


def ignored(reason: str) -> Response:
    """Returns the 200 answer for payloads we deliberately do not store."""
    return json_answer(status="ignored", reason=reason)


def save(item: Store, app: Flask | None = None) -> bool:
    """Commits one event and wakes a worker to claim it (no job per event); returns
    False when the provider sent it before. Needs `app` or an app context. 503 when the database
    cannot take it, so the provider retries; 400 for a provider id no provider sends (too
    long, or with a NUL): it could never be stored, and a 503 would have the provider
    retry it forever."""
    external_id = item.external_id
    if len(external_id) > events.EXTERNAL_ID_MAX or "\x00" in external_id:
        longest = events.EXTERNAL_ID_MAX
        raise BadRequest(f"Provider id longer than {longest} characters, or with NUL.")
    try:
        event_id = events.store(item.route, external_id, item.payload, app)
    except (DBAPIError, SQLAlchemyError) as exc:
        log.error("could not store %s event %s: %s", item.route, external_id, exc)
        raise ServiceUnavailable("Storage unavailable, please retry.", retry_after=RETRY) from None
    if event_id is None:
        return False
    events.wake(app)
    return True


def whole_body(route: str, body: bytes) -> Store:
    """A body stored whole: its hash is the dedupe key, so provider retries of the same
    delivery are no-ops."""
    return Store(route, "sha256:" + hashlib.sha256(body).hexdigest(), body.decode())


def meta_subscription(request: Request, config: Mapping[str, Any], token_key: str) -> Response:
    """Answers Meta's GET subscription handshake (hub.verify_token = config[token_key])
    with the challenge; 403 on a mismatch."""
    challenge = verify_subscription(request.args, config[token_key])
    if challenge is None:
        raise Forbidden("Verification token mismatch.")
    return Response(challenge, mimetype="text/plain")


def meta_signed_json(
    request: Request, config: Mapping[str, Any], secret_key: str
) -> tuple[bytes, Any]:
    """Returns (raw body, parsed JSON) of a POST signed by Meta with X-Hub-Signature-256
    over the exact body (config[secret_key]). 403 on a bad signature, 400 when the body
    is not JSON."""
    body = read_body(request, config["WEBHOOK_MAX_BYTES"])
    if not verify_signature(config[secret_key], body, request.headers.get(SIGNATURE_HEADER)):
        raise Forbidden("Invalid X-Hub-Signature-256.")
    return body, parse_json(body)
