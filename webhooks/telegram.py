"""POST /webhooks/telegram: Telegram Bot API updates, authenticated by the secret token."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

from werkzeug.exceptions import BadRequest, Forbidden
from werkzeug.wrappers import Request, Response

from webhooks.intake import Store, ignored, parse_json, read_body

# Update types that carry a citizen's new message; everything else is answered 200
# and dropped (edits, channel posts, membership changes, button callbacks).
HANDLED = ("message",)


def telegram(request: Request, config: Mapping[str, Any]) -> Store | Response:
    expected = config["TELEGRAM_WEBHOOK_SECRET"]
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise Forbidden("Invalid secret token.")
    body = read_body(request, config["WEBHOOK_MAX_BYTES"])
    update = parse_json(body)
    update_id = update.get("update_id") if isinstance(update, dict) else None
    if not isinstance(update_id, int) or isinstance(update_id, bool):  # true is no id
        raise BadRequest("Not a Telegram update: update_id missing.")
    if not any(key in update for key in HANDLED):
        return ignored("update type not handled")
    return Store("telegram", str(update_id), body.decode())
