"""The durable half of every webhook: commit the raw event (ticketing.inbound.events),
then wake a worker to claim it. Also the Meta preamble (subscription handshake, signed
POST) shared by WhatsApp and Meta."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from flask import Response, abort, current_app, jsonify, request
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from channels.meta_common import SIGNATURE_HEADER, verify_signature, verify_subscription
from ticketing.inbound import events

log = logging.getLogger(__name__)


def read_body() -> bytes:
    """Returns the raw request body; aborts 413 when it exceeds WEBHOOK_MAX_BYTES."""
    limit = current_app.config["WEBHOOK_MAX_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        abort(413, f"Body larger than {limit} bytes.")
    body = request.stream.read(limit + 1)
    if len(body) > limit:
        abort(413, f"Body larger than {limit} bytes.")
    return body


def parse_json(body: bytes) -> Any:
    """Returns the parsed body; aborts 400 when it is not UTF-8 JSON or nests too deeply
    for the parser (a RecursionError is the signed sender's mistake, not our 500)."""
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        abort(400, "Body is not UTF-8 JSON.")
    except RecursionError:
        abort(400, "Body nests too deeply.")


def accept(route: str, external_id: str, payload: str) -> Any:
    """Stores one event and wakes a worker to claim it (one cheap Redis command, no
    job per event); returns the JSON answer for the provider. Aborts 503 when the
    database cannot take it, so the provider retries, and 400 for a provider id no
    provider sends (too long, or with a NUL): it could never be stored, and a 503 would
    have the provider retry it forever."""
    if len(external_id) > events.EXTERNAL_ID_MAX or "\x00" in external_id:
        abort(400, f"Provider id longer than {events.EXTERNAL_ID_MAX} characters, or with NUL.")
    try:
        event_id = events.store(route, external_id, payload)
    except (DBAPIError, SQLAlchemyError) as exc:
        log.error("could not store %s event %s: %s", route, external_id, exc)
        abort(503, "Storage unavailable, please retry.")
    if event_id is None:
        return jsonify(status="duplicate"), 200
    events.wake()
    return jsonify(status="accepted"), 200


def ignored(reason: str) -> Any:
    """Returns the 200 answer for payloads we deliberately do not store."""
    return jsonify(status="ignored", reason=reason), 200


def meta_subscription(token_key: str) -> Any:
    """Answers Meta's GET subscription handshake (hub.verify_token = config[token_key])
    with the challenge; aborts 403 on a mismatch."""
    challenge = verify_subscription(request.args, current_app.config[token_key])
    if challenge is None:
        abort(403, "Verification token mismatch.")
    return Response(challenge, mimetype="text/plain")


def meta_signed_json(secret_key: str) -> tuple[bytes, Any]:
    """Returns (raw body, parsed JSON) of a POST signed by Meta with X-Hub-Signature-256
    over the exact body (config[secret_key]). Aborts 403 on a bad signature, 400 when the
    body is not JSON."""
    body = read_body()
    secret = current_app.config[secret_key]
    if not verify_signature(secret, body, request.headers.get(SIGNATURE_HEADER)):
        abort(403, "Invalid X-Hub-Signature-256.")
    return body, parse_json(body)


def accept_body(channel: str, body: bytes) -> Any:
    """Stores a whole body once: its hash is the dedupe key, so provider retries of the
    same delivery are no-ops."""
    return accept(channel, "sha256:" + hashlib.sha256(body).hexdigest(), body.decode())
