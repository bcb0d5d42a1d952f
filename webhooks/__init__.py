"""Provider webhooks: verify, store the raw event, enqueue, answer. One thin view each;
the table below is the whole public surface (rule, view, methods). A view's endpoint
is its name, e.g. "webhooks.twilio_voice_menu"."""

from __future__ import annotations

from flask import Blueprint

from webhooks import meta, telegram, twilio, twilio_voice, whatsapp, x

ROUTES = (
    ("/telegram", telegram.telegram, ("POST",)),
    ("/twilio/messaging", twilio.twilio_messaging, ("POST",)),
    ("/twilio/status", twilio.twilio_status, ("POST",)),
    ("/twilio/voice", twilio_voice.twilio_voice, ("POST",)),
    ("/twilio/voice/menu", twilio_voice.twilio_voice_menu, ("POST",)),
    ("/twilio/voice/ticket", twilio_voice.twilio_voice_ticket, ("POST",)),
    ("/twilio/voice/speech", twilio_voice.twilio_voice_speech, ("POST",)),
    ("/twilio/voice/recorded", twilio_voice.twilio_voice_recorded, ("POST",)),
    ("/twilio/voice/transcription", twilio_voice.twilio_voice_transcription, ("POST",)),
    ("/whatsapp", whatsapp.whatsapp_subscribe, ("GET",)),
    ("/whatsapp", whatsapp.whatsapp, ("POST",)),
    ("/meta", meta.meta_verify, ("GET",)),
    ("/meta", meta.meta_events, ("POST",)),
    ("/x", x.x_crc, ("GET",)),
    ("/x", x.x_activity, ("POST",)),
)

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")
for rule, view, methods in ROUTES:
    bp.add_url_rule(rule, view_func=view, methods=list(methods))
