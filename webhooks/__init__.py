"""Provider webhooks: verify, store the raw event, answer. Two tables are the whole
public surface:

- RECEIVED: the message webhooks, served by webhooks.receiver in front of Flask (the hot
  path of a flood: no request context, session, CSRF or rate limiter to pay for). Each
  handler takes (request, config) and returns the event to store or the answer.
- VOICE: the phone line's TwiML conversation, Flask views (blueprint `bp`; an endpoint is
  its view's name, e.g. "webhooks.twilio_voice_menu")."""

from __future__ import annotations

from flask import Blueprint

from webhooks import meta, telegram, twilio, twilio_voice, whatsapp, x

PREFIX = "/webhooks"

# path -> {method: handler}; a handler's name labels its metrics and log lines.
RECEIVED = {
    "/telegram": {"POST": telegram.telegram},
    "/twilio/messaging": {"POST": twilio.twilio_messaging},
    "/twilio/status": {"POST": twilio.twilio_status},
    "/whatsapp": {"GET": whatsapp.whatsapp_subscribe, "POST": whatsapp.whatsapp},
    "/meta": {"GET": meta.meta_verify, "POST": meta.meta_events},
    "/x": {"GET": x.x_crc, "POST": x.x_activity},
}

VOICE = (
    ("/twilio/voice", twilio_voice.twilio_voice),
    ("/twilio/voice/menu", twilio_voice.twilio_voice_menu),
    ("/twilio/voice/ticket", twilio_voice.twilio_voice_ticket),
    ("/twilio/voice/speech", twilio_voice.twilio_voice_speech),
    ("/twilio/voice/recorded", twilio_voice.twilio_voice_recorded),
    ("/twilio/voice/transcription", twilio_voice.twilio_voice_transcription),
)

bp = Blueprint("webhooks", __name__, url_prefix=PREFIX)
for rule, view in VOICE:
    bp.add_url_rule(rule, view_func=view, methods=["POST"])
