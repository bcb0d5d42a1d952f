"""POST /webhooks/telegram: Telegram Bot API updates, authenticated by the secret token."""

from __future__ import annotations

import hmac
from typing import Any

from flask import abort, current_app, request

from webhooks.intake import accept, ignored, parse_json, read_body

# Update types that carry a citizen's new message; everything else is answered 200
# and dropped (edits, channel posts, membership changes, button callbacks).
HANDLED = ("message",)


def telegram() -> Any:
    expected = current_app.config["TELEGRAM_WEBHOOK_SECRET"]
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        abort(403, "Invalid secret token.")
    body = read_body()
    update = parse_json(body)
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        abort(400, "Not a Telegram update: update_id missing.")
    if not any(key in update for key in HANDLED):
        return ignored("update type not handled")
    return accept("telegram", str(update["update_id"]), body.decode())
