"""Provider webhooks: verify, store the raw event, enqueue, answer. One thin view each."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")

# Each module registers its routes: Telegram; X, Facebook and Instagram; SMS, WhatsApp, voice.
from webhooks import (  # noqa: E402,F401
    meta,
    telegram,
    twilio,
    twilio_voice,
    whatsapp,
    x,
)
