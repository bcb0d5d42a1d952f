"""GET/POST /webhooks/meta: Facebook Page messages and Instagram DMs (Messenger Platform).

GET is Meta's subscription handshake (META_VERIFY_TOKEN). POST is verified with
`X-Hub-Signature-256` over the raw body (META_APP_SECRET) and stored once, whole (route
"meta", external id "sha256:<hex of the body>": Meta's retries of the same delivery are
no-ops; a message delivered again in another body is deduplicated on its mid by
ingest). Bodies with nothing a citizen wrote (echoes of our sends, delivery and read
receipts) are answered 200 and not stored."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import Response, abort, current_app, request

from channels.meta import CHANNELS, event_ids
from channels.meta_common import SIGNATURE_HEADER, verify_signature, verify_subscription
from webhooks import bp
from webhooks.intake import accept, ignored, read_body


@bp.get("/meta")
def meta_verify() -> Any:
    challenge = verify_subscription(request.args, current_app.config["META_VERIFY_TOKEN"])
    if challenge is None:
        abort(403, "Verification failed.")
    return Response(challenge, mimetype="text/plain")


@bp.post("/meta")
def meta_events() -> Any:
    body = read_body()
    secret = current_app.config["META_APP_SECRET"]
    if not verify_signature(secret, body, request.headers.get(SIGNATURE_HEADER)):
        abort(403, "Invalid signature.")
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        abort(400, "Body is not JSON.")
    if not isinstance(payload, dict) or payload.get("object") not in CHANNELS:
        return ignored("not a Page or Instagram messaging payload")
    try:
        if not event_ids(payload):
            return ignored("no messages (echo, delivery or read receipt)")
    except ValueError:
        pass  # stored anyway: the job records it as unreadable, kept for replay
    return accept("meta", "sha256:" + hashlib.sha256(body).hexdigest(), body.decode())
