"""Registry entries for the phone channels: SMS and WhatsApp through Twilio, the WhatsApp
Cloud API, and the voice IVR. ticketing.registry merges them in.

Routes (InboundEvent.channel) and what the stored payload is:
  "twilio"               the messaging webhook's form (SMS or WhatsApp) as a JSON object
  "twilio_status"        a message status callback's form
  "twilio_voice"         the <Record> action's form: one recorded complaint
  "twilio_transcription" the transcription callback's form
  "whatsapp_cloud"       the raw Cloud API webhook body (messages and/or statuses)

Twilio sends no timestamp, so the webhook adds RECEIVED_AT (when it stored the form) to
the object; it is not a Twilio parameter and is removed before parsing.

Channels (Identity.channel / Outbound.channel): "sms", "whatsapp" and "voice" share one
TwilioMessagingAdapter (voice needs it to download recordings and to answer callers by
SMS); "whatsapp_cloud" has the WhatsAppCloudAdapter."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from flask import current_app

from channels.base import InboundMessage

RECEIVED_AT = "_received_at"


def read_form(payload: str) -> tuple[dict[str, str], datetime | None]:
    """Returns (the Twilio parameters, when our webhook stored them) from a stored
    payload. Raises ValueError when it is not a JSON object."""
    data = json.loads(payload)
    if not isinstance(data, dict):
        raise ValueError("stored Twilio form is not a JSON object")
    stamp = data.pop(RECEIVED_AT, None)
    received = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    if received is not None and received.tzinfo is None:
        received = received.replace(tzinfo=UTC)
    return {str(key): str(value) for key, value in data.items()}, received


def recording_message(form: dict[str, str], received: datetime | None) -> InboundMessage:
    """Returns the "voice" message of a recorded complaint. The caller chose "make a
    complaint" in the menu, so it always opens a new ticket (command "baru").
    Raises ValueError without RecordingSid, RecordingUrl or From."""
    from channels.twilio_voice import normalize_recording

    return replace(normalize_recording(form, received_at=received), command="baru")


def _twilio_messages(payload: str) -> list[InboundMessage]:
    from channels.twilio_messaging import normalize

    form, received = read_form(payload)
    return normalize(form, received)


def _twilio_recording(payload: str) -> list[InboundMessage]:
    return [recording_message(*read_form(payload))]


def _twilio_status(payload: str) -> list[InboundMessage]:
    from channels.twilio_messaging import parse_status

    parse_status(read_form(payload)[0])  # readable? (applied by the handler)
    return []


def _twilio_transcription(payload: str) -> list[InboundMessage]:
    from channels.twilio_voice import parse_transcription

    parse_transcription(read_form(payload)[0])
    return []


def _whatsapp_cloud(payload: str) -> list[InboundMessage]:
    from channels.whatsapp_cloud import normalize, parse_statuses

    data = json.loads(payload)
    parse_statuses(data)  # readable? (applied by the handler)
    return normalize(data)


NORMALIZERS: dict[str, Callable[[str], list[InboundMessage]]] = {
    "twilio": _twilio_messages,
    "twilio_status": _twilio_status,
    "twilio_voice": _twilio_recording,
    "twilio_transcription": _twilio_transcription,
    "whatsapp_cloud": _whatsapp_cloud,
}


def _twilio_status_event(event: Any) -> str:
    from ticketing import phone_status

    return phone_status.twilio_event(event)


def _whatsapp_status_event(event: Any) -> str:
    from ticketing import phone_status

    return phone_status.whatsapp_event(event)


def _transcription_event(event: Any) -> str:
    from ticketing import voice

    return voice.transcription_event(event)


# Run after the event's messages were ingested, in the same transaction.
HANDLERS: dict[str, Callable[[Any], str]] = {
    "twilio_status": _twilio_status_event,
    "twilio_transcription": _transcription_event,
    "whatsapp_cloud": _whatsapp_status_event,
}


def status_callback_url(cfg: dict[str, Any]) -> str:
    """Returns the public URL Twilio posts delivery statuses to."""
    return cfg["PUBLIC_BASE_URL"].rstrip("/") + "/webhooks/twilio/status"


def _build_twilio(cfg: dict[str, Any]) -> Any:
    """One TwilioMessagingAdapter for sms, whatsapp and voice (None without credentials)."""
    from channels.twilio_messaging import TwilioMessagingAdapter

    if not (cfg["TWILIO_ACCOUNT_SID"] and cfg["TWILIO_AUTH_TOKEN"]):
        return None
    cache: dict[str, Any] = current_app.extensions.setdefault("adapters", {})
    if cache.get("_twilio") is None:
        cache["_twilio"] = TwilioMessagingAdapter(
            cfg["TWILIO_ACCOUNT_SID"],
            cfg["TWILIO_AUTH_TOKEN"],
            cfg["TWILIO_SMS_FROM"],
            cfg["TWILIO_WHATSAPP_FROM"],
            api_base_url=cfg["TWILIO_API_BASE_URL"] or None,
            status_callback=status_callback_url(cfg),
        )
    return cache["_twilio"]


def _build_whatsapp_cloud(cfg: dict[str, Any]) -> Any:
    from channels.whatsapp_cloud import WhatsAppCloudAdapter

    if not (cfg["WHATSAPP_ACCESS_TOKEN"] and cfg["WHATSAPP_PHONE_NUMBER_ID"]):
        return None
    return WhatsAppCloudAdapter(
        cfg["WHATSAPP_ACCESS_TOKEN"],
        cfg["WHATSAPP_PHONE_NUMBER_ID"],
        base_url=cfg["GRAPH_API_BASE_URL"],
    )


BUILDERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "sms": _build_twilio,
    "whatsapp": _build_twilio,
    "voice": _build_twilio,
    "whatsapp_cloud": _build_whatsapp_cloud,
}
