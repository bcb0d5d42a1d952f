"""Provider webhooks: verify, store the raw event, enqueue, answer. One thin view each."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")

from webhooks import telegram  # noqa: E402,F401  (registers routes)
